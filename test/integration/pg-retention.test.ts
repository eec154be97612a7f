/**
 * Retention on PostgreSQL: the daily sweep also forgets the shared-card update slots nobody used
 * for an hour (a missing slot is a free one), so the table holds only cards being updated now.
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openPgStore, type PgStore } from '../../src/storage/index.js';
import { createRetentionSweep } from '../../src/scheduler/retention.js';
import { createTestDatabase, dropTestDatabase } from '../helpers/pg-server.js';

describe('retention on PostgreSQL', () => {
  let url: string;
  let store: PgStore;
  const sql = async (text: string) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return await c.query(text);
    } finally {
      await c.end();
    }
  };
  beforeEach(async () => {
    url = await createTestDatabase('pgretention');
    store = await openPgStore({ url, pollMs: 0 });
  });
  afterEach(async () => {
    await store.close();
    await dropTestDatabase(url);
  });

  it('the sweep forgets card slots idle for an hour, keeps recent ones, and an old card can be claimed again', async () => {
    for (const card of ['conv|old-1', 'conv|old-2', 'conv|recent', 'conv|now'])
      expect(await store.shared.claimCardSlot(card, 2000)).toBe(0);
    await sql(`UPDATE styrebot_card_slots SET last_at = clock_timestamp() - interval '2 hours' WHERE card LIKE 'conv|old-%'`);
    await sql(`UPDATE styrebot_card_slots SET last_at = clock_timestamp() - interval '50 minutes' WHERE card = 'conv|recent'`);

    const sweep = createRetentionSweep({ store, days: 400 });
    // Nothing in the document is due: the sweep writes nothing there, but still prunes the slots.
    const seq = store.read().seq;
    expect(await sweep.run(new Date())).toEqual({ outbox: 0, jobs: 0, reminders: 0 });
    expect(store.read().seq).toBe(seq);
    const { rows } = await sql('SELECT card FROM styrebot_card_slots ORDER BY card');
    expect(rows.map((r) => r.card)).toEqual(['conv|now', 'conv|recent']);
    expect(await store.shared.claimCardSlot('conv|old-1', 2000)).toBe(0);
    expect(await store.shared.claimCardSlot('conv|now', 2000)).toBeGreaterThan(0);
  });
});
