import pino, { type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs (pino): fast enough to stay on in the card-click hot path. */
export function createLogger(level = 'info', destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { app: 'styrebot' }, redact: ['*.password', '*.MicrosoftAppPassword', '*.token'] }, destination);
}
