/**
 * Outbox claims across instances: an instance that dies while sending leaves its claim; another
 * instance leaves it alone while the lease runs (it may still be sending), then marks it
 * uncertain — and never sends it again on its own.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOutboxSender } from '../../src/delivery/outbox-sender.js';
import { enqueue } from '../../src/delivery/outbox.js';
import { createRateLimiter } from '../../src/delivery/rate-limiter.js';
import { openPgStore, type PgStore } from '../../src/storage/index.js';
import { createTestDatabase, dropTestDatabase } from '../helpers/pg-server.js';
import { conv, fixedClock } from '../unit/storage/fixtures.js';

describe('outbox claims shared by instances on PostgreSQL', () => {
  let url: string;
  const stores: PgStore[] = [];
  beforeEach(async () => {
    url = await createTestDatabase('lease');
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close().catch(() => {});
    await dropTestDatabase(url);
  });

  it('a peer does not take over a claim before its lease ends, then marks it uncertain without sending', async () => {
    const clock = fixedClock('2026-05-01T10:00:00.000Z');
    const a = await openPgStore({ url, clock, pollMs: 0, claimLeaseMs: 60_000 });
    const b = await openPgStore({ url, clock, pollMs: 0, claimLeaseMs: 60_000 });
    stores.push(a, b);
    const [id] = await a.update((db, tx) => [
      enqueue(db, tx, { groupId: null, conversation: conv('19:x'), activity: { type: 'message', text: 'Hej' }, purpose: 'test' }).id,
    ]);

    // Instance A claims the item and "dies" during the POST (it never answers).
    let aPosts = 0;
    const senderA = createOutboxSender({
      store: a,
      clock,
      limiter: createRateLimiter(),
      http: { send: () => (aPosts++, new Promise(() => {})) },
    });
    void senderA.drain();
    await b.refresh();
    const until = Date.now() + 5000;
    while (b.read().outbox[0].status !== 'sending' && Date.now() < until) await b.refresh();
    expect(b.read().outbox[0]).toMatchObject({
      id,
      status: 'sending',
      claimedBy: a.shared.instanceId,
      claimedAt: '2026-05-01T10:00:00.000Z',
    });
    // B can see A's committed claim before A's sender has got round to its POST.
    while (aPosts === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    expect(aPosts).toBe(1);

    // Instance B, starting and draining while the lease runs: leaves it alone, sends nothing.
    let bPosts = 0;
    const senderB = createOutboxSender({
      store: b,
      clock,
      limiter: createRateLimiter(),
      http: { send: async () => (bPosts++, { id: 'act-b' }) },
    });
    await senderB.drain();
    clock.set('2026-05-01T10:00:59.000Z');
    await senderB.drain();
    expect(b.read().outbox[0].status).toBe('sending');

    // The lease is over: B marks it uncertain (the chair decides), and still never posts it.
    clock.set('2026-05-01T10:01:01.000Z');
    await senderB.drain();
    await b.refresh();
    expect(b.read().outbox[0]).toMatchObject({ status: 'uncertain', lastError: expect.stringContaining('claim expired') });
    expect(b.read().audit.map((e) => e.action)).toContain('outbox.interrupted');
    await senderB.drain();
    expect(bPosts).toBe(0);
    await senderB.stop();
    void senderA.stop(); // its POST never returns: the dead instance
  });
});
