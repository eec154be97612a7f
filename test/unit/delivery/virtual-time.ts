import type { Clock } from '../../../src/app/ports.js';
import { abortError, type Timers } from '../../../src/delivery/timing.js';

/**
 * Virtual time for the delivery tests. `manual`: sleepers wake only when the test calls
 * `advance(ms)`. `auto`: a sleep moves the clock forward itself and resolves at once, so code
 * that waits for rate limits or Retry-After runs instantly but sees the time it waited.
 */
export interface VirtualTime extends Timers {
  clock: Clock;
  set(ms: number): void;
  advance(ms: number): Promise<void>;
  sleepers(): number;
  /** Total virtual time slept (auto mode). */
  slept: number;
}

export function virtualTime(mode: 'manual' | 'auto', start = Date.UTC(2026, 2, 2, 8, 0, 0)): VirtualTime {
  let t = start;
  const waiting: { at: number; resolve: () => void }[] = [];
  const settle = () => new Promise<void>((r) => setImmediate(r));
  const vt: VirtualTime = {
    slept: 0,
    now: () => t,
    clock: { now: () => new Date(t) },
    set: (ms) => void (t = ms),
    sleepers: () => waiting.length,
    sleep(ms, signal) {
      if (signal?.aborted) return Promise.reject(abortError());
      if (mode === 'auto') {
        t += Math.max(0, ms);
        vt.slept += Math.max(0, ms);
        return Promise.resolve();
      }
      return new Promise<void>((resolve, reject) => {
        const w = { at: t + Math.max(0, ms), resolve };
        waiting.push(w);
        signal?.addEventListener('abort', () => {
          const i = waiting.indexOf(w);
          if (i < 0) return; // already woken
          waiting.splice(i, 1);
          reject(abortError());
        });
      });
    },
    async advance(ms) {
      const until = t + ms;
      await settle();
      for (;;) {
        waiting.sort((a, b) => a.at - b.at);
        const next = waiting[0];
        if (!next || next.at > until) break;
        waiting.shift();
        t = Math.max(t, next.at);
        next.resolve();
        await settle();
      }
      t = until;
      await settle();
    },
  };
  return vt;
}
