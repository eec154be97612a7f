/**
 * Reading an Adaptive Card's JSON in tests: every element, action and input wherever it sits
 * (body, containers, ActionSets, card-level actions, the cards inside Action.ShowCard).
 */

/** A card element or action, as far as the tests read it. */
export type CardNode = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every object in a card, depth first (the card itself first). */
export function cardNodes(card: unknown): CardNode[] {
  const out: CardNode[] = [];
  const walk = (n: unknown): void => {
    if (!n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    out.push(n as CardNode);
    Object.values(n).forEach(walk);
  };
  walk(card);
  return out;
}

/** Every action of a card (Action.Execute, Action.ShowCard, Action.OpenUrl, …), in card order. */
export const actionsOf = (card: unknown): CardNode[] =>
  cardNodes(card).filter((n) => typeof n.type === 'string' && n.type.startsWith('Action.'));

/** Every input of a card (Input.Text, Input.ChoiceSet, …), in card order. */
export const inputsOf = (card: unknown): CardNode[] =>
  cardNodes(card).filter((n) => typeof n.type === 'string' && n.type.startsWith('Input.'));

/** All text in a card (TextBlocks, facts, choice and button titles, labels, placeholders), for "is it on the card" assertions. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  for (const n of cardNodes(card))
    for (const k of ['text', 'title', 'value', 'label', 'placeholder']) if (typeof n[k] === 'string') out.push(n[k]);
  // Cards keep "2. Titel" with a no-break space (see renderCard); tests read it as a space.
  return out.join('\n').replace(/\u00a0/g, ' ');
}
