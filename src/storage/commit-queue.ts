/**
 * The mutation queue behind every Store: serialised mutations with group commit.
 *
 * - Mutations run one at a time, in arrival order, on the single in-memory `Low` data.
 * - Group commit: every mutation that arrives while a write is in flight is applied when that
 *   write ends and they all share the next write. Under load the number of writes (each with
 *   two fsyncs) stays near "one per write latency" instead of one per mutation.
 * - A caller's promise settles only when the write containing its change has settled: resolve
 *   when durable, reject when that write failed. A mutator that throws rejects only its caller.
 * - After a failed write the in-memory state is reset to the last durable state, so nobody can
 *   read (or later persist) a change whose caller was told it failed.
 * No timers or polling: the drain loop is started by `update` and ends when the queue is empty.
 */
import type { Low } from 'lowdb';
import type { Db } from '../domain/model.js';
import type { Clock, Tx } from '../app/ports.js';
import { AppError } from '../errors.js';
import { runMutation } from './mutation.js';
import { countWrite, newQueueStats, type QueueStats } from './write-stats.js';

export type { QueueStats } from './write-stats.js';

interface Job {
  fn: (db: Db, tx: Tx) => unknown;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export interface CommitQueueOptions {
  low: Low<Db>;
  clock: Clock;
  path: string;
  /** The last durable state, used to undo in-memory changes whose write failed. */
  restore: () => Db;
  onWriteError?: (err: unknown, batchSize: number) => void;
  /**
   * Upkeep after each successful write, still in the queue (the next batch waits for it); the
   * batch's callers have already been answered. The file store checkpoints its journal here.
   */
  afterWrite?: () => Promise<void>;
}

export class CommitQueue {
  readonly stats: QueueStats = newQueueStats();
  /** Whether the last write succeeded (for describe()/healthz). */
  ok = true;
  /** When set, new updates are refused with this error (closed, read-only, lock lost). */
  refusal: (() => AppError) | null = null;
  private pending: Job[] = [];
  private chores: (() => Promise<void>)[] = [];
  private running: Promise<void> | null = null;

  constructor(private readonly opts: CommitQueueOptions) {}

  get data(): Db {
    return this.opts.low.data;
  }

  update<T>(fn: (db: Db, tx: Tx) => T): Promise<T> {
    if (this.refusal) return Promise.reject(this.refusal());
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      // Start on a microtask, not synchronously: updates issued in the same tick share the first write.
      if (!this.running) this.running = Promise.resolve().then(() => this.drain());
    });
  }

  /** Runs `chore` in the queue, between writes (e.g. an idle checkpoint); resolves when it has run. */
  runBetweenWrites(chore: () => Promise<void>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.chores.push(() => chore().then(resolve, reject));
      if (!this.running) this.running = Promise.resolve().then(() => this.drain());
    });
  }

  /** Resolves when every queued mutation has been written (or failed). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private async drain(): Promise<void> {
    try {
      while (this.pending.length > 0 || this.chores.length > 0) {
        for (const chore of this.chores.splice(0)) await chore();
        if (this.pending.length === 0) continue;
        const batch = this.pending.splice(0);
        const applied: { job: Job; value: unknown }[] = [];
        for (const job of batch) {
          const r = this.apply(job);
          if (r.ok) applied.push({ job, value: r.value });
          else job.reject(r.error);
        }
        if (applied.length === 0) continue;
        await this.write(applied);
      }
    } finally {
      this.running = null;
    }
  }

  private apply(job: Job): { ok: true; value: unknown } | { ok: false; error: unknown } {
    const db = this.opts.low.data;
    const r = runMutation(job.fn, db, this.opts.clock.now());
    // Audit entries land only with a successful mutation, in the same write as the change.
    if (r.ok) for (const a of r.audit) db.audit.push(a);
    return r;
  }

  private async write(applied: { job: Job; value: unknown }[]): Promise<void> {
    const started = performance.now();
    try {
      await this.opts.low.write();
    } catch (err) {
      this.stats.failedWrites += 1;
      this.ok = false;
      this.opts.onWriteError?.(err, applied.length);
      try {
        this.opts.low.data = this.opts.restore();
      } catch (restoreErr) {
        // Should not happen (the last durable text was valid); keep serving but stay not-ok.
        this.opts.onWriteError?.(restoreErr, 0);
      }
      const detail = err instanceof Error ? err.message : String(err);
      const failure = new AppError('store_write_failed', { path: this.opts.path }, detail);
      for (const { job } of applied) job.reject(failure);
      return;
    }
    this.ok = true;
    countWrite(this.stats, performance.now() - started);
    this.stats.writes += 1;
    this.stats.mutations += applied.length;
    this.stats.largestBatch = Math.max(this.stats.largestBatch, applied.length);
    for (const { job, value } of applied) job.resolve(value);
    await this.opts.afterWrite?.();
  }
}
