import { realTimers, type Timers } from './timing.js';

/**
 * Per-conversation send limiter for Teams' documented bot limits (per bot, per conversation):
 * 7 in 1 s, 8 in 2 s, 60 in 30 s, 1800 in an hour, all sliding windows. Staying under them
 * avoids most 429s, which Teams answers with growing penalties. Waiters for one conversation
 * are served in arrival order, so messages keep their order.
 */

export interface RateWindow {
  limit: number;
  ms: number;
}

export const TEAMS_WINDOWS: readonly RateWindow[] = [
  { limit: 7, ms: 1_000 },
  { limit: 8, ms: 2_000 },
  { limit: 60, ms: 30_000 },
  { limit: 1800, ms: 3_600_000 },
];

export interface RateLimiter {
  /** Resolves when a send to this conversation may start (and counts it); rejects if `signal` aborts. */
  acquire(conversationId: string, signal?: AbortSignal): Promise<void>;
  /** No sends to this conversation for `ms` (Teams' Retry-After); never shortens a pause. */
  pause(conversationId: string, ms: number): void;
  /** How long an acquire would wait now (0 = free), for tests and diagnostics. */
  waitMs(conversationId: string): number;
  /** Conversations currently tracked (memory bound check). */
  size(): number;
}

export interface RateLimiterOptions {
  windows?: readonly RateWindow[];
  timers?: Timers;
  /** Longest pause honoured, so a bogus Retry-After cannot silence a conversation for days. */
  maxPauseMs?: number;
}

interface ConvState {
  /** Start times of recent sends, oldest first; never older than the longest window. */
  stamps: number[];
  pausedUntil: number;
  /** The tail of the FIFO chain of acquires for this conversation. */
  tail: Promise<void>;
  waiters: number;
}

export function createRateLimiter(opts: RateLimiterOptions = {}): RateLimiter {
  const windows = [...(opts.windows ?? TEAMS_WINDOWS)].sort((a, b) => a.ms - b.ms);
  const longest = windows[windows.length - 1]?.ms ?? 0;
  const maxStamps = Math.max(0, ...windows.map((w) => w.limit));
  const timers = opts.timers ?? realTimers;
  const maxPauseMs = opts.maxPauseMs ?? 3_600_000;
  const convs = new Map<string, ConvState>();
  let lastSweep = timers.now();

  const state = (id: string): ConvState => {
    let s = convs.get(id);
    if (!s) convs.set(id, (s = { stamps: [], pausedUntil: 0, tail: Promise.resolve(), waiters: 0 }));
    return s;
  };

  const prune = (s: ConvState, now: number) => {
    let drop = 0;
    while (drop < s.stamps.length && s.stamps[drop] <= now - longest) drop++;
    // Only the newest `maxStamps` can ever matter to any window.
    drop = Math.max(drop, s.stamps.length - maxStamps);
    if (drop > 0) s.stamps.splice(0, drop);
  };

  /** Earliest wait until every window has room (a send at `now + wait` stays within limits). */
  const waitFor = (s: ConvState, now: number): number => {
    let until = s.pausedUntil;
    for (const w of windows) {
      const n = s.stamps.length;
      // The window (t - w.ms, t] must hold fewer than `limit` stamps: wait until the
      // limit-th newest one has left it.
      if (n >= w.limit) until = Math.max(until, s.stamps[n - w.limit] + w.ms);
    }
    return Math.max(0, until - now);
  };

  /** Forget conversations with nothing in any window, no pause and nobody waiting. */
  const sweep = (now: number) => {
    if (now - lastSweep < Math.min(longest, 60_000)) return;
    lastSweep = now;
    for (const [id, s] of convs) {
      prune(s, now);
      if (s.stamps.length === 0 && s.pausedUntil <= now && s.waiters === 0) convs.delete(id);
    }
  };

  return {
    acquire(conversationId, signal) {
      sweep(timers.now());
      const s = state(conversationId);
      s.waiters++;
      const turn = s.tail.then(async () => {
        signal?.throwIfAborted();
        // Re-check after every sleep: a pause may have been added meanwhile.
        for (let wait = waitFor(s, timers.now()); wait > 0; wait = waitFor(s, timers.now())) {
          await timers.sleep(wait, signal);
          prune(s, timers.now());
        }
        s.stamps.push(timers.now());
        prune(s, timers.now());
      });
      const done = () => {
        s.waiters--;
      };
      // The next waiter queues behind this one whether it succeeds or is aborted.
      s.tail = turn.then(done, done);
      return turn;
    },
    pause(conversationId, ms) {
      const s = state(conversationId);
      s.pausedUntil = Math.max(s.pausedUntil, timers.now() + Math.min(Math.max(0, ms), maxPauseMs));
    },
    waitMs(conversationId) {
      const s = convs.get(conversationId);
      return s ? waitFor(s, timers.now()) : 0;
    },
    size: () => convs.size,
  };
}
