/**
 * Time, logging and backoff shared by the delivery modules. Time is injected so the rate
 * limiter, card updater and outbox sender can be tested on a virtual clock.
 */

export interface Timers {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`; rejects with an AbortError when `signal` aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Node fires timers longer than ~24.8 days at once, so long waits are slept in chunks. */
const MAX_CHUNK_MS = 60 * 60 * 1000;

export const realTimers: Timers = {
  now: () => Date.now(),
  async sleep(ms, signal) {
    let left = Math.max(0, ms);
    do {
      const chunk = Math.min(left, MAX_CHUNK_MS);
      await sleepOnce(chunk, signal);
      left -= chunk;
    } while (left > 0);
  },
};

function sleepOnce(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function abortError(): Error {
  const err = new Error('aborted');
  err.name = 'AbortError';
  return err;
}

/** The subset of pino the delivery code uses (`log.warn({ ... }, 'message')`). */
export interface DeliveryLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const nullLog: DeliveryLog = { info: () => {}, warn: () => {}, error: () => {} };

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random. Never near
 * zero (so a throttled conversation really gets a pause), and spread so that many items
 * throttled at once do not come back in the same instant.
 */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exp = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exp / 2 + random() * (exp / 2));
}
