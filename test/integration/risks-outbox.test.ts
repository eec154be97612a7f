/**
 * When Teams does not take the ballot card during the chair's turn (503), the reply goes out
 * through the outbox; the round then learns its card's activity id from the sent item, and the
 * shared tally is kept up to date on that card.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../src/cards/verbs.js';
import { cardAction, groupChat, message, users } from '../helpers/activities.js';
import { cardOf, cardText, startHarness, type Harness } from '../helpers/bot-harness.js';

describe('ballot card handed to the outbox', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await h.post(message(h.fc.url, groupChat, users.anna, 'ny risiko Teknik: Forsinket certificering af lægesystemerne'));
  });
  afterAll(async () => h.close());

  it('records the card id once the outbox has sent it, and updates that card with later ballots', async () => {
    let refused = 0;
    h.fc.fault = (call) =>
      call.method === 'POST' && JSON.stringify(call.body ?? {}).includes('Risikoafstemning V1') && refused++ === 0 ? { status: 503 } : null;
    await h.post(message(h.fc.url, groupChat, users.anna, 'risikoafstemning'));
    await h.fc.waitFor(
      (calls) => calls.some((c) => c.method === 'POST' && c.status === 200 && cardText(cardOf(c)).includes('Risikoafstemning V1')),
      15_000,
    );
    h.fc.fault = null;
    await expect.poll(() => h.services.store.read().voteRounds[0].card?.activityId, { timeout: 5000 }).toBeTruthy();
    const cardId = h.services.store.read().voteRounds[0].card!.activityId;
    expect(
      h.fc.calls.filter((c) => c.method === 'POST' && cardText(cardOf(c)).includes('Risikoafstemning V1') && c.status === 200),
    ).toHaveLength(1);
    await h.post(cardAction(h.fc.url, groupChat, users.bent, VERBS.voteCast, { groupId: 'g1', roundId: 'V1', r_R1: 'red' }, cardId));
    await h.fc.waitFor(
      (calls) =>
        calls.some((c) => c.method === 'PUT' && c.activityId === cardId && cardText(cardOf(c)).includes('Stemmer afgivet: 1 af 5')),
      5000,
    );
  });
});
