/** A store location is a file path or a PostgreSQL URL (`--store`, DATABASE_URL). */
export const isPgUrl = (location: string | null | undefined): location is string => typeof location === 'string' && /^postgres(ql)?:\/\//i.test(location);
