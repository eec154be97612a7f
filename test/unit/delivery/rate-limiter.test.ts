import { describe, expect, it } from 'vitest';
import { createRateLimiter, TEAMS_WINDOWS } from '../../../src/delivery/rate-limiter.js';
import { virtualTime } from './virtual-time.js';

/** Starts `n` acquires at once and records when each one was granted (virtual ms from start). */
async function grantTimes(n: number, runForMs: number, windows = TEAMS_WINDOWS, stepMs = 250) {
  const vt = virtualTime('manual', 0);
  const limiter = createRateLimiter({ timers: vt, windows });
  const times: number[] = [];
  const order: number[] = [];
  for (let i = 0; i < n; i++) void limiter.acquire('conv').then(() => (times.push(vt.now()), order.push(i)));
  await vt.advance(0);
  for (let done = 0; done < runForMs; done += Math.min(stepMs, runForMs - done)) await vt.advance(Math.min(stepMs, runForMs - done));
  return { times, order, limiter, vt };
}

/** The largest number of grants inside any sliding window (t - ms, t]. */
function maxInWindow(times: number[], ms: number) {
  let max = 0;
  for (const end of times) max = Math.max(max, times.filter((x) => x > end - ms && x <= end).length);
  return max;
}

describe('rate limiter (Teams per-conversation limits)', () => {
  it('grants 7 at once, then holds the 8th until the first second has passed', async () => {
    const { times } = await grantTimes(8, 999);
    expect(times).toEqual([0, 0, 0, 0, 0, 0, 0]);
    const later = await grantTimes(8, 1000);
    expect(later.times).toEqual([0, 0, 0, 0, 0, 0, 0, 1000]);
  });

  it('allows at most 8 in any 2 s: the 9th waits for the 2 s window', async () => {
    const { times } = await grantTimes(9, 2000);
    expect(times.slice(7)).toEqual([1000, 2000]);
    expect(maxInWindow(times, 2000)).toBeLessThanOrEqual(8);
  });

  it('allows at most 60 in any 30 s and keeps every window over a long burst', async () => {
    const { times } = await grantTimes(130, 70_000);
    expect(times).toHaveLength(130);
    expect(maxInWindow(times, 1000)).toBeLessThanOrEqual(7);
    expect(maxInWindow(times, 2000)).toBeLessThanOrEqual(8);
    expect(maxInWindow(times, 30_000)).toBe(60);
    // The 61st cannot start before the first has left the 30 s window.
    expect(times[60]).toBeGreaterThanOrEqual(30_000);
  });

  it('enforces 1800 per hour: the 1801st waits for the hour, though 60/30 s would allow it', async () => {
    const { times } = await grantTimes(1801, 3_700_000, TEAMS_WINDOWS, 60_000);
    expect(times).toHaveLength(1801);
    expect(times[1799]).toBeLessThan(1_000_000);
    expect(times[1800]).toBeGreaterThanOrEqual(3_600_000);
    expect(maxInWindow(times, 3_600_000)).toBe(1800);
  });

  it('grants in request order, so messages to one conversation keep their order', async () => {
    const { order } = await grantTimes(20, 10_000);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('keeps conversations independent', async () => {
    const vt = virtualTime('manual', 0);
    const limiter = createRateLimiter({ timers: vt });
    for (let i = 0; i < 7; i++) await limiter.acquire('a');
    let got = false;
    void limiter.acquire('b').then(() => (got = true));
    await vt.advance(0);
    expect(got).toBe(true);
    expect(limiter.waitMs('a')).toBe(1000);
  });

  it('waits on a timer, not a loop: a blocked acquire leaves one sleeper and no CPU work', async () => {
    const vt = virtualTime('manual', 0);
    const limiter = createRateLimiter({ timers: vt });
    for (let i = 0; i < 7; i++) await limiter.acquire('a');
    void limiter.acquire('a');
    void limiter.acquire('a');
    await vt.advance(0);
    expect(vt.sleepers()).toBe(1);
  });

  it('pause (Retry-After) holds the conversation, and a shorter pause does not shorten it', async () => {
    const vt = virtualTime('manual', 0);
    const limiter = createRateLimiter({ timers: vt });
    limiter.pause('a', 5000);
    limiter.pause('a', 1000);
    let at = -1;
    void limiter.acquire('a').then(() => (at = vt.now()));
    await vt.advance(4999);
    expect(at).toBe(-1);
    await vt.advance(1);
    expect(at).toBe(5000);
  });

  it('a pause that arrives while an acquire is sleeping is honoured when it wakes', async () => {
    const vt = virtualTime('manual', 0);
    const limiter = createRateLimiter({ timers: vt });
    for (let i = 0; i < 7; i++) await limiter.acquire('a');
    let at = -1;
    void limiter.acquire('a').then(() => (at = vt.now()));
    await vt.advance(500);
    limiter.pause('a', 3000);
    await vt.advance(3000);
    expect(at).toBe(3500);
  });

  it('caps an absurd Retry-After at maxPauseMs', async () => {
    const vt = virtualTime('manual', 0);
    const limiter = createRateLimiter({ timers: vt, maxPauseMs: 60_000 });
    limiter.pause('a', 40 * 24 * 3600_000);
    expect(limiter.waitMs('a')).toBe(60_000);
  });

  it('an aborted acquire rejects and lets the next waiter through', async () => {
    const vt = virtualTime('manual', 0);
    const limiter = createRateLimiter({ timers: vt });
    for (let i = 0; i < 7; i++) await limiter.acquire('a');
    const ac = new AbortController();
    const first = limiter.acquire('a', ac.signal);
    let second = false;
    void limiter.acquire('a').then(() => (second = true));
    await vt.advance(100);
    ac.abort();
    await expect(first).rejects.toThrow(/aborted/);
    await vt.advance(900);
    expect(second).toBe(true);
  });

  it('forgets idle conversations (memory stays bounded)', async () => {
    const vt = virtualTime('manual', 0);
    const limiter = createRateLimiter({ timers: vt });
    for (let i = 0; i < 500; i++) await limiter.acquire(`conv-${i}`);
    expect(limiter.size()).toBe(500);
    vt.set(3_600_001 + 60_000);
    await limiter.acquire('fresh');
    expect(limiter.size()).toBe(1);
  });
});
