/**
 * Text of a store file → validated, migrated `Db`, or the list of reasons it is unusable.
 * Shared by the store (refuses to start), backup (refuses to copy) and check (reports).
 */
import type { AuditEntry, Db, StoreFile } from '../domain/model.js';
import { AppError } from '../errors.js';
import { migrate } from './migrations.js';
import { describeIssues, storeFileSchema } from './schema.js';

export type Decoded =
  { ok: true; db: StoreFile; from: number } | { ok: false; code: 'store_corrupt' | 'store_too_new'; problems: string[] };

export function inspectDb(text: string): Decoded {
  if (text.trim() === '') {
    return { ok: false, code: 'store_corrupt', problems: [`file is empty (${text.length} bytes)`] };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    // Typical of a truncated file: "Unexpected end of JSON input".
    const msg = err instanceof Error ? err.message : String(err);
    return { ok: false, code: 'store_corrupt', problems: [`not valid JSON (${msg}; ${text.length} bytes)`] };
  }
  const migrated = migrate(raw);
  if (!migrated.ok) return { ok: false, code: migrated.code, problems: [migrated.problem] };
  const parsed = storeFileSchema.safeParse(migrated.data);
  if (!parsed.success) return { ok: false, code: 'store_corrupt', problems: describeIssues(parsed.error) };
  // The validated input itself (not zod's copy): identical content, no second allocation.
  return { ok: true, db: migrated.data as unknown as StoreFile, from: migrated.from };
}

/** Like inspectDb but throws `AppError(store_corrupt | store_too_new, {path, problem})`. */
export function decodeDb(text: string, path: string): { db: StoreFile; from: number } {
  const r = inspectDb(text);
  if (r.ok) return { db: r.db, from: r.from };
  const problem = r.problems.join('; ');
  throw new AppError(r.code, { path, problem }, `store file ${path} is unusable: ${problem}. The file was left untouched`);
}

/** The in-memory store: the document with its audit trail in place of the count. */
export function withAudit(file: StoreFile, audit: AuditEntry[]): Db {
  const { auditCount: _count, audit: _inline, ...rest } = file;
  return { ...rest, audit };
}

/**
 * The document to write: everything but the trail, which goes to the log; `auditCount` (the whole
 * trail's length, which a writer's in-memory tail may be shorter than) says how much of it is durable.
 */
export function encodeStoreFile(db: Readonly<Db>, auditCount: number = db.audit.length): string {
  return JSON.stringify(storeFileView(db, auditCount));
}

/** The document as an object (sharing `db`'s values): what encodeStoreFile writes. */
export function storeFileView(db: Readonly<Db>, auditCount: number): Omit<StoreFile, 'audit'> {
  // One copy: the rest object is fresh, so it can take the count in place (this runs per commit).
  const { audit: _audit, ...rest } = db;
  return Object.assign(rest, { auditCount });
}
