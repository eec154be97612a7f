/**
 * A lowdb adapter that only reports a write as done once it survives a crash or power loss.
 *
 * lowdb's own node writer (steno) renames a temp file but never fsyncs (strace shows no fsync), so an
 * "acknowledged" change can vanish on power loss. Here every write goes:
 *   open temp (same dir, unique name) → write → fsync → close → rename over the store → fsync dir
 * and resolves only after the directory fsync, when both the bytes and the new name are on disk.
 * All file-system calls go through an injected `FsPort`, so tests can record the exact order and
 * inject failures.
 */
import { constants } from 'node:fs';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { Adapter } from 'lowdb';

/** Opaque handle of an open file (a node FileHandle in production, anything in tests). */
export type FsHandle = object;

export interface FsPort {
  /** Open for writing, creating/truncating the file with the given mode. */
  open(path: string, mode: number): Promise<FsHandle>;
  /** Write all of `data` (no short writes). */
  write(handle: FsHandle, data: string): Promise<void>;
  fsync(handle: FsHandle): Promise<void>;
  close(handle: FsHandle): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Make a rename/create inside `dir` durable. */
  fsyncDir(dir: string): Promise<void>;
  /** Open for appending (created with FILE_MODE when missing); writes go to the end. */
  openAppend(path: string): Promise<FsHandle>;
  /** Open for appending with O_DSYNC: each write is durable when it resolves (the journal). */
  openDurableAppend(path: string): Promise<FsHandle>;
  /** Cut an open file to `length` bytes, durably. */
  cut(handle: FsHandle, length: number): Promise<void>;
  /** Cut the file to `length` bytes, durably (fsync). */
  truncate(path: string, length: number): Promise<void>;
  /** Whole file as UTF-8; rejects with code ENOENT when missing. */
  readFile(path: string): Promise<string>;
  unlink(path: string): Promise<void>;
}

type NodeHandle = Awaited<ReturnType<typeof open>>;

export const nodeFs: FsPort = {
  open: (path, mode) => open(path, 'w', mode),
  write: async (h, data) => {
    // FileHandle.writeFile loops until every byte is written (FileHandle.write may be short).
    await (h as NodeHandle).writeFile(data, 'utf8');
  },
  fsync: (h) => (h as NodeHandle).sync(),
  close: (h) => (h as NodeHandle).close(),
  rename: (from, to) => rename(from, to),
  fsyncDir: async (dir) => {
    const h = await open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  },
  openAppend: (path) => open(path, 'a', FILE_MODE),
  openDurableAppend: (path) => open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_DSYNC, FILE_MODE),
  cut: async (h, length) => {
    await (h as NodeHandle).truncate(length);
    await (h as NodeHandle).datasync();
  },
  truncate: async (path, length) => {
    const h = await open(path, 'r+');
    try {
      await h.truncate(length);
      await h.sync();
    } finally {
      await h.close();
    }
  },
  readFile: (path) => readFile(path, 'utf8'),
  unlink: (path) => unlink(path),
};

/** The store holds personal data (names, Entra ids): owner-only. */
export const FILE_MODE = 0o600;

let tempCounter = 0;

/** `<path>.<pid>.<n>.tmp`: unique per process and write, and in the same directory so rename is atomic. */
export function tempPathFor(path: string): string {
  tempCounter += 1;
  return `${path}.${process.pid}.${tempCounter}.tmp`;
}

/** Matches temp files left by any process's interrupted write of `path` (for cleanup under the lock). */
export function isTempFileOf(path: string, candidateName: string): boolean {
  const base = basename(path).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${base}\\.\\d+\\.\\d+\\.tmp$`).test(candidateName);
}

export const isNotFound = (err: unknown): boolean =>
  typeof err === 'object' && err !== null && (err as { code?: unknown }).code === 'ENOENT';

/**
 * Replace `path` with `text` atomically and durably. On any failure the temp file is removed
 * (best effort) and the old `path` is left as it was.
 */
export async function writeFileDurably(fs: FsPort, path: string, text: string, beforeRename?: Promise<unknown>): Promise<void> {
  const tmp = tempPathFor(path);
  let handle: FsHandle | null = null;
  let renamed = false;
  try {
    handle = await fs.open(tmp, FILE_MODE);
    await fs.write(handle, text);
    await fs.fsync(handle);
    const h = handle;
    handle = null; // closed below: a failing close must not be retried in the catch
    await fs.close(h);
    // Another file that must be durable before this one is replaced (the audit log's append,
    // fsynced meanwhile: the two fsyncs overlap instead of adding up).
    if (beforeRename) await beforeRename;
    await fs.rename(tmp, path);
    renamed = true;
    await fs.fsyncDir(dirname(path));
  } catch (err) {
    if (handle) await fs.close(handle).catch(() => {});
    if (!renamed) await fs.unlink(tmp).catch(() => {});
    throw err;
  }
}

export interface DurableAdapterOptions<T> {
  fs?: FsPort;
  /** Text → data; throws (e.g. AppError store_corrupt) when the file is unusable. */
  decode: (text: string) => T;
  encode?: (data: T) => string;
}

export class DurableAdapter<T> implements Adapter<T> {
  readonly fs: FsPort;
  /** Raw text exactly as read from disk (for the last-good `.bak` copy). */
  lastReadText: string | null = null;
  private readonly decode: (text: string) => T;
  private readonly encode: (data: T) => string;

  constructor(
    readonly path: string,
    opts: DurableAdapterOptions<T>,
  ) {
    this.fs = opts.fs ?? nodeFs;
    this.decode = opts.decode;
    // Compact: the whole file is rewritten on every group commit, and indentation made that
    // ~40 % more bytes to build and fsync (bench). Operators read it with `jq . db.json` or
    // `styrebot export`, which pretty-prints.
    this.encode = opts.encode ?? ((data) => JSON.stringify(data));
  }

  /** `null` when the file does not exist (lowdb then keeps its default data). */
  async read(): Promise<T | null> {
    let text: string;
    try {
      text = await this.fs.readFile(this.path);
    } catch (err) {
      if (isNotFound(err)) return null;
      throw err;
    }
    const data = this.decode(text);
    this.lastReadText = text;
    return data;
  }

  async write(data: T): Promise<void> {
    // Serialised before the first await, so the bytes are exactly the state handed in.
    await this.writeText(this.encode(data));
  }

  /** Write text already encoded (by a caller that serialises first and writes other files too). */
  async writeText(text: string, beforeRename?: Promise<unknown>): Promise<void> {
    await writeFileDurably(this.fs, this.path, text, beforeRename);
  }
}
