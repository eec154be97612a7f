/**
 * Security log: refused attempts (permission denied, forged payloads) as JSON lines in
 * `<store>.security.log`, kept apart from the domain data so that noise from an attacker can
 * never grow or corrupt the store, and so it can be shipped/rotated on its own.
 *
 * Synchronous append (O_APPEND): entries are rare, and each line is then complete on disk in
 * the order events happened, even if the process dies right after. The file is bounded: past
 * `maxBytes` it is renamed to `<log>.1` (replacing the previous one) and a new file is begun, so
 * the log never holds more than about twice `maxBytes`. Anonymous, unauthenticated refusals (a
 * guessed `/files/…` token) go through `sampledSecurityLog`, so a flood writes a few lines a
 * minute, not one per request.
 */
import { appendFileSync, renameSync, statSync } from 'node:fs';
import type { SecurityLog } from '../app/ports.js';

export const securityLogPathFor = (storePath: string) => `${storePath}.security.log`;

/** Cap on free-text fields: a forged payload must not be able to flood the log. */
const MAX_FIELD = 2000;
/** Size at which the log is rotated to `<log>.1`. */
export const SECURITY_LOG_MAX_BYTES = 5 * 1024 * 1024;

const clip = (v: unknown) => (typeof v === 'string' && v.length > MAX_FIELD ? `${v.slice(0, MAX_FIELD)}…` : v);

export interface FileSecurityLogOptions {
  /** Rotate once the file would grow past this many bytes (default 5 MB). */
  maxBytes?: number;
}

/**
 * `logPath` is the log file itself (use `securityLogPathFor(storePath)`). Failing to append
 * must not break the request being refused, so errors go to `onError` (default: stderr).
 */
export function fileSecurityLog(
  logPath: string,
  onError: (err: unknown) => void = (err) => console.error('security log append failed', err),
  options: FileSecurityLogOptions = {},
): SecurityLog {
  const maxBytes = options.maxBytes ?? SECURITY_LOG_MAX_BYTES;
  /** Bytes in the current file; read once, then counted (this process is the only writer). */
  let size: number | null = null;
  const currentSize = (): number => {
    if (size === null) {
      try {
        size = statSync(logPath).size;
      } catch {
        size = 0;
      }
    }
    return size;
  };
  return {
    record(entry) {
      const safe = Object.fromEntries(Object.entries(entry).map(([k, v]) => [k, clip(v)]));
      // JSON.stringify escapes newlines, so one entry is always exactly one line.
      const line = JSON.stringify(safe) + '\n';
      const bytes = Buffer.byteLength(line);
      try {
        if (currentSize() > 0 && currentSize() + bytes > maxBytes) {
          renameSync(logPath, `${logPath}.1`);
          size = 0;
        }
        appendFileSync(logPath, line, { mode: 0o600, flag: 'a' });
        size = currentSize() + bytes;
      } catch (err) {
        size = null;
        onError(err);
      }
    },
  };
}

export interface SampleOptions {
  /** Entries of one code written per window; the rest are counted (default 20). */
  perWindow?: number;
  /** Window length (default one minute). */
  windowMs?: number;
  /** Current time in ms (the bot's clock, so tests can move it). */
  now: () => number;
}

export interface SampledSecurityLog extends SecurityLog {
  /** Writes the summary lines of windows that had suppressed entries (also done lazily and by a timer). */
  flush(): void;
}

/**
 * Per code, the first `perWindow` entries of each window are written as they come; later ones in
 * the same window are only counted, and one summary line (`<code>_suppressed`, with the count)
 * is written when the window is over: on the next entry of that code, on `flush()`, or by an
 * unref'd timer, so a flood that stops is still accounted for.
 */
export function sampledSecurityLog(inner: SecurityLog, opts: SampleOptions): SampledSecurityLog {
  const perWindow = opts.perWindow ?? 20;
  const windowMs = opts.windowMs ?? 60_000;
  const windows = new Map<string, { start: number; written: number; suppressed: number }>();
  let timer: NodeJS.Timeout | null = null;

  const summarise = (code: string, w: { start: number; suppressed: number }) => {
    if (w.suppressed === 0) return;
    inner.record({
      at: new Date(w.start + windowMs).toISOString(),
      actor: null,
      code: `${code}_suppressed`,
      detail: `${w.suppressed} more ${code} not logged in the ${Math.round(windowMs / 1000)} s from ${new Date(w.start).toISOString()}`,
    });
    w.suppressed = 0;
  };
  const flushEnded = (now: number, all: boolean) => {
    for (const [code, w] of windows) {
      if (all || now - w.start >= windowMs) {
        summarise(code, w);
        windows.delete(code);
      }
    }
  };
  const arm = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      flushEnded(opts.now(), false);
      if ([...windows.values()].some((w) => w.suppressed > 0)) arm();
    }, windowMs);
    timer.unref();
  };

  return {
    record(entry) {
      const now = opts.now();
      const w0 = windows.get(entry.code);
      if (w0 && now - w0.start >= windowMs) {
        summarise(entry.code, w0);
        windows.delete(entry.code);
      }
      let w = windows.get(entry.code);
      if (!w) {
        // Bounded: codes are a small fixed set, and ended windows are dropped.
        if (windows.size >= 64) flushEnded(now, false);
        w = { start: now, written: 0, suppressed: 0 };
        windows.set(entry.code, w);
      }
      if (w.written < perWindow) {
        w.written++;
        inner.record(entry);
      } else {
        w.suppressed++;
        arm();
      }
    },
    flush() {
      flushEnded(opts.now(), true);
    },
  };
}
