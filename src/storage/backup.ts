/**
 * `backupStore(storePath, outFile)`: a consistent copy while the bot keeps running.
 *
 * No lock and no pause needed: the writer only ever replaces the store by an atomic rename of a
 * fully fsynced temp file, so a single read sees exactly one complete durable version. The copy
 * is validated first (a corrupt store is reported, not copied over a good older backup) and then
 * written the same durable way as the store itself.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { AppError } from '../errors.js';
import { decodeDb } from './codec.js';
import { countsOf } from './check.js';
import { isNotFound, nodeFs, writeFileDurably, type FsPort } from './durable-adapter.js';

export interface BackupResult {
  path: string;
  bytes: number;
  /** schemaVersion of the copied file (the copy is byte-identical, not migrated). */
  schemaVersion: number;
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
  const { db, from } = decodeDb(text, src); // throws store_corrupt: never back up garbage
  await mkdir(dirname(out), { recursive: true });
  await writeFileDurably(fs, out, text);
  return { path: out, bytes: Buffer.byteLength(text), schemaVersion: from, counts: countsOf(db) };
}
