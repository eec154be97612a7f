/** The small card the two framework floors (a) and (b) answer every ballot with (~0.5 KB). */
export const SMALL_CARD = {
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body: [
    { type: 'TextBlock', text: 'Risikoafstemning V1', weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'TextBlock', text: 'Din stemme er registreret. Du kan ændre den indtil fristen.', wrap: true },
    {
      type: 'FactSet',
      facts: [
        { title: 'Stemmer afgivet', value: '23 af 50' },
        { title: 'Frist', value: 'mandag 16. juni kl. 14.00' },
      ],
    },
  ],
  actions: [{ type: 'Action.Execute', title: 'Opdatér', verb: 'vote.refresh', data: { groupId: 'g1', roundId: 'V1' } }],
} as const;

/** The invoke response body Teams expects for Action.Execute: the card that replaces the clicked one. */
export const SMALL_CARD_RESPONSE = { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: SMALL_CARD } as const;
