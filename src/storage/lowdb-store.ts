/**
 * The production `Store`: one lowdb `Low` per process over the fsyncing DurableAdapter, one
 * writer process per file (lock), group-committed mutations (CommitQueue).
 *
 * Opening never damages data: an unreadable, truncated or invalid file is refused with
 * `store_corrupt` and left byte-identical; the last-good copy `<path>.bak` is only rotated after
 * the current file validated, and before the first write of this process.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Low } from 'lowdb';
import type { Logger } from 'pino';
import { emptyDb, SCHEMA_VERSION, type Db } from '../domain/model.js';
import { systemClock, type Clock, type Store, type Tx } from '../app/ports.js';
import { AppError } from '../errors.js';
import { decodeDb } from './codec.js';
import { CommitQueue, type QueueStats } from './commit-queue.js';
import { isTempFileOf, nodeFs, writeFileDurably, type FsPort } from './durable-adapter.js';
import { auditPathFor } from './audit-log.js';
import { StoreAdapter } from './store-adapter.js';
import { acquireWriterLock, type WriterLock } from './lock.js';
import { createCheckpointer, DEFAULT_CHECKPOINT, type CheckpointPolicy, type Checkpointer } from './checkpointer.js';

export type StoreLog = Pick<Logger, 'info' | 'warn' | 'error'>;

/**
 * Audit entries a writer keeps in memory (`store.read().audit`); the whole trail is in
 * `<store>.audit.jsonl`. The bot itself never reads the trail (the CLI reads it read-only, whole):
 * the tail is for tests and the admin socket, and every entry kept is an object that outlives the
 * young generation under load (a vote's entry holds both ballots) and must be collected as old.
 */
export const AUDIT_IN_MEMORY = 1000;

export interface OpenStoreOptions {
  path: string;
  clock?: Clock;
  /** No lock, no writes: sees the last durable file (e.g. CLI reports next to a running bot). */
  readOnly?: boolean;
  log?: StoreLog;
  /** Injected file system (tests: record calls, inject failures). */
  fs?: FsPort;
  /** Writers: audit entries kept in memory (default AUDIT_IN_MEMORY). */
  keepAudit?: number;
  /** See LockOptions in lock.ts. */
  lockStaleMs?: number;
  lockWaitMs?: number;
  /** When the journal is checkpointed into the document (default DEFAULT_CHECKPOINT). */
  checkpoint?: Partial<CheckpointPolicy>;
}

export interface DurableStore extends Store {
  readonly path: string;
  readonly readOnly: boolean;
  /** schemaVersion of the file when opened (lower than current = migrated); null = newly created. */
  readonly openedFromVersion: number | null;
  stats(): QueueStats;
  /** Read-only stores: load the latest durable file again. */
  reload(): Promise<void>;
}

export const bakPathFor = (storePath: string) => `${storePath}.bak`;

const silentLog: StoreLog = { info: () => {}, warn: () => {}, error: () => {} } as unknown as StoreLog;

export async function openStore(opts: OpenStoreOptions): Promise<DurableStore> {
  const path = resolve(opts.path);
  const log = opts.log ?? silentLog;
  const fs = opts.fs ?? nodeFs;
  const seen = { from: null as number | null }; // schemaVersion of the last decoded file
  const decode = (text: string) => {
    const r = decodeDb(text, path);
    seen.from = r.from;
    return r.db;
  };
  const adapter = new StoreAdapter(path, fs, decode, opts.readOnly ? Number.POSITIVE_INFINITY : (opts.keepAudit ?? AUDIT_IN_MEMORY));
  const low = new Low<Db>(adapter, emptyDb());

  if (opts.readOnly) {
    const fromVersion = await load(adapter, low, path, seen);
    if (fromVersion === null) throw new AppError('store_missing', { path }, `store file ${path} does not exist`);
    return makeStore({ path, low, adapter, clock: opts.clock, log, readOnly: true, fromVersion, lock: null, policy: null });
  }

  await mkdir(dirname(path), { recursive: true });
  let lockLost: (err: Error) => void = () => {};
  const lock = await acquireWriterLock(path, {
    staleMs: opts.lockStaleMs,
    waitMs: opts.lockWaitMs,
    onCompromised: (err) => lockLost(err),
    notice: (message, detail) => log.warn(detail, message),
  });
  try {
    await removeStaleTemps(path);
    const fromVersion = await load(adapter, low, path, seen);
    if (fromVersion === null) {
      await low.write(); // a new store: durable empty file right away
      log.info({ path }, 'store created');
    } else {
      const dropped = await adapter.dropUnfinishedAppend();
      if (dropped > 0)
        log.warn({ path: adapter.auditPath, bytes: dropped }, 'audit log: removed the lines of a write that never completed (crash)');
      // The file validated: it becomes the last-good copy before this process writes anything.
      // (The audit log needs no copy: it is append-only, and this document counts its prefix.)
      await writeFileDurably(fs, bakPathFor(path), adapter.doc.lastReadText!);
      // What the journal holds of the last run goes into the document before anything new.
      const journaled = adapter.journal.records;
      await adapter.checkpoint();
      if (journaled > 0) log.info({ path, lines: journaled }, 'store: journal of the last run checkpointed');
      if (fromVersion < SCHEMA_VERSION) {
        await low.write();
        await adapter.checkpoint();
        log.info({ path, from: fromVersion, to: SCHEMA_VERSION }, 'store migrated');
      }
    }
    const policy = { ...DEFAULT_CHECKPOINT, ...opts.checkpoint };
    const store = makeStore({ path, low, adapter, clock: opts.clock, log, readOnly: false, fromVersion, lock, policy });
    lockLost = store.lockLost;
    return store;
  } catch (err) {
    await lock.release();
    throw err;
  }
}

/** Returns the file's original schemaVersion, or null when the file does not exist. */
async function load(adapter: StoreAdapter, low: Low<Db>, path: string, seen: { from: number | null }): Promise<number | null> {
  try {
    await low.read();
  } catch (err) {
    if (err instanceof AppError) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    throw new AppError('store_unreadable', { path }, `cannot read store file ${path}: ${detail}`);
  }
  return adapter.doc.lastReadText === null ? null : seen.from;
}

/** Temp files of writes interrupted by a crash. Safe only while holding the lock. */
async function removeStaleTemps(path: string): Promise<void> {
  const dir = dirname(path);
  for (const name of await readdir(dir)) {
    if (isTempFileOf(path, name) || isTempFileOf(bakPathFor(path), name) || isTempFileOf(auditPathFor(path), name)) {
      await nodeFs.unlink(resolve(dir, name)).catch(() => {});
    }
  }
}

interface Parts {
  path: string;
  low: Low<Db>;
  adapter: StoreAdapter;
  clock: Clock | undefined;
  log: StoreLog;
  readOnly: boolean;
  fromVersion: number | null;
  lock: WriterLock | null;
  /** Writers only. */
  policy: CheckpointPolicy | null;
}

function makeStore(p: Parts): DurableStore & { lockLost: (err: Error) => void } {
  let checkpointer: Checkpointer | null = null;
  const queue = new CommitQueue({
    afterWrite: () => checkpointer?.afterWrite() ?? Promise.resolve(),
    low: p.low,
    clock: p.clock ?? systemClock,
    path: p.path,
    restore: () => p.adapter.lastDurable() ?? emptyDb(),
    onWriteError: (err, batch) =>
      p.log.error({ err, path: p.path, batch }, 'store write failed; in-memory state reset to the last durable state'),
  });
  if (p.policy) {
    checkpointer = createCheckpointer(
      p.adapter,
      p.policy,
      (chore) => queue.runBetweenWrites(chore),
      (err) => p.log.error({ err, path: p.path }, 'store checkpoint failed; the state stays in the journal, retrying'),
    );
  }
  let lockIsLost = false;
  let closing: Promise<void> | null = null;
  if (p.readOnly) queue.refusal = () => new AppError('store_read_only', { path: p.path }, `store ${p.path} was opened read-only`);

  return {
    path: p.path,
    readOnly: p.readOnly,
    openedFromVersion: p.fromVersion,
    read: () => queue.data,
    update: <T>(fn: (db: Db, tx: Tx) => T) => queue.update(fn),
    describe: () => ({ path: p.path, ok: queue.ok && !lockIsLost }),
    stats: () => ({ ...queue.stats }),
    async reload() {
      if (!p.readOnly) throw new AppError('internal', {}, 'reload() is for read-only stores; a writer already has the latest state');
      await p.low.read();
    },
    lockLost(err: Error) {
      // Another process may now be writing this file: stop, loudly, rather than interleave writes.
      lockIsLost = true;
      queue.refusal = () => new AppError('store_lock_lost', { path: p.path }, `lost the writer lock on ${p.path}`);
      p.log.error({ err, path: p.path }, 'store writer lock compromised; refusing further updates');
    },
    close() {
      closing ??= (async () => {
        if (!queue.refusal || p.readOnly) {
          queue.refusal = () => new AppError('store_closed', { path: p.path }, `store ${p.path} is closed`);
        }
        await queue.idle(); // everything already accepted is written before the lock goes
        checkpointer?.stop();
        // Not after a lost lock: another process may own the files now.
        if (checkpointer && !lockIsLost)
          await checkpointer
            .now()
            .catch((err) => p.log.error({ err, path: p.path }, 'store checkpoint at close failed; the journal keeps the state'));
        await p.adapter.close().catch(() => {});
        await p.lock?.release();
      })();
      return closing;
    },
  };
}
