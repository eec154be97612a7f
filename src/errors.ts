/**
 * Errors with a stable string code. The code is what tests assert and what the i18n layer turns
 * into the localised message a user sees (src/i18n); `params` fill that message; `detail` is for logs.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, string | number> = {},
    readonly detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'AppError';
  }
}

/** Turns anything thrown into an AppError; unknown errors become `internal` (detail kept for logs). */
export function asAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return new AppError('internal', {}, detail);
}

export const isAppError = (err: unknown, code?: string): err is AppError =>
  err instanceof AppError && (code === undefined || err.code === code);
