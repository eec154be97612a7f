/**
 * One mutator run on the in-memory document, shared by every store's commit loop (the file
 * store's CommitQueue and the PostgreSQL store): a Tx for this instant, audit entries kept only
 * when the mutator returns, the Tx unusable afterwards, and a promise refused (mutators are
 * synchronous, so a commit never holds the document across an await).
 */
import type { Tx } from '../app/ports.js';
import type { AuditEntry, Db } from '../domain/model.js';
import { AppError } from '../errors.js';
import { createTx } from './tx.js';

export type Mutator = (db: Db, tx: Tx) => unknown;

export type MutationResult = { ok: true; value: unknown; audit: AuditEntry[] } | { ok: false; error: unknown };

export function runMutation(fn: Mutator, db: Db, now: Date): MutationResult {
  const audit: AuditEntry[] = [];
  let open = true;
  const guard = () => {
    if (!open) throw new AppError('internal', {}, 'Tx used after its mutation returned');
  };
  const tx = createTx(db, now, { audit: (entry) => void audit.push(entry), guard });
  try {
    const value = fn(db, tx);
    if (value && typeof (value as { then?: unknown }).then === 'function') {
      return { ok: false, error: new AppError('internal', {}, 'store.update mutator returned a promise; mutators must be synchronous') };
    }
    return { ok: true, value, audit };
  } catch (error) {
    return { ok: false, error };
  } finally {
    open = false;
  }
}
