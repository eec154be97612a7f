/**
 * Security log: refused attempts (permission denied, forged payloads) as JSON lines in
 * `<store>.security.log`, kept apart from the domain data so that noise from an attacker can
 * never grow or corrupt the store, and so it can be shipped/rotated on its own.
 *
 * Synchronous append (O_APPEND): entries are rare, and each line is then complete on disk in
 * the order events happened, even if the process dies right after.
 */
import { appendFileSync } from 'node:fs';
import type { SecurityLog } from '../app/ports.js';

export const securityLogPathFor = (storePath: string) => `${storePath}.security.log`;

/** Cap on free-text fields: a forged payload must not be able to flood the log. */
const MAX_FIELD = 2000;

const clip = (v: unknown) => (typeof v === 'string' && v.length > MAX_FIELD ? `${v.slice(0, MAX_FIELD)}…` : v);

/**
 * `logPath` is the log file itself (use `securityLogPathFor(storePath)`). Failing to append
 * must not break the request being refused, so errors go to `onError` (default: stderr).
 */
export function fileSecurityLog(logPath: string, onError: (err: unknown) => void = (err) => console.error('security log append failed', err)): SecurityLog {
  return {
    record(entry) {
      const safe = Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, clip(v)]));
      // JSON.stringify escapes newlines, so one entry is always exactly one line.
      try {
        appendFileSync(logPath, JSON.stringify(safe) + '\n', { mode: 0o600, flag: 'a' });
      } catch (err) {
        onError(err);
      }
    },
  };
}
