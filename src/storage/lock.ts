/**
 * One writer per store file, across processes: proper-lockfile (an atomic `mkdir <path>.lock`
 * whose mtime the holder refreshes every `update` ms; older than `stale` ms = holder is dead).
 *
 * proper-lockfile cannot say *who* holds a lock, and "store is locked" alone sends an operator
 * hunting. So the holder also writes `<path>.owner` (pid, host, start time) and a refused writer
 * quotes it: "…/styrebot.json is locked by pid 4711 on host bot-1 since …".
 */
import { hostname } from 'node:os';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import lockfile from 'proper-lockfile';
import { AppError } from '../errors.js';

export interface Owner {
  pid: number;
  hostname: string;
  startedAt: string;
}

export const ownerPathFor = (storePath: string) => `${storePath}.owner`;

export interface LockOptions {
  /**
   * Lock age after which a holder that stopped refreshing counts as dead (min 2000). Judged by
   * the process *trying* to lock, so every process of one deployment must use the same value.
   */
  staleMs?: number;
  /** How long to wait for a held lock before refusing (default 0: refuse at once). */
  waitMs?: number;
  /** The lock was lost (event loop blocked past `staleMs`, lock dir removed): stop writing. */
  onCompromised: (err: Error) => void;
}

export interface WriterLock {
  release(): Promise<void>;
}

export function describeHolder(storePath: string): string {
  let owner: Partial<Owner>;
  try {
    owner = JSON.parse(readFileSync(ownerPathFor(storePath), 'utf8')) as Partial<Owner>;
  } catch {
    return 'an unknown process (no readable owner file)';
  }
  let text = `pid ${owner.pid} on host ${owner.hostname} since ${owner.startedAt}`;
  if (owner.hostname === hostname() && typeof owner.pid === 'number' && !isAlive(owner.pid)) {
    // Not a guarantee (the lock may be newer than the owner file), only a hint for the operator.
    text += ' (that process is no longer running; the lock goes stale shortly)';
  }
  return text;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function acquireWriterLock(storePath: string, opts: LockOptions): Promise<WriterLock> {
  const stale = Math.max(opts.staleMs ?? 10_000, 2000);
  const waitMs = opts.waitMs ?? 0;
  const step = 250;
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(storePath, {
      stale,
      // Refresh well inside the stale window so a briefly busy event loop does not lose the lock.
      update: Math.max(1000, Math.floor(stale / 4)),
      realpath: false, // the store file may not exist yet
      retries: waitMs > 0 ? { retries: Math.ceil(waitMs / step), minTimeout: step, maxTimeout: step, factor: 1 } : 0,
      onCompromised: opts.onCompromised,
    });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ELOCKED') {
      const holder = describeHolder(storePath);
      throw new AppError('store_locked', { path: storePath, holder }, `store file ${storePath} is locked by ${holder}`);
    }
    throw err;
  }
  const owner: Owner = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() };
  try {
    writeFileSync(ownerPathFor(storePath), JSON.stringify(owner) + '\n', { mode: 0o600 });
  } catch {
    // Only used for messages; the lock itself is what matters.
  }
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      try {
        const current = JSON.parse(readFileSync(ownerPathFor(storePath), 'utf8')) as Owner;
        if (current.pid === owner.pid && current.startedAt === owner.startedAt) unlinkSync(ownerPathFor(storePath));
      } catch {
        // Missing or replaced owner file: nothing of ours to remove.
      }
      await release().catch(() => {}); // ERELEASED after a compromise: nothing left to release
    },
  };
}
