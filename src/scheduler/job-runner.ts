/**
 * The one scheduler of the process: `tick(now)` runs every due job in `db.jobs`, then the sweeps
 * (reminders). `start()` polls once a minute; there is never a timer set to a far-off instant,
 * because such timers are lost on restart, drift with clock changes and overflow past ~24.8 days.
 * Everything due is read from the store, so a restart or an outage only delays work.
 *
 * Job protocol, per job: claim (attempts+1, claimedAt) in a durable write → run the handler →
 * mark done, or failed / retry with backoff. A crash between claim and mark leaves the claim in
 * place; after `leaseMs` the job runs again with `ctx.recovered = true` so the handler can check
 * whether its effect already happened instead of repeating it blindly. A job that crashed the
 * process `maxAttempts` times is marked failed without running again.
 */
import type { Clock, Store } from '../app/ports.js';
import type { Job } from '../domain/model.js';
import { type JobState, type NewJob, addJob, defaultBackoffMs } from './jobs.js';
import { isAtOrBefore } from './instants.js';

/** pino-compatible subset. */
export interface Log {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
export const silentLog: Log = { info: () => {}, warn: () => {}, error: () => {} };

export interface JobContext {
  /** The tick's instant (use it, not the system clock, so a tick run "as of" a time is coherent). */
  now: Date;
  /** 1 for the first run. */
  attempt: number;
  /** An earlier run was claimed but never finished (crash): check before repeating side effects. */
  recovered: boolean;
  store: Store;
  log: Log;
}
export type JobHandler = (job: Readonly<Job>, ctx: JobContext) => Promise<void>;

/** Periodic work that is not a job row (the reminder sweep): run after the jobs on every tick. */
export interface Sweep {
  name: string;
  run(now: Date): Promise<Record<string, number>>;
}

export interface JobRunnerOptions {
  store: Store;
  clock: Clock;
  handlers: Record<string, JobHandler>;
  log?: Log;
  sweeps?: Sweep[];
  /** Runs (including crashed ones) before a job is given up. Default 5. */
  maxAttempts?: number;
  /** How long a claim protects a job from being run again. Default 5 minutes. */
  leaseMs?: number;
  backoffMs?: (attempt: number) => number;
}

export interface TickReport {
  at: string;
  jobs: { done: number; retried: number; failed: number };
  sweeps: Record<string, Record<string, number>>;
}

export interface JobRunner {
  /** Runs what is due at `now` (default: the clock). While a tick runs, another call joins it. */
  tick(now?: Date): Promise<TickReport>;
  /** Adds a job in its own write (use-cases use addJob inside their update instead). */
  schedule(job: NewJob): Promise<Job>;
  start(intervalMs?: number): void;
  stop(): Promise<void>;
}

type Claim = { job: Job; attempt: number; recovered: boolean } | { giveUp: true };

export function createJobRunner(opts: JobRunnerOptions): JobRunner {
  const { store, clock, handlers } = opts;
  const log = opts.log ?? silentLog;
  const maxAttempts = opts.maxAttempts ?? 5;
  const leaseMs = opts.leaseMs ?? 5 * 60_000;
  const backoff = opts.backoffMs ?? defaultBackoffMs;
  const sweeps = opts.sweeps ?? [];
  let running: Promise<TickReport> | null = null;
  let timer: ReturnType<typeof setInterval> | null = null;

  /** Ids of due jobs, oldest first. One pass, no allocation for jobs that are not due. */
  function dueJobIds(nowMs: number): string[] {
    const due: Array<{ id: string; ms: number }> = [];
    const nowIso = new Date(nowMs).toISOString();
    for (const j of store.read().jobs as readonly JobState[]) {
      if (j.status !== 'pending' || !isAtOrBefore(j.dueAt, nowIso, nowMs)) continue;
      const ms = Date.parse(j.dueAt);
      if (j.claimedAt && Date.parse(j.claimedAt) + leaseMs > nowMs) continue; // claimed and lease not expired
      due.push({ id: j.id, ms });
    }
    return due.sort((a, b) => a.ms - b.ms).map((d) => d.id);
  }

  const claim = (id: string, now: Date): Promise<Claim | null> =>
    store.update((db): Claim | null => {
      const j = db.jobs.find((x) => x.id === id) as JobState | undefined;
      // Re-checked under the write lock: it may have been cancelled, or claimed, since the read.
      if (!j || j.status !== 'pending' || Date.parse(j.dueAt) > now.getTime()) return null;
      if (j.claimedAt && Date.parse(j.claimedAt) + leaseMs > now.getTime()) return null;
      const recovered = j.claimedAt != null;
      const attempts = j.attempts ?? 0;
      if (recovered && attempts >= maxAttempts) {
        Object.assign(j, {
          status: 'failed',
          doneAt: now.toISOString(),
          claimedAt: null,
          error: `${j.error ?? 'interrupted'} (gave up after ${attempts} runs)`,
        });
        return { giveUp: true };
      }
      j.attempts = attempts + 1;
      j.claimedAt = now.toISOString();
      return { job: structuredClone(j as Job), attempt: j.attempts, recovered };
    });

  /** Records the outcome; `error` undefined = success. Returns what became of the job. */
  const finish = (id: string, now: Date, attempt: number, error: string | undefined, retry: boolean) =>
    store.update((db): 'done' | 'retried' | 'failed' | 'gone' => {
      const j = db.jobs.find((x) => x.id === id) as JobState | undefined;
      if (!j || j.status !== 'pending') return 'gone'; // cancelled while it ran
      j.claimedAt = null;
      if (error === undefined) {
        Object.assign(j, { status: 'done', doneAt: now.toISOString(), error: null });
        return 'done';
      }
      j.error = error;
      if (retry && attempt < maxAttempts) {
        j.dueAt = new Date(now.getTime() + backoff(attempt)).toISOString();
        return 'retried';
      }
      Object.assign(j, { status: 'failed', doneAt: now.toISOString() });
      return 'failed';
    });

  async function runJobs(now: Date, report: TickReport): Promise<void> {
    for (const id of dueJobIds(now.getTime())) {
      const c = await claim(id, now);
      if (!c) continue;
      if ('giveUp' in c) {
        report.jobs.failed++;
        log.error({ jobId: id }, 'job interrupted too often; marked failed');
        continue;
      }
      const handler = handlers[c.job.kind];
      let error: string | undefined;
      if (!handler) error = `no handler for job kind "${c.job.kind}"`;
      else {
        try {
          await handler(c.job, { now, attempt: c.attempt, recovered: c.recovered, store, log });
        } catch (err) {
          error = err instanceof Error ? err.message : String(err);
        }
      }
      // A missing handler is a wiring bug: retrying cannot help.
      const outcome = await finish(id, now, c.attempt, error, handler !== undefined);
      if (outcome === 'gone') continue;
      report.jobs[outcome]++;
      if (error)
        log[outcome === 'failed' ? 'error' : 'warn']({ jobId: id, kind: c.job.kind, attempt: c.attempt, err: error }, `job ${outcome}`);
    }
  }

  async function doTick(now: Date): Promise<TickReport> {
    const report: TickReport = { at: now.toISOString(), jobs: { done: 0, retried: 0, failed: 0 }, sweeps: {} };
    try {
      await runJobs(now, report);
    } catch (err) {
      // A failed write (disk full) leaves claims behind; they are recovered after the lease.
      log.error({ err }, 'job pass failed');
    }
    for (const s of sweeps) {
      try {
        report.sweeps[s.name] = await s.run(now);
      } catch (err) {
        log.error({ err, sweep: s.name }, 'sweep failed');
      }
    }
    return report;
  }

  function tick(now: Date = clock.now()): Promise<TickReport> {
    // Ticks never overlap: a slow tick makes the next poll join it rather than run beside it.
    if (running) return running;
    const p = doTick(now).finally(() => {
      running = null;
    });
    running = p;
    return p;
  }

  const safeTick = () => {
    tick().catch((err) => log.error({ err }, 'tick failed'));
  };

  return {
    tick,
    schedule: (job) => store.update((db, tx) => addJob(db, tx, job)),
    start(intervalMs = 60_000) {
      if (timer) return;
      safeTick();
      timer = setInterval(safeTick, intervalMs);
      timer.unref(); // the HTTP server keeps the process alive, not the scheduler
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      if (running) await running.catch(() => undefined);
    },
  };
}
