/** A store location is a file path or a PostgreSQL URL (`--store`, DATABASE_URL). */
export const isPgUrl = (location: string | null | undefined): location is string =>
  typeof location === 'string' && /^postgres(ql)?:\/\//i.test(location);

/** The URL without its password, for logs and /healthz. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparsable url)';
  }
}
