/**
 * The retention use-case: drop finished outbox items, jobs and reminders older than the
 * configured age (src/domain/retention.ts says which), in one audited write.
 */
import type { Db } from '../domain/model.js';
import { anyExpired, countsOf, dropExpired, expiredRecords, RETENTION_AUDIT_ACTION, type RetentionCounts } from '../domain/retention.js';
import type { Tx } from './ports.js';

export { DEFAULT_RETENTION_DAYS } from '../domain/retention.js';

/** Inside store.update: prunes and audits (one entry with the counts); nothing when nothing is due. */
export function pruneExpired(db: Db, tx: Tx, days: number): RetentionCounts {
  const expired = expiredRecords(db, tx.now, days);
  const counts = countsOf(expired);
  if (!anyExpired(counts)) return counts;
  dropExpired(db, expired);
  tx.audit({ actor: 'system', action: RETENTION_AUDIT_ACTION, groupId: null, target: null, after: { ...counts, days } });
  return counts;
}
