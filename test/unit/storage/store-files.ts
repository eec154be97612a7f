/** Paths and texts of a file store as the storage unit tests lay it out on a recording fs. */
import { emptyDb, type AuditEntry, type Db, type StoreFile } from '../../../src/domain/model.js';
import { decodeDb } from '../../../src/storage/codec.js';

export const DOC = '/data/db.json';
export const LOG = '/data/db.json.audit.jsonl';
export const JOURNAL = '/data/db.json.journal-0';
export const JOURNAL1 = '/data/db.json.journal-1';

export const decode = (text: string): StoreFile => decodeDb(text, DOC).db;

export const entry = (n: number): AuditEntry => ({
  at: '2026-01-01T00:00:00.000Z',
  actor: `u${n}`,
  action: 'test.write',
  groupId: null,
  target: `t${n}`,
});

/** Entry n as a line of the audit log. */
export const line = (n: number) => JSON.stringify(entry(n)) + '\n';

/** A store document (schema 3) counting `auditCount` entries in the log. */
export const docText = (auditCount: number, extra: Partial<Db> = {}) => {
  const { audit: _a, ...rest } = emptyDb();
  return JSON.stringify({ ...rest, ...extra, auditCount });
};
