/**
 * One writer per store file, across processes: proper-lockfile (an atomic `mkdir <path>.lock`
 * whose mtime the holder refreshes every `update` ms; older than `stale` ms = holder is dead).
 *
 * proper-lockfile cannot say *who* holds a lock, and "store is locked" alone sends an operator
 * hunting. So the holder also writes `<path>.owner` (pid, host, process start, and the identity
 * of the lock directory it made), and a refused writer quotes it: "…/styrebot.json is locked by
 * pid 4711 on host bot-1 since …".
 *
 * Restart after a crash (SIGKILL, OOM kill) must not wait for staleness nor fail: when the owner
 * file describes *this* lock directory, names this host, and that process is gone — or is this
 * very pid in a previous life (a container restarted as PID 1 under the same host name) — the
 * lock is taken over at once. A holder on this host that still runs is refused at once. Anything
 * else (another host, no owner file) is waited out for the stale time, with one log line.
 */
import { hostname } from 'node:os';
import { readFileSync, rmdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import lockfile from 'proper-lockfile';
import { AppError } from '../errors.js';

export interface Owner {
  pid: number;
  hostname: string;
  startedAt: string;
  /** When the process started (ms since epoch): tells a reused pid from the owner itself. */
  processStartedMs?: number;
  /** Inode and birth time of the `.lock` directory this owner made: ties the file to that lock. */
  lockId?: string;
}

export const ownerPathFor = (storePath: string) => `${storePath}.owner`;
const lockDirFor = (storePath: string) => `${storePath}.lock`;

export interface LockOptions {
  /**
   * Lock age after which a holder that stopped refreshing counts as dead (min 2000). Judged by
   * the process *trying* to lock, so every process of one deployment must use the same value.
   */
  staleMs?: number;
  /** How long to wait for a lock held by a live process on this host (default 0: refuse at once). */
  waitMs?: number;
  /** The lock was lost (event loop blocked past `staleMs`, lock dir removed): stop writing. */
  onCompromised: (err: Error) => void;
  /** One line for the operator when the lock is taken over or waited for. */
  notice?: (message: string, detail: Record<string, unknown>) => void;
}

export interface WriterLock {
  release(): Promise<void>;
}

/** Store paths this process holds (a second open in the same process is refused, not taken over). */
const heldHere = new Set<string>();

function readOwner(storePath: string): Partial<Owner> | null {
  try {
    return JSON.parse(readFileSync(ownerPathFor(storePath), 'utf8')) as Partial<Owner>;
  } catch {
    return null;
  }
}

function lockIdOf(storePath: string): string | null {
  try {
    const st = statSync(lockDirFor(storePath));
    return `${st.ino}:${Math.round(st.birthtimeMs)}`;
  } catch {
    return null;
  }
}

export function describeHolder(storePath: string): string {
  const owner = readOwner(storePath);
  if (!owner) return 'an unknown process (no readable owner file)';
  let text = `pid ${owner.pid} on host ${owner.hostname} since ${owner.startedAt}`;
  if (owner.hostname === hostname() && typeof owner.pid === 'number' && !isAlive(owner.pid)) text += ' (that process is no longer running)';
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

/** Start time of a process from /proc (Linux), or null where that is not available. */
function processStartedMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const startTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const bootS = Number(/^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1]);
    // USER_HZ is 100 on every Linux build Node runs on.
    return Number.isFinite(startTicks) && Number.isFinite(bootS) ? bootS * 1000 + startTicks * 10 : null;
  } catch {
    return null;
  }
}

const myStartedMs = processStartedMs(process.pid) ?? Math.round(Date.now() - process.uptime() * 1000);

export type HolderVerdict =
  | { kind: 'gone'; owner: Partial<Owner>; lockId: string; why: string }
  | { kind: 'alive-here'; owner: Partial<Owner> }
  | { kind: 'unknown'; owner: Partial<Owner> | null; why: string };

/** Who holds the lock of `storePath`, as far as this host can tell. */
export function judgeHolder(storePath: string): HolderVerdict {
  const owner = readOwner(storePath);
  const lockId = lockIdOf(storePath);
  if (!owner) return { kind: 'unknown', owner, why: 'no readable owner file' };
  if (owner.hostname !== hostname()) return { kind: 'unknown', owner, why: `the holder is on host ${owner.hostname}` };
  // The owner file of an earlier lock, while a new holder has not yet written its own.
  if (!lockId || !owner.lockId || owner.lockId !== lockId)
    return { kind: 'unknown', owner, why: 'the owner file does not describe the current lock' };
  const pid = owner.pid;
  if (typeof pid !== 'number' || !Number.isInteger(pid) || pid <= 0) return { kind: 'unknown', owner, why: 'no pid in the owner file' };
  if (pid === process.pid) {
    if (heldHere.has(resolve(storePath))) return { kind: 'alive-here', owner };
    if (owner.processStartedMs === undefined || owner.processStartedMs < myStartedMs - 1000)
      return { kind: 'gone', owner, lockId, why: `pid ${pid} was this pid in an earlier life (restarted with the same host name)` };
    return { kind: 'alive-here', owner };
  }
  if (!isAlive(pid)) return { kind: 'gone', owner, lockId, why: `pid ${pid} is no longer running` };
  const started = processStartedMs(pid);
  // Ticks are 10 ms and the owner records its start after the process began: allow a second.
  if (started !== null && owner.processStartedMs !== undefined && started > owner.processStartedMs + 1000)
    return { kind: 'gone', owner, lockId, why: `pid ${pid} now belongs to another process` };
  return { kind: 'alive-here', owner };
}

export async function acquireWriterLock(storePath: string, opts: LockOptions): Promise<WriterLock> {
  const stale = Math.max(opts.staleMs ?? 10_000, 2000);
  const update = Math.max(1000, Math.floor(stale / 4));
  const step = 250;
  const attempt = (waitMs: number) =>
    lockfile.lock(storePath, {
      stale,
      // Refresh well inside the stale window so a briefly busy event loop does not lose the lock.
      update,
      realpath: false, // the store file may not exist yet
      retries: waitMs > 0 ? { retries: Math.ceil(waitMs / step), minTimeout: step, maxTimeout: step, factor: 1 } : 0,
      onCompromised: opts.onCompromised,
    });
  const refused = () => {
    const holder = describeHolder(storePath);
    return new AppError('store_locked', { path: storePath, holder }, `store file ${storePath} is locked by ${holder}`);
  };
  const isLocked = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ELOCKED';

  const t0 = Date.now();
  let release: () => Promise<void>;
  try {
    release = await attempt(0);
  } catch (err) {
    if (!isLocked(err)) throw err;
    const verdict = judgeHolder(storePath);
    const takenOver = verdict.kind === 'gone' && takeOver(storePath, verdict.lockId);
    if (takenOver)
      opts.notice?.(`store lock taken over: ${verdict.why}`, {
        path: storePath,
        pid: verdict.owner.pid,
        host: verdict.owner.hostname,
        since: verdict.owner.startedAt,
        afterMs: Date.now() - t0,
      });
    // A live holder here will not let go; one that cannot be judged may be dead: wait out `stale`.
    const waitMs = takenOver ? 0 : verdict.kind === 'alive-here' ? (opts.waitMs ?? 0) : Math.max(opts.waitMs ?? 0, stale + update + step);
    if (!takenOver && verdict.kind !== 'alive-here') {
      const why = verdict.kind === 'unknown' ? verdict.why : 'it changed hands while being taken over';
      opts.notice?.(`store is locked (${why}): waiting up to ${Math.round(waitMs / 1000)} s for the lock to go stale`, {
        path: storePath,
        holder: describeHolder(storePath),
      });
    }
    try {
      release = await attempt(waitMs);
    } catch (err2) {
      throw isLocked(err2) ? refused() : err2;
    }
  }
  heldHere.add(resolve(storePath));
  const owner: Owner = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    processStartedMs: myStartedMs,
    lockId: lockIdOf(storePath) ?? undefined,
  };
  try {
    writeFileSync(ownerPathFor(storePath), JSON.stringify(owner) + '\n', { mode: 0o600 });
  } catch {
    // Without it a restart waits for staleness instead of taking over; the lock itself holds.
  }
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      heldHere.delete(resolve(storePath));
      const current = readOwner(storePath);
      try {
        if (current?.pid === owner.pid && current.startedAt === owner.startedAt) unlinkSync(ownerPathFor(storePath));
      } catch {
        // Already gone: nothing of ours to remove.
      }
      await release().catch(() => {}); // ERELEASED after a compromise: nothing left to release
    },
  };
}

/**
 * Removes the lock directory of a dead holder, if it is still the one judged (`lockId`). Two
 * processes taking over at the same moment could both pass that check; the loser's lock is then
 * gone from under it, which proper-lockfile reports as compromised and the store stops writing.
 */
function takeOver(storePath: string, lockId: string): boolean {
  if (lockIdOf(storePath) !== lockId) return false;
  try {
    rmdirSync(lockDirFor(storePath));
    return true;
  } catch {
    return false;
  }
}
