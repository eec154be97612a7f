/**
 * Time limits for connector calls made during a turn. Teams gives a turn about 15 s; a connector
 * that does not answer must not hold it, so every in-turn call is capped.
 */

/** In-turn sends are capped well under Teams' 15 s so a slow connector cannot hang a turn. */
export const REPLY_TIMEOUT_MS = 5000;

/**
 * `p`, or the error made by `onTimeout` when `p` has not settled within `ms`. The timer is cleared
 * as soon as `p` settles. `p` itself is not cancelled: a send may still arrive after the cap.
 */
export function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(onTimeout()), ms);
    }),
  ]);
}
