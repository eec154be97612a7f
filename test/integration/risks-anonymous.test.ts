/**
 * Anonymous risk vote rounds and comments per risk, over HTTP with the real bot and the fake
 * Bot Connector (issue #14): "risikoafstemning anonym" opens a round whose ballots are filed under
 * a keyed hash, never a name or id — in the store, the audit trail, cards, the CLI, the result
 * and an escalation — while one ballot per person, changing it, the count of who has voted and the
 * nudge list still work. A comment belongs to the risk it was written about.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { votesJson } from '../../src/cli/risks.js';
import { nonVoters } from '../../src/app/reminders.js';
import { VERBS } from '../../src/cards/verbs.js';
import { cardAction, groupChat, message, users } from '../helpers/activities.js';
import { cardOf, cardText, invokeCard, startHarness, type Harness } from '../helpers/bot-harness.js';

const ids = [users.anna, users.bent, users.carsten, users.dorthe].flatMap((u) => [u.id, u.aadObjectId, u.name]);

/** Every string in a value that names one of the voters. */
function namesIn(value: unknown): string[] {
  const json = JSON.stringify(value);
  return ids.filter((id) => json.includes(id));
}

describe('anonymous risk vote: nobody can learn who voted what; who has voted still works', () => {
  let h: Harness;
  let ballotId: string;
  const cast = (who: typeof users.bent, data: Record<string, string>) =>
    h.turn(cardAction(h.fc.url, groupChat, who, VERBS.voteCast, { groupId: 'g1', roundId: 'V1', ...data }, ballotId));

  /** The chair opens anonymous round V1 on R1 and R2; its ballot card (posted once) is the one clicked. */
  async function openAnonymousRound() {
    const r = await h.turn(message(h.fc.url, groupChat, users.anna, 'risikoafstemning R1 R2 anonym'));
    ballotId = h.services.store.read().voteRounds[0].card!.activityId;
    return cardOf(r.sent[0]);
  }
  /** Bent and Carsten vote, Bent changes his mind; the answer to Bent's second ballot is returned. */
  async function castBallots() {
    await cast(users.bent, { r_R1: 'red', r_R2: 'green', c_R1: 'Leverandøren har meldt forsinkelse.' });
    await cast(users.carsten, { r_R1: 'yellow', r_R2: 'green', c_R2: 'Udbredelsen går fint.' });
    // Bent changes his mind: still one ballot for him.
    return cast(users.bent, { r_R1: 'yellow', r_R2: 'green', c_R1: 'Leverandøren har meldt forsinkelse.' });
  }

  // Each test starts from a fresh group with three risks and no round.
  beforeEach(async () => {
    h = await startHarness();
    for (const text of [
      'ny risiko Teknik: Forsinket certificering',
      'ny risiko Udbredelse: For få praksisser',
      'ny risiko Økonomi: Budgettet',
    ])
      await h.turn(message(h.fc.url, groupChat, users.anna, text));
  });
  afterEach(async () => h.close());

  it('the chair opens it with "risikoafstemning anonym"; the ballot says so and says who sees what', async () => {
    const card = await openAnonymousRound();
    const text = cardText(card);
    expect(text).toContain('Anonym risikoafstemning V1');
    expect(text).toContain('Anonym afstemning: ingen – heller ikke formanden – kan se, hvem der stemte hvad.');
    const round = h.services.store.read().voteRounds[0];
    expect(round).toMatchObject({ id: 'V1', anonymous: true, riskIds: ['R1', 'R2'] });
    // Without STYREBOT_VOTE_KEY the group got its own key, once.
    expect(h.services.store.read().groups[0].voteKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('ballots are stored under a keyed hash: no id or name in the round, its audit entries or votes --json', async () => {
    await openAnonymousRound();
    const again = await castBallots();
    const db = h.services.store.read();
    const round = db.voteRounds[0];
    expect(round.ballots).toHaveLength(2);
    for (const b of round.ballots) {
      expect(b.voter).toMatch(/^anon:[0-9a-f]{32}$/);
      expect(b.voterName).toBe('');
      expect(b.activityKey).toBeNull();
    }
    expect(namesIn({ ...round, openedBy: '' })).toEqual([]); // the chair opened it: that is no secret
    const castAudit = db.audit.filter((a) => a.action === 'vote.cast');
    expect(castAudit).toHaveLength(3);
    expect(namesIn(castAudit)).toEqual([]);
    const listed = votesJson(db);
    expect(listed[0]).toMatchObject({ id: 'V1', anonymous: true });
    for (const b of listed[0].ballots) expect(Object.keys(b).sort()).toEqual(['at', 'choices']);
    // The voter still gets their own summary, found by their hash.
    const mine = invokeCard(again.body);
    expect(cardText(mine)).toContain('Din stemme er registreret');
    expect(cardText(mine)).toContain('Din kommentar til R1: Leverandøren har meldt forsinkelse.');
    expect(cardText(mine)).toContain('Stemmer afgivet: 2 af');
  });

  it('while open nobody sees counts per colour; the chair sees who has not voted (never what anyone voted)', async () => {
    await openAnonymousRound();
    await castBallots();
    const chair = invokeCard(
      (await h.post(cardAction(h.fc.url, groupChat, users.anna, VERBS.voteClose, { groupId: 'g1', roundId: 'V1', review: true }, ballotId)))
        .body,
    );
    const text = cardText(chair);
    expect(text).toMatch(/Har ikke stemt endnu \(\d\): .*Anna Holm/);
    expect(text).toContain('Dorthe Kjær');
    expect(text).not.toContain('Bent Lund');
    expect(text).not.toMatch(/Grøn \d · Gul \d · Rød \d/);
    // The nudge goes to exactly those who have not voted.
    const db = h.services.store.read();
    const missing = nonVoters(db.groups[0], db.voteRounds[0]).map((m) => m.name);
    expect(missing).toContain('Anna Holm');
    expect(missing).toContain('Dorthe Kjær');
    expect(missing).not.toContain('Bent Lund');
    expect(missing).not.toContain('Carsten Vang');
  });

  it('after closing: the tally and median as before, comments per risk without names, in the result and the escalation', async () => {
    await openAnonymousRound();
    await castBallots();
    await h.post(cardAction(h.fc.url, groupChat, users.anna, VERBS.voteClose, { groupId: 'g1', roundId: 'V1' }, ballotId));
    const db = h.services.store.read();
    expect(db.voteRounds[0].result).toEqual({ R1: 'yellow', R2: 'green' });
    expect(db.risks.find((r) => r.id === 'R1')!.history.at(-1)!.tally).toEqual({ green: 0, yellow: 2, red: 0 });
    const isResult = (c: (typeof h.fc.calls)[number]) =>
      c.method === 'POST' && cardText(cardOf(c)).includes('Resultat af risikoafstemning V1');
    await h.fc.waitFor((calls) => calls.some(isResult), 5000);
    const resultText = cardText(cardOf(h.fc.calls.find(isResult)));
    expect(resultText).toContain('R1: “Leverandøren har meldt forsinkelse.”');
    expect(resultText).toContain('R2: “Udbredelsen går fint.”');
    expect(namesIn(resultText).filter((n) => n !== users.anna.name)).toEqual([]); // Anna only as the one who closed
    // The chair's closed view has no names per colour.
    const closed = invokeCard(
      (await h.post(cardAction(h.fc.url, groupChat, users.anna, VERBS.voteRefresh, { groupId: 'g1', roundId: 'V1' }, ballotId))).body,
    );
    expect(cardText(closed)).not.toContain('Bent Lund');
    expect(cardText(closed)).toContain('R1: “Leverandøren har meldt forsinkelse.”');
    // An escalation of R1 carries only R1's comment, without a name.
    await h.turn(message(h.fc.url, groupChat, users.anna, 'ny risiko Teknik: Reserve'));
    await h.services.store.update((db2) => {
      db2.groups[0].escalationTarget = {
        conversation: { ...db2.groups[0].conversation, conversationId: '19:board' },
        setBy: 'aad-anna',
        at: '2025-01-01T00:00:00Z',
        name: 'DAP-styregruppen',
      };
    });
    const confirm = cardOf((await h.turn(message(h.fc.url, groupChat, users.anna, 'eskaler R1 Forsinkelsen rammer udrulningen'))).sent[0]);
    expect(cardText(confirm)).toContain('Leverandøren har meldt forsinkelse.');
    expect(cardText(confirm)).not.toContain('Udbredelsen går fint.');
  });
});
