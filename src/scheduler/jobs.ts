/**
 * Persisted due-jobs (`db.jobs`): the use-case side. A use-case that needs something done later
 * (close a vote round at its deadline) adds a job inside its own store.update, so the intent is
 * durable in the same write as the change that caused it; the job runner does the rest.
 */
import type { NewJob, Tx } from '../app/ports.js';
import type { Db, Job } from '../domain/model.js';

/**
 * Runner bookkeeping kept on the stored job. Extra optional fields rather than new statuses: the
 * stored Job status stays 'pending' | 'done' | 'failed' and the storage schema passes these through.
 * A job is "claimed" while `claimedAt` is set; a claim older than the runner's lease means the
 * process died mid-run, and the next run is told so (`recovered`).
 */
export type JobState = Job & { attempts?: number; claimedAt?: string | null };

export type { NewJob };

/** Adds a pending job; call inside store.update. Validates before touching `db`. */
export function addJob(db: Db, tx: Tx, job: NewJob): Job {
  const ms = typeof job.dueAt === 'string' ? Date.parse(job.dueAt) : job.dueAt.getTime();
  if (!job.kind || Number.isNaN(ms)) throw new RangeError(`bad job: kind=${job.kind} dueAt=${String(job.dueAt)}`);
  const stored: JobState = {
    id: tx.nextId('job'),
    kind: job.kind,
    // Normalised so every dueAt in the store has one format (the runner compares them).
    dueAt: new Date(ms).toISOString(),
    payload: job.payload ?? {},
    status: 'pending',
    doneAt: null,
    error: null,
    attempts: 0,
    claimedAt: null,
  };
  db.jobs.push(stored);
  return stored;
}

/**
 * Removes the pending jobs matching `predicate` (e.g. a vote round's close job when the round is
 * closed by hand) and returns them, so the caller can audit. Done and failed jobs stay as history.
 * Removing one that is running right now is allowed: the runner then finds nothing to mark.
 */
export function cancelJobs(db: Db, predicate: (job: Readonly<Job>) => boolean): Job[] {
  const removed: Job[] = [];
  let w = 0;
  for (let r = 0; r < db.jobs.length; r++) {
    const j = db.jobs[r];
    if (j.status === 'pending' && predicate(j)) removed.push(j);
    else db.jobs[w++] = j;
  }
  db.jobs.length = w;
  return removed;
}

/** Default retry delay after attempt n (1-based): 1, 2, 4, 8 … minutes, at most an hour. */
export const defaultBackoffMs = (attempt: number): number => Math.min(60_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
