import { describe, expect, it } from 'vitest';
import { createCardUpdater } from '../../../src/delivery/card-updater.js';
import { ConnectorError } from '../../../src/delivery/connector-http.js';
import { createRateLimiter } from '../../../src/delivery/rate-limiter.js';
import type { ConversationRef } from '../../../src/domain/model.js';
import { virtualTime } from './virtual-time.js';
import { conversation } from '../../helpers/builders.js';

const ref = (conversationId = 'c1'): ConversationRef => conversation(conversationId, { serviceUrl: 'http://x', botId: 'b' });

/** A stub connector: records PUTs at virtual time; `answers` scripts failures in order. */
function setup(answers: (ConnectorError | null)[] = [], opts: { maxAttempts?: number } = {}) {
  const vt = virtualTime('manual', 0);
  const puts: { at: number; conv: string; id: string; state: unknown }[] = [];
  const http = {
    async update(r: ConversationRef, id: string, activity: Record<string, unknown>) {
      puts.push({ at: vt.now(), conv: r.conversationId, id, state: activity.state });
      const a = answers.shift();
      if (a) throw a;
    },
  };
  const limiter = createRateLimiter({ timers: vt });
  const updater = createCardUpdater({ http, limiter, timers: vt, random: () => 0.5, baseDelayMs: 1000, ...opts });
  return { vt, puts, updater, limiter };
}

const err = (status: number, kind: 'retryable' | 'uncertain' | 'fatal', retryAfterMs: number | null = null) =>
  new ConnectorError({ kind, status, message: `${status}`, retryAfterMs });

describe('card updater', () => {
  it('coalesces 50 rapid updates into at most one PUT per 2 s, the last carrying the latest state', async () => {
    const { vt, puts, updater } = setup();
    let state = 0;
    let builds = 0;
    for (let i = 1; i <= 50; i++) {
      state = i;
      updater.schedule(ref(), 'card-1', () => (builds++, { state }));
      await vt.advance(100);
    }
    await vt.advance(10_000);
    expect(puts.length).toBeGreaterThanOrEqual(2);
    expect(puts.length).toBeLessThanOrEqual(4); // 5 s of clicks: t=0, 2000, 4000, 6000 at most
    for (let i = 1; i < puts.length; i++) expect(puts[i].at - puts[i - 1].at).toBeGreaterThanOrEqual(2000);
    expect(puts.at(-1)!.state).toBe(50);
    expect(builds).toBe(puts.length); // built lazily, only when a PUT goes out
    expect(updater.stats()).toMatchObject({ scheduled: 50, sent: puts.length, pending: 0 });
  });

  it('sends the first update at once and keeps cards independent', async () => {
    const { vt, puts, updater } = setup();
    updater.schedule(ref(), 'a', () => ({ state: 'a1' }));
    updater.schedule(ref(), 'b', () => ({ state: 'b1' }));
    await vt.advance(0);
    expect(puts.map((p) => p.id)).toEqual(['a', 'b']);
  });

  it('an update requested during an in-flight PUT goes out after the interval with the newest build', async () => {
    const { vt, puts, updater } = setup();
    let state = 1;
    updater.schedule(ref(), 'a', () => ({ state }));
    state = 2;
    updater.schedule(ref(), 'a', () => ({ state }));
    state = 3;
    await vt.advance(1999);
    expect(puts.map((p) => p.state)).toEqual([1]);
    await vt.advance(1);
    expect(puts.map((p) => p.state)).toEqual([1, 3]);
  });

  it('honours 429 Retry-After: retries after it, and pauses the conversation for other sends', async () => {
    const { vt, puts, updater, limiter } = setup([err(429, 'retryable', 5000)]);
    updater.schedule(ref(), 'a', () => ({ state: 1 }));
    await vt.advance(0);
    expect(limiter.waitMs('c1')).toBe(5000);
    await vt.advance(4999);
    expect(puts).toHaveLength(1);
    await vt.advance(1);
    expect(puts).toHaveLength(2);
    expect(updater.stats()).toMatchObject({ sent: 1, retried: 1 });
  });

  it('retries 412/503 and uncertain answers (a PUT is idempotent) with growing backoff', async () => {
    const { vt, puts, updater } = setup([err(412, 'retryable'), err(503, 'retryable'), err(504, 'uncertain')]);
    updater.schedule(ref(), 'a', () => ({ state: 1 }));
    await vt.advance(60_000);
    expect(puts).toHaveLength(4);
    const gaps = puts.slice(1).map((p, i) => p.at - puts[i].at);
    // random 0.5 → 75 % of 1 s, 2 s, 4 s; never under the 2 s card interval.
    expect(gaps).toEqual([2000, 2000, 3000]);
    expect(updater.stats()).toMatchObject({ sent: 1, retried: 3, dropped: 0 });
  });

  it('drops after maxAttempts, and a later change sends the full state again', async () => {
    const { vt, puts, updater } = setup([err(503, 'retryable'), err(503, 'retryable'), err(503, 'retryable')], { maxAttempts: 3 });
    updater.schedule(ref(), 'a', () => ({ state: 1 }));
    await vt.advance(60_000);
    expect(puts).toHaveLength(3);
    expect(updater.stats().dropped).toBe(1);
    updater.schedule(ref(), 'a', () => ({ state: 2 }));
    await vt.advance(0);
    expect(puts.map((p) => p.state)).toEqual([1, 1, 1, 2]);
  });

  it('does not retry a fatal answer (e.g. the message was deleted)', async () => {
    const { vt, puts, updater } = setup([err(404, 'fatal')]);
    updater.schedule(ref(), 'a', () => ({ state: 1 }));
    await vt.advance(60_000);
    expect(puts).toHaveLength(1);
    expect(updater.stats().dropped).toBe(1);
  });

  it('a card that fails to build is dropped without a PUT', async () => {
    const { vt, puts, updater } = setup();
    updater.schedule(ref(), 'a', () => {
      throw new Error('template broken');
    });
    await vt.advance(0);
    expect(puts).toHaveLength(0);
    expect(updater.stats().dropped).toBe(1);
  });

  it('flush sends what is waiting now, without waiting out the interval', async () => {
    const { vt, puts, updater } = setup();
    updater.schedule(ref(), 'a', () => ({ state: 1 }));
    await vt.advance(0);
    updater.schedule(ref(), 'a', () => ({ state: 2 }));
    updater.schedule(ref(), 'b', () => ({ state: 'b' }));
    await updater.flush();
    expect(puts.map((p) => p.state)).toEqual([1, 'b', 2]);
    expect(updater.stats().pending).toBe(0);
  });

  it('flush does not wait out a long Retry-After: the update is dropped and logged', async () => {
    const { vt, puts, updater, limiter } = setup();
    limiter.pause('c1', 60_000);
    updater.schedule(ref(), 'a', () => ({ state: 1 }));
    await vt.advance(0);
    await updater.flush();
    expect(puts).toHaveLength(0);
    expect(updater.stats()).toMatchObject({ dropped: 1, pending: 0 });
  });

  it('goes through the rate limiter: PUTs to one conversation stay within 7 per second', async () => {
    const { vt, puts, updater } = setup();
    for (let i = 0; i < 20; i++) updater.schedule(ref(), `card-${i}`, () => ({ state: i }));
    await vt.advance(10_000);
    expect(puts).toHaveLength(20);
    for (const p of puts) expect(puts.filter((q) => q.at > p.at - 1000 && q.at <= p.at).length).toBeLessThanOrEqual(7);
  });
});
