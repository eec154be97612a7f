/**
 * A round closes at its deadline through the persisted due-job and the job runner (fake clock):
 * nothing before, the median result after, in the history with the meeting's date.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VERBS } from '../../src/cards/verbs.js';
import { cardAction, groupChat, message, users } from '../helpers/activities.js';
import { cardOf, cardText, startHarness, type Harness } from '../helpers/bot-harness.js';
import { meetingOf } from '../helpers/risk-world.js';

// Generous: on a loaded CI machine the PostgreSQL run of this suite (pg-risks-deadline) has needed over 5 s.
async function until(check: () => boolean, ms = 20_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('closing a round at its deadline (job runner, fake clock)', () => {
  let h: Harness;
  let t: number;
  let ballotId: string;
  /** The tick just after the deadline, waited out until the round is closed and its job done. */
  async function closeAtDeadline() {
    t = Date.parse('2025-06-12T12:00:30.000Z');
    h.services.kickJobs();
    await until(() => h.services.store.read().voteRounds[0].status === 'closed');
    await until(() => h.services.store.read().jobs.find((j) => j.kind === 'vote.close')?.status === 'done');
  }

  // Each test starts from the same open round with four ballots, two days before its deadline.
  beforeEach(async () => {
    t = Date.parse('2025-06-10T08:00:00.000Z');
    h = await startHarness({ clock: { now: () => new Date(t) } });
    await h.services.store.update((db) => {
      db.meetings.push(meetingOf('g1', 2, '2025-06-12', '12:30', '14:00', 'planned'));
      db.groups[0].counters.meeting = 2;
    });
    await h.post(message(h.fc.url, groupChat, users.anna, 'ny risiko Teknik: Forsinket certificering af lægesystemerne'));
    await h.post(message(h.fc.url, groupChat, users.bent, 'ny risiko Udbredelse: For få praksisser'));
    await h.post(message(h.fc.url, groupChat, users.anna, 'risikoafstemning'));
    ballotId = h.services.store.read().voteRounds[0].card!.activityId;
    for (const [who, r1] of [
      [users.bent, 'red'],
      [users.carsten, 'yellow'],
      [users.dorthe, 'yellow'],
      [users.gustav, 'green'],
    ] as const) {
      await h.post(
        cardAction(h.fc.url, groupChat, who, VERBS.voteCast, { groupId: 'g1', roundId: 'V1', r_R1: r1, r_R2: 'green' }, ballotId),
      );
    }
  });
  afterEach(async () => h.close());

  it('the round runs until the end of the next meeting, with a persisted close job', () => {
    const db = h.services.store.read();
    expect(db.voteRounds[0]).toMatchObject({ deadline: '2025-06-12T12:00:00.000Z', meeting: 2, status: 'open' });
    expect(db.jobs.filter((j) => j.kind === 'vote.close')).toEqual([
      expect.objectContaining({ dueAt: '2025-06-12T12:00:00.000Z', status: 'pending', payload: { groupId: 'g1', roundId: 'V1' } }),
    ]);
  });

  it('a tick before the deadline leaves the round open', async () => {
    t = Date.parse('2025-06-12T11:59:00.000Z');
    h.services.kickJobs();
    await new Promise((r) => setTimeout(r, 300));
    expect(h.services.store.read().voteRounds[0].status).toBe('open');
  });

  it('the tick after the deadline closes it as system: median per risk, history with the meeting date, result for everyone', async () => {
    t = Date.parse('2025-06-12T12:00:30.000Z');
    const callsBefore = h.fc.calls.length;
    h.services.kickJobs();
    await until(() => h.services.store.read().voteRounds[0].status === 'closed');
    const db = h.services.store.read();
    expect(db.voteRounds[0]).toMatchObject({
      closedBy: 'system',
      closedAt: '2025-06-12T12:00:30.000Z',
      result: { R1: 'yellow', R2: 'green' },
    });
    // green, yellow, yellow, red: the two middle votes are yellow.
    expect(db.risks[0].history).toEqual([
      { date: '2025-06-12', rating: 'yellow', tally: { green: 1, yellow: 2, red: 1 }, disagreement: true, round: 'V1', meeting: 2 },
    ]);
    await until(() => h.services.store.read().jobs.find((j) => j.kind === 'vote.close')?.status === 'done');
    await h.fc.waitFor((calls) => calls.slice(callsBefore).some((c) => c.method === 'PUT' && c.activityId === ballotId));
    await h.fc.waitFor((calls) =>
      calls.slice(callsBefore).some((c) => c.method === 'POST' && cardText(cardOf(c)).includes('Resultat af risikoafstemning V1')),
    );
    const result = cardText(cardOf(h.fc.calls.slice(callsBefore).find((c) => c.method === 'POST')));
    expect(result).toContain('Lukket ved fristen');
    expect(
      cardText(
        cardOf(
          h.fc
            .puts(groupChat.id)
            .filter((c) => c.activityId === ballotId)
            .at(-1),
        ),
      ),
    ).toContain('Resultat: Gul');
  });

  it('a later tick does not close it again, and a ballot is refused', async () => {
    await closeAtDeadline();
    const before = JSON.stringify(h.services.store.read().voteRounds);
    t += 3_600_000;
    h.services.kickJobs();
    await new Promise((r) => setTimeout(r, 300));
    expect(JSON.stringify(h.services.store.read().voteRounds)).toBe(before);
    const late = await h.post(
      cardAction(h.fc.url, groupChat, users.bent, VERBS.voteCast, { groupId: 'g1', roundId: 'V1', r_R1: 'green' }, ballotId),
    );
    expect(late.body.value).toContain('er lukket');
  });
});
