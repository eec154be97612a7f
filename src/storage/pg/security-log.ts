/**
 * The security log in PostgreSQL (`styrebot_security_log`), for instances that share no disk.
 * `record` stays synchronous for its callers: the insert runs in the background, and a failure
 * goes to `onError`, never to the request being refused.
 */
import type pg from 'pg';
import type { SecurityLog } from '../../app/ports.js';

const MAX_FIELD = 2000;
const clip = (v: unknown) => (typeof v === 'string' && v.length > MAX_FIELD ? `${v.slice(0, MAX_FIELD)}…` : v);

export function pgSecurityLog(
  pool: pg.Pool,
  onError: (err: unknown) => void = (err) => console.error('security log insert failed', err),
): SecurityLog & { flush(): Promise<void> } {
  const inFlight = new Set<Promise<unknown>>();
  return {
    record(entry) {
      const safe = Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, clip(v)]));
      const at = typeof entry.at === 'string' && !Number.isNaN(Date.parse(entry.at)) ? entry.at : new Date().toISOString();
      const p = pool
        .query('INSERT INTO styrebot_security_log (at, entry) VALUES ($1, $2::json)', [at, JSON.stringify(safe)])
        .catch(onError)
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
    },
    async flush() {
      await Promise.all([...inFlight]);
    },
  };
}
