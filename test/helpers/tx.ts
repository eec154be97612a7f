import type { Tx } from '../../src/app/ports.js';
import type { AuditEntry, Db } from '../../src/domain/model.js';
import { createTx } from '../../src/storage/tx.js';

/**
 * The Tx a store hands a mutation over `db` at `at`, for calling use-cases directly: audit entries
 * go to `audit` (default: `db.audit`), ids come from `db.seq`, outbox items and jobs land in `db`.
 */
export function txAt(db: Db, at: string | Date, audit: AuditEntry[] = db.audit): Tx {
  return createTx(db, typeof at === 'string' ? new Date(at) : at, { audit: (entry) => void audit.push(entry) });
}
