/**
 * `backupStore(storePath, outFile)`: a consistent copy while the bot keeps running.
 *
 * No lock and no pause needed: the writer only ever replaces the document by an atomic rename of
 * a fully fsynced temp file, appends to the audit log and the journal, so the durable state
 * (durable-state.ts: the document, its counted log lines, the journal lines continuing it) is
 * read consistently, and the copy is that state checkpointed: no journal beside it. The copy is validated first (a corrupt store is
 * reported, not copied over a good older backup) and written the same durable way as the store:
 * `<out>.audit.jsonl` first, then `<out>` — a store pair that `--store <out>` opens as it is.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { AppError } from '../errors.js';
import { decodeDb, withAudit } from './codec.js';
import { countsOf } from './check.js';
import { auditLines, auditPathFor } from './audit-log.js';
import { nodeFs, writeFileDurably, type FsPort } from './durable-adapter.js';
import { readDurableState } from './durable-state.js';

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
  // decodeDb throws store_corrupt: never back up garbage.
  const state = await readDurableState(fs, src, (text) => decodeDb(text, src).db);
  if (!state) throw new AppError('store_missing', { path: src }, `store file ${src} does not exist`);
  const { db: file, from } = decodeDb(state.text, src);
  const text = state.text;
  const audit = state.entries;
  await mkdir(dirname(out), { recursive: true });
  const auditPath = file.audit ? null : auditPathFor(out);
  if (auditPath) await writeFileDurably(fs, auditPath, auditLines(audit));
  await writeFileDurably(fs, out, text);
  return { path: out, bytes: Buffer.byteLength(text), schemaVersion: from, auditPath, counts: countsOf(withAudit(file, audit)) };
}
