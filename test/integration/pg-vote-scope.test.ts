/**
 * The ballot names its group (`store.update(fn, { groupId })`), end to end through the real bot on
 * PostgreSQL: while another group's commit holds its locks the click is answered at once (an
 * unscoped update would wait for the whole store); while its own group's commit holds them the
 * click waits, and is stored once that commit ends.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../src/cards/verbs.js';
import { beginSql, scopeOf } from '../../src/storage/pg/locks.js';
import { cardAction, groupChat, message, users } from '../helpers/activities.js';
import { startHarness, type Harness } from '../helpers/bot-harness.js';

const settlesWithin = <T>(p: Promise<T>, ms: number) =>
  Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe('ballots lock only their group on PostgreSQL', () => {
  let h: Harness;
  let ballotId: string;
  /** A connection in the middle of a commit scoped to `groupId`: the locks an instance takes. */
  const hold = async (groupId: string) => {
    const c = new pg.Client({ connectionString: h.storePath });
    await c.connect();
    await c.query(beginSql(scopeOf(groupId)));
    return { release: () => c.query('COMMIT').finally(() => c.end()) };
  };
  const click = (r1: string) =>
    h.post(cardAction(h.fc.url, groupChat, users.bent, VERBS.voteCast, { groupId: 'g1', roundId: 'V1', r_R1: r1 }, ballotId));
  const bentsR1 = () => h.services.store.read().voteRounds[0].ballots.find((b) => b.voter === users.bent.aadObjectId)?.choices.R1;

  beforeAll(async () => {
    h = await startHarness({ store: 'postgres', jobIntervalMs: 3_600_000 });
    await h.turn(message(h.fc.url, groupChat, users.anna, 'ny risiko Teknik: Forsinket certificering'));
    await h.turn(message(h.fc.url, groupChat, users.anna, 'risikoafstemning'));
    ballotId = h.services.store.read().voteRounds[0].card!.activityId;
    await new Promise((r) => setTimeout(r, 500)); // the outbox and the card updater settle
  });
  afterAll(async () => h.close());

  it('a click is answered while another group commits, and waits while its own group commits', async () => {
    const other = await hold('g-other');
    try {
      const first = click('red');
      expect(await settlesWithin(first, 5000)).toBe(true);
      expect((await first).status).toBe(200);
      expect(bentsR1()).toBe('red');
    } finally {
      await other.release();
    }

    const own = await hold('g1');
    const second = click('green');
    try {
      expect(await settlesWithin(second, 800)).toBe(false);
      expect(bentsR1()).toBe('red');
    } finally {
      await own.release();
    }
    expect((await second).status).toBe(200);
    expect(bentsR1()).toBe('green');
  });
});
