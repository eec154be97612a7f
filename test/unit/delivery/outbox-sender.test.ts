import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../src/delivery/connector-http.js';
import { enqueue } from '../../../src/delivery/outbox.js';
import { createOutboxSender, type OutboxSenderOptions } from '../../../src/delivery/outbox-sender.js';
import { createRateLimiter } from '../../../src/delivery/rate-limiter.js';
import type { ConversationRef, OutboxItem } from '../../../src/domain/model.js';
import { isAppError } from '../../../src/errors.js';
import { tinyStore } from '../../helpers/tiny-store-delivery.js';
import { virtualTime } from './virtual-time.js';
import { conversation } from '../../helpers/builders.js';

const conv = (conversationId: string): ConversationRef => conversation(conversationId, { serviceUrl: 'http://x', botId: 'b' });
const err = (status: number, kind: 'retryable' | 'uncertain' | 'fatal', retryAfterMs: number | null = null) =>
  new ConnectorError({ kind, status, message: `HTTP ${status}`, retryAfterMs });
type Answer = Error | { id: string } | (() => Promise<{ id: string }>);

/** Auto-advancing virtual time; the stub connector answers from `script[text]` (a list per message). */
function setup(script: Record<string, Answer[]> = {}, over: Partial<OutboxSenderOptions> = {}) {
  const vt = virtualTime('auto');
  const store = tinyStore(vt.clock);
  const sends: { at: number; conv: string; text: string }[] = [];
  let n = 0;
  const http = {
    async send(ref: ConversationRef, activity: Record<string, unknown>) {
      const text = String(activity.text);
      sends.push({ at: vt.now(), conv: ref.conversationId, text });
      const a = script[text]?.shift();
      if (a instanceof Error) throw a;
      if (typeof a === 'function') return a();
      return a ?? { id: `act-${++n}` };
    },
  };
  const limiter = createRateLimiter({ timers: vt });
  const sentHook: [string, string][] = [];
  const undelivered: string[] = [];
  const sender = createOutboxSender({
    store,
    http,
    limiter,
    clock: vt.clock,
    random: () => 0.5,
    onSent: (item, id) => void sentHook.push([item.id, id]),
    onUndelivered: (item) => void undelivered.push(`${item.id}:${item.status}`),
    ...over,
  });
  const add = (c: string, ...texts: string[]) =>
    store.update((db, tx) =>
      texts.map((text) => enqueue(db, tx, { groupId: 'g1', conversation: conv(c), activity: { text }, purpose: 'test' }).id),
    );
  const item = (id: string) => store.read().outbox.find((o) => o.id === id) as OutboxItem;
  return { vt, store, sends, sender, add, item, sentHook, undelivered, limiter };
}

describe('outbox sender', () => {
  it('sends a queued item, records Teams’ activity id, and calls onSent', async () => {
    const { sender, add, item, sentHook } = setup({ hello: [{ id: 'teams-1' }] });
    const [id] = await add('c1', 'hello');
    await sender.drain();
    expect(item(id)).toMatchObject({ status: 'sent', activityId: 'teams-1', attempts: 1, lastError: null });
    expect(item(id).sentAt).not.toBeNull();
    expect(sentHook).toEqual([[id, 'teams-1']]);
    expect(sender.counts()).toEqual({ queued: 0, sending: 0, sent: 1, failed: 0, uncertain: 0 });
  });

  it('keeps order per conversation and stays within 7 per second', async () => {
    const { sender, add, sends } = setup();
    await add('c1', ...Array.from({ length: 20 }, (_, i) => `a${i}`));
    await add('c2', 'b0', 'b1');
    await sender.drain();
    const a = sends.filter((s) => s.conv === 'c1');
    expect(a.map((s) => s.text)).toEqual(Array.from({ length: 20 }, (_, i) => `a${i}`));
    for (const s of a) expect(a.filter((x) => x.at > s.at - 1000 && x.at <= s.at).length).toBeLessThanOrEqual(7);
    expect(sends.filter((s) => s.conv === 'c2')).toHaveLength(2);
  });

  it('429 with Retry-After: re-queued for exactly then, later messages of that chat wait, others go on', async () => {
    const { vt, sender, add, item, sends } = setup({ first: [err(429, 'retryable', 3000)] });
    const [first, second] = await add('c1', 'first', 'second');
    await add('c2', 'other');
    const t0 = vt.now();
    await sender.drain();
    expect(item(first)).toMatchObject({ status: 'queued', attempts: 1, nextAttemptAt: new Date(t0 + 3000).toISOString() });
    expect(item(second).status).toBe('queued');
    expect(sends.map((s) => s.text).sort()).toEqual(['first', 'other']);
    await sender.drain(); // not due yet
    expect(sends).toHaveLength(2);
    vt.set(t0 + 3000);
    await sender.drain();
    expect(sends.map((s) => s.text)).toEqual(expect.arrayContaining(['first', 'second']));
    expect(sends.slice(2).map((s) => s.text)).toEqual(['first', 'second']);
    expect(sender.counts().sent).toBe(3);
  });

  for (const [name, e] of [
    ['429 without Retry-After', err(429, 'retryable')],
    ['412', err(412, 'retryable')],
    ['503', err(503, 'retryable')],
    ['connection refused', err(0, 'retryable')],
  ] as const) {
    it(`${name}: exponential backoff with jitter, then failed after maxAttempts`, async () => {
      const { vt, sender, add, item, sends, undelivered } = setup({ m: Array(10).fill(e) }, { maxAttempts: 4, baseDelayMs: 500 });
      const [id] = await add('c1', 'm');
      const delays: number[] = [];
      for (let i = 0; i < 4; i++) {
        const before = vt.now();
        await sender.drain();
        if (item(id).status === 'queued') {
          delays.push(Date.parse(item(id).nextAttemptAt) - before);
          vt.set(Date.parse(item(id).nextAttemptAt));
        }
      }
      expect(delays).toEqual([375, 750, 1500]); // random 0.5 → 3/4 of 500·2^(n-1)
      expect(item(id)).toMatchObject({ status: 'failed', attempts: 4, lastError: expect.stringContaining(`HTTP ${e.status}`) });
      expect(sends).toHaveLength(4);
      expect(undelivered).toEqual([`${id}:failed`]);
    });
  }

  for (const [name, e] of [
    ['502', err(502, 'uncertain')],
    ['504', err(504, 'uncertain')],
    ['timeout', err(0, 'uncertain')],
    ['an unexpected exception', new Error('bug')],
  ] as const) {
    it(`${name}: uncertain, never re-sent by later drains, re-sent once after retryUncertain`, async () => {
      const { vt, sender, add, item, sends, store } = setup({ m: [e] });
      const [id] = await add('c1', 'm');
      await sender.drain();
      expect(item(id).status).toBe('uncertain');
      for (let i = 0; i < 3; i++) {
        vt.set(vt.now() + 3_600_000);
        await sender.drain();
      }
      expect(sends).toHaveLength(1);
      await sender.retryUncertain(id, 'aad-chair');
      expect(store.read().audit.at(-1)).toMatchObject({ actor: 'aad-chair', action: 'outbox.retry_uncertain', target: id });
      await sender.drain();
      await sender.drain();
      expect(sends).toHaveLength(2);
      expect(item(id).status).toBe('sent');
    });
  }

  it('after a 502 the next message of the chat still goes; after a timeout it waits for the next drain', async () => {
    const { sender, add, item } = setup({ a: [err(502, 'uncertain')], c: [err(0, 'uncertain')] });
    const [a, b] = await add('c1', 'a', 'b');
    const [c, d] = await add('c2', 'c', 'd');
    await sender.drain();
    expect([item(a).status, item(b).status, item(c).status, item(d).status]).toEqual(['uncertain', 'sent', 'uncertain', 'queued']);
    await sender.drain();
    expect(item(d).status).toBe('sent');
  });

  it('fatal: failed at once, no retry, the next message goes', async () => {
    const { sender, add, item, sends } = setup({ a: [err(403, 'fatal')] });
    const [a, b] = await add('c1', 'a', 'b');
    await sender.drain();
    await sender.drain();
    expect([item(a).status, item(b).status]).toEqual(['failed', 'sent']);
    expect(sends).toHaveLength(2);
  });

  it('an item found `sending` at startup becomes uncertain and is not sent', async () => {
    const { sender, add, item, sends, store, undelivered } = setup();
    const [id] = await add('c1', 'm');
    await store.update((db) => void (db.outbox[0].status = 'sending'));
    await sender.drain();
    expect(item(id).status).toBe('uncertain');
    expect(sends).toHaveLength(0);
    expect(undelivered).toEqual([`${id}:uncertain`]);
  });

  it('does not send when the claim cannot be written', async () => {
    const { sender, add, item, sends, store } = setup();
    const [id] = await add('c1', 'm');
    await sender.recover();
    store.failWrites = new Error('disk full');
    await sender.drain();
    expect(sends).toHaveLength(0);
    store.failWrites = null;
    expect(item(id).status).toBe('queued');
  });

  it('a throwing onSent hook does not undo the sent state', async () => {
    const { sender, add, item } = setup(
      {},
      {
        onSent: () => {
          throw new Error('caller bug');
        },
      },
    );
    const [id] = await add('c1', 'm');
    await sender.drain();
    expect(item(id).status).toBe('sent');
  });

  it('concurrent drains send each item once', async () => {
    const { sender, add, sends } = setup();
    await add('c1', 'a', 'b', 'c');
    await Promise.all([sender.drain(), sender.drain(), sender.drain()]);
    expect(sends.map((s) => s.text)).toEqual(['a', 'b', 'c']);
  });

  it('stop waits for a send in flight, then drains no more', async () => {
    let release!: () => void;
    const { sender, add, item, sends } = setup({ a: [() => new Promise((r) => (release = () => r({ id: 'late' })))] });
    const [a] = await add('c1', 'a');
    const draining = sender.drain();
    while (!release) await new Promise((r) => setImmediate(r));
    let stopped = false;
    const stopping = sender.stop().then(() => (stopped = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(stopped).toBe(false);
    release();
    await stopping;
    await draining;
    expect(item(a)).toMatchObject({ status: 'sent', activityId: 'late' });
    await add('c1', 'b');
    await sender.drain();
    expect(sends).toHaveLength(1);
  });

  it('kick drains soon after an enqueue; start polls and picks up due retries', async () => {
    const { sender, add, item, vt } = setup({ b: [err(503, 'retryable')] }, { baseDelayMs: 10 });
    const [a] = await add('c1', 'a');
    sender.kick();
    const until = Date.now() + 2000;
    while (item(a).status !== 'sent' && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    expect(item(a).status).toBe('sent');
    const [b] = await add('c1', 'b');
    sender.start(30);
    while (item(b).status !== 'queued' || item(b).attempts === 0) await new Promise((r) => setTimeout(r, 5));
    vt.set(vt.now() + 1000);
    while (item(b).status !== 'sent' && Date.now() < until + 2000) await new Promise((r) => setTimeout(r, 5));
    await sender.stop();
    expect(item(b)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('leaves a chat under a long rate-limit wait for a later drain instead of holding a worker', async () => {
    const { vt, sender, add, item, limiter } = setup({}, { concurrency: 1 });
    limiter.pause('c1', 60_000); // e.g. a long Retry-After seen by the card updater
    const [held] = await add('c1', 'held');
    const [free] = await add('c2', 'free');
    await sender.drain();
    expect(vt.slept).toBe(0);
    expect([item(held).status, item(free).status]).toEqual(['queued', 'sent']);
    vt.set(vt.now() + 60_000);
    await sender.drain();
    expect(item(held)).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('retryUncertain and dismiss refuse items in other states', async () => {
    const { sender, add } = setup();
    const [id] = await add('c1', 'a');
    await expect(sender.retryUncertain(id, 'x')).rejects.toSatisfy((e) => isAppError(e, 'outbox_wrong_status'));
    await expect(sender.dismiss(id, 'x')).rejects.toSatisfy((e) => isAppError(e, 'outbox_wrong_status'));
  });
});
