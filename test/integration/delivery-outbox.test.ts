import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Clock, Store } from '../../src/app/ports.js';
import { createConnectorHttp } from '../../src/delivery/connector-http.js';
import { enqueue } from '../../src/delivery/outbox.js';
import { createOutboxSender } from '../../src/delivery/outbox-sender.js';
import { createRateLimiter } from '../../src/delivery/rate-limiter.js';
import type { ConversationRef } from '../../src/domain/model.js';
import { memoryStore } from '../../src/storage/memory-store.js';
import { openPgStore, type PgStore } from '../../src/storage/pg/pg-store.js';
import { startFakeConnector, type Fault, type FakeConnector, type RecordedCall } from '../helpers/fake-connector.js';
import { createTestDatabase, dropTestDatabase } from '../helpers/pg-server.js';
import { tinyStore } from '../helpers/tiny-store-delivery.js';
import { virtualTime } from '../unit/delivery/virtual-time.js';

let fc: FakeConnector;
beforeAll(async () => void (fc = await startFakeConnector()));
afterAll(() => fc.close());
beforeEach(() => fc.reset());

// STYREBOT_TEST_STORE=postgres (pg-delivery-outbox.test.ts): every case runs on a PostgreSQL store
// of its own, with the outbox claims and leases of a shared store.
const onPostgres = process.env.STYREBOT_TEST_STORE === 'postgres';
const LEASE_MS = 1000;
const opened: { store: PgStore; url: string }[] = [];
afterEach(async () => {
  for (const { store, url } of opened.splice(0)) {
    await store.close();
    await dropTestDatabase(url);
  }
});

const THROTTLED = new Set([429, 412, 503]);
const ref = (conversationId: string, serviceUrl = fc.url): ConversationRef => ({
  serviceUrl,
  channelId: 'msteams',
  conversationId,
  conversationType: 'groupChat',
  tenantId: 't',
  botId: '28:bot',
  botName: 'styrebot',
});
const postsOf = (text: string) => fc.posts().filter((c) => c.body?.text === text);

/** The guarantee: apart from POSTs Teams refused (429/412/503), a message reached the connector at most once. */
function expectAtMostOnce(texts: string[]) {
  for (const text of texts) {
    const counted = postsOf(text).filter((c) => !THROTTLED.has(c.status));
    expect(counted.length, `${text}: ${postsOf(text).map((c) => c.status)}`).toBeLessThanOrEqual(1);
  }
}

/** Answers each message's n-th POST from its script; unscripted POSTs succeed. */
function scripted(script: Record<string, Fault[]>) {
  const seen = new Map<string, number>();
  return (call: RecordedCall): Fault | null => {
    const text = call.body?.text;
    if (call.method !== 'POST' || !text) return null;
    const n = seen.get(text) ?? 0;
    seen.set(text, n + 1);
    return script[text]?.[n] ?? null;
  };
}

async function rig(makeStore: (clock: Clock) => Store = tinyStore, timeoutMs = 300) {
  const vt = virtualTime('auto');
  let store: Store;
  if (onPostgres) {
    const url = await createTestDatabase('outbox');
    // A second sender over the same store stands for a restarted instance, whose claims count as
    // interrupted once their lease ran out: a short lease of virtual time here (the lease itself:
    // pg-outbox-lease.test.ts).
    const pgStore = await openPgStore({ url, clock: vt.clock, pollMs: 0, claimLeaseMs: LEASE_MS });
    opened.push({ store: pgStore, url });
    store = pgStore;
  } else store = makeStore(vt.clock);
  const limiter = createRateLimiter({ timers: vt });
  const connector = createConnectorHttp({ getToken: async () => null, timeoutMs });
  const newSender = () => createOutboxSender({ store, http: connector, limiter, clock: vt.clock, baseDelayMs: 200, maxAttempts: 6 });
  const add = (conv: ConversationRef, ...texts: string[]) =>
    store.update((db, tx) =>
      texts.map((text) => enqueue(db, tx, { groupId: 'g1', conversation: conv, activity: { text }, purpose: 'test' }).id),
    );
  const status = (id: string) => store.read().outbox.find((o) => o.id === id)!.status;
  /** Drain repeatedly, letting virtual time pass for backoffs and Retry-After. */
  const settle = async (sender: ReturnType<typeof newSender>, rounds = 12) => {
    for (let i = 0; i < rounds; i++) {
      await sender.drain();
      vt.set(vt.now() + 10_000);
    }
  };
  return { vt, store, newSender, add, status, settle };
}

describe('outbox against the fake connector: at most once', () => {
  const stores: [string, (c: Clock) => Store][] = onPostgres
    ? [['postgres', tinyStore]] // rig() opens the PostgreSQL store
    : [
        ['tiny store', tinyStore],
        ['memoryStore', (c: Clock) => memoryStore(undefined, c)],
      ];
  for (const [storeName, makeStore] of stores) {
    it(`429 (with/without Retry-After), 412, 503, 502, 504, timeout and a dropped connection (${storeName})`, async () => {
      fc.fault = scripted({
        'm-429-ra': [
          { status: 429, headers: { 'retry-after': '2' } },
          { status: 429, headers: { 'retry-after': '1' } },
        ],
        'm-429': [{ status: 429 }, { status: 429 }],
        'm-412': [{ status: 412 }],
        'm-503': [{ status: 503 }],
        'm-502': [{ status: 502 }],
        'm-504': [{ status: 504 }],
        'm-hang': [{ hang: true }],
        'm-drop': [{ destroy: true }],
      });
      const { add, status, newSender, settle } = await rig(makeStore);
      const texts = ['m-429-ra', 'm-429', 'm-412', 'm-503', 'm-502', 'm-504', 'm-hang', 'm-drop'];
      const ok = Array.from({ length: 12 }, (_, i) => `m-ok-${i}`);
      const ids = new Map<string, string>();
      for (const [i, text] of [...texts, ...ok].entries()) ids.set(text, (await add(ref(`19:chat-${i % 3}`), text))[0]);
      const sender = newSender();
      await settle(sender);

      expectAtMostOnce([...texts, ...ok]);
      for (const t of ['m-429-ra', 'm-429', 'm-412', 'm-503', ...ok]) {
        expect(status(ids.get(t)!), t).toBe('sent');
        expect(
          postsOf(t).filter((c) => c.status === 200),
          t,
        ).toHaveLength(1);
      }
      for (const t of ['m-502', 'm-504', 'm-hang', 'm-drop']) {
        expect(status(ids.get(t)!), t).toBe('uncertain');
        expect(postsOf(t), t).toHaveLength(1); // counted although answered 502/504 or never
      }
      expect(postsOf('m-429-ra').map((c) => c.status)).toEqual([429, 429, 200]);
      expect(sender.counts()).toEqual({ queued: 0, sending: 0, sent: 16, failed: 0, uncertain: 4 });

      // Only the chair's explicit retry sends an uncertain message again — once.
      await sender.retryUncertain(ids.get('m-504')!, 'aad-chair');
      await settle(sender, 3);
      expect(postsOf('m-504').map((c) => c.status)).toEqual([504, 200]);
      expect(postsOf('m-hang')).toHaveLength(1);
      await sender.stop();
    });
  }

  it('a restart while a POST is in flight: the new sender marks it uncertain and never re-sends it', async () => {
    // The first POST answers only after the client gave up (timeout) — Teams has it anyway.
    fc.fault = scripted({ 'm-slow': [{ delayMs: 800 }] });
    const { add, status, newSender, settle } = await rig(tinyStore, 300);
    const [slow] = await add(ref('19:a'), 'm-slow');
    const before = newSender();
    const running = before.drain();
    await fc.waitFor((calls) => calls.some((c) => c.body?.text === 'm-slow'));
    expect(status(slow)).toBe('sending');

    // "Restart": a new sender over the same store while the item is `sending`.
    const after = newSender();
    const [next] = await add(ref('19:a'), 'm-next');
    await settle(after, 3);
    expect(status(slow)).toBe('uncertain');
    expect(status(next)).toBe('sent');
    await running; // the old sender's timeout must not put it back in the queue
    await settle(after, 3);
    expect(status(slow)).toBe('uncertain');
    await new Promise((r) => setTimeout(r, 600)); // the late 200 arrives at the fake
    expect(postsOf('m-slow')).toHaveLength(1);
    expectAtMostOnce(['m-slow', 'm-next']);
    await Promise.all([before.stop(), after.stop()]);
  });

  it('a send that succeeds after a restart marked it uncertain is recorded as sent', async () => {
    fc.fault = scripted({ 'm-late': [{ delayMs: 300 }] });
    const { add, status, newSender, vt } = await rig(tinyStore, 2000);
    const [id] = await add(ref('19:b'), 'm-late');
    const first = newSender();
    const running = first.drain();
    await fc.waitFor((calls) => calls.some((c) => c.body?.text === 'm-late'));
    vt.set(vt.now() + LEASE_MS); // the restart comes after a shared store's claim lease
    await newSender().recover();
    expect(status(id)).toBe('uncertain');
    await running;
    expect(status(id)).toBe('sent');
    expect(postsOf('m-late')).toHaveLength(1);
  });

  it('a chat throttled for a while: every message arrives once, in order', async () => {
    let throttled = 3;
    fc.fault = (c) => (c.method === 'POST' && throttled-- > 0 ? { status: 429, headers: { 'retry-after': '1' } } : null);
    const { add, newSender, settle } = await rig();
    const texts = Array.from({ length: 10 }, (_, i) => `t-${i}`);
    await add(ref('19:busy'), ...texts);
    await settle(newSender());
    const delivered = fc
      .posts('19:busy')
      .filter((c) => c.status === 200)
      .map((c) => c.body.text);
    expect(delivered).toEqual(texts);
    expect(fc.posts('19:busy')).toHaveLength(13);
  });

  it('connection refused is retried with backoff (nothing was sent), then failed after maxAttempts', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const { add, newSender, settle, store } = await rig();
    const [id] = await add(ref('19:c', `http://127.0.0.1:${port}`), 'm-refused');
    await settle(newSender(), 10);
    expect(store.read().outbox.find((o) => o.id === id)).toMatchObject({
      status: 'failed',
      attempts: 6,
      lastError: expect.stringContaining('ECONNREFUSED'),
    });
  });
});
