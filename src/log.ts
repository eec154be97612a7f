import { createRequire } from 'node:module';
import pino, { type Logger } from 'pino';

export type { Logger };

export type LogFormat = 'json' | 'pretty';

/**
 * Human-readable lines for a person at a terminal (`npm start` in development): pino-pretty,
 * written synchronously in this thread (no transport worker). A dev dependency, so an install
 * without dev dependencies falls back to JSON rather than failing.
 */
function prettyStream(): pino.DestinationStream | null {
  try {
    const pretty = createRequire(import.meta.url)('pino-pretty') as (opts: object) => pino.DestinationStream;
    return pretty({ sync: true, colorize: process.stdout.isTTY === true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,app' });
  } catch {
    return null;
  }
}

/** Structured JSON logs (pino, the default and what production gets): fast enough to stay on in the card-click hot path. */
export function createLogger(level = 'info', destination?: pino.DestinationStream, format: LogFormat = 'json'): Logger {
  const out = destination ?? (format === 'pretty' ? (prettyStream() ?? undefined) : undefined);
  return pino({ level, base: { app: 'styrebot' }, redact: ['*.password', '*.MicrosoftAppPassword', '*.token'] }, out);
}
