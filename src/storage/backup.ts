/**
 * `backupStore(storePath, outFile)`: a consistent copy while the bot keeps running.
 *
 * No lock and no pause needed: the writer only ever replaces the document by an atomic rename of
 * a fully fsynced temp file, so a single read sees exactly one complete durable version; the audit
 * log is append-only and read *after* the document, so it holds at least the entries that
 * document counts, and exactly those are copied. The copy is validated first (a corrupt store is
 * reported, not copied over a good older backup) and written the same durable way as the store:
 * `<out>.audit.jsonl` first, then `<out>` — a store pair that `--store <out>` opens as it is.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { AppError } from '../errors.js';
import { decodeDb, withAudit } from './codec.js';
import { countsOf } from './check.js';
import { auditLines, auditPathFor, readAuditLog } from './audit-log.js';
import { isNotFound, nodeFs, writeFileDurably, type FsPort } from './durable-adapter.js';

export interface BackupResult {
  path: string;
  bytes: number;
  /** schemaVersion of the copied file (the copy is byte-identical, not migrated). */
  schemaVersion: number;
  /** The audit log copied beside it (null: the file's trail is inline, from before schema v3). */
  auditPath: string | null;
  counts: Record<string, number>;
}

export async function backupStore(storePath: string, outFile: string, fs: FsPort = nodeFs): Promise<BackupResult> {
  const src = resolve(storePath);
  const out = resolve(outFile);
  if (src === out) throw new AppError('backup_same_file', { path: out }, 'backup target is the store file itself');
  let text: string;
  try {
    text = await readFile(src, 'utf8');
  } catch (err) {
    if (isNotFound(err)) throw new AppError('store_missing', { path: src }, `store file ${src} does not exist`);
    throw err;
  }
  const { db: file, from } = decodeDb(text, src); // throws store_corrupt: never back up garbage
  // The durable prefix of the log (throws store_corrupt when it is short or damaged).
  const audit = file.audit ?? (await readAuditLog(fs, src, file.auditCount)).entries;
  await mkdir(dirname(out), { recursive: true });
  const auditPath = file.audit ? null : auditPathFor(out);
  if (auditPath) await writeFileDurably(fs, auditPath, auditLines(audit));
  await writeFileDurably(fs, out, text);
  return { path: out, bytes: Buffer.byteLength(text), schemaVersion: from, auditPath, counts: countsOf(withAudit(file, audit)) };
}
