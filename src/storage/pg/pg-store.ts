/**
 * The `Store` on PostgreSQL, shared by several bot instances (DATABASE_URL).
 *
 * Every instance keeps the whole document in memory (replica.ts), as the file store does, so
 * `read()` stays synchronous and every use-case runs unchanged. Rows (partition.ts): one per group
 * plus one global row. A commit (a group of queued mutations):
 *   BEGIN; take the advisory locks of the mutations' scope (locks.ts: the groups named by
 *   `update(fn, {groupId})`, else the whole store); load the rows and audit entries other
 *   instances committed since this instance last looked; run the mutators on that fresh state;
 *   write the rows whose JSON changed and the new audit entries, notify; COMMIT — and only then
 *   resolve the callers. A commit that changed a row outside its locks rolls back and runs again
 *   with them locked; a failed commit rolls back and resets memory to the last committed state.
 * Because mutators run on the latest committed state of every row they change, under that row's
 * lock, a claim (an outbox item or a reminder set to `sending`, a job lease) or a replay check
 * made in a mutator holds across instances exactly as it does within one process, while commits
 * of different groups on different instances run side by side. Between commits, the other
 * instances' changes arrive through LISTEN/NOTIFY (and a slow poll as a fallback), so `read()`
 * lags another instance's commit by milliseconds; decisions are re-checked inside `update`.
 */
import { AUDIT_IN_MEMORY } from '../lowdb-store.js';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import { SCHEMA_VERSION, type Db } from '../../domain/model.js';
import { systemClock, type Clock, type SharedStore, type Tx, type UpdateScope } from '../../app/ports.js';
import { AppError } from '../../errors.js';
import { countWrite, newQueueStats, type QueueStats } from '../write-stats.js';
import type { DurableStore, StoreLog } from '../lowdb-store.js';
import { inspectDb, encodeStoreFile, withAudit } from '../codec.js';
import { runMutation, type MutationResult, type Mutator } from '../mutation.js';
import { beginSql, outside, scopeOf, unionScope, WHOLE_STORE, type LockScope } from './locks.js';
import { Replica } from './replica.js';
import { CHANNEL, claimCardSlot, pruneCardSlots, readChanges, writeChanges } from './rows.js';
import { migrateSchema, requireSchema } from './schema-migrate.js';
import { redactUrl } from './location.js';

export { redactUrl };

export interface OpenPgStoreOptions {
  url: string;
  clock?: Clock;
  log?: StoreLog;
  /** No writes, no schema migration (CLI reports, backups). Loads the whole audit trail. */
  readOnly?: boolean;
  /** Writers: audit entries kept in memory (default AUDIT_IN_MEMORY, as the file store). */
  keepAudit?: number;
  /** Pool size (default 5). */
  poolSize?: number;
  /** Another instance's outbox claim counts as interrupted after this long (default 2 min; sends time out after 5 s). */
  claimLeaseMs?: number;
  /** Fallback poll for other instances' changes when a notification was missed (default 2 s; 0 = off). */
  pollMs?: number;
}

export interface PgStore extends DurableStore {
  readonly backend: 'postgres';
  readonly shared: SharedStore;
  readonly pool: pg.Pool;
  /** Load what other instances committed since this one last looked. */
  refresh(): Promise<void>;
  /** Statements sent to the server (for the benchmark's round trips per ballot). */
  roundTrips(): number;
  /** Commits run again under wider locks because they changed a row outside their scope. */
  widenedCommits(): number;
}

interface Job {
  fn: Mutator;
  scope: LockScope;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

const silent: StoreLog = { info: () => {}, warn: () => {}, error: () => {} } as unknown as StoreLog;
/** Widenings to the rows a commit changed before it locks the whole store (which always fits). */
const MAX_WIDEN = 1;

export async function openPgStore(opts: OpenPgStoreOptions): Promise<PgStore> {
  const where = redactUrl(opts.url);
  const log = opts.log ?? silent;
  const clock = opts.clock ?? systemClock;
  const readOnly = opts.readOnly ?? false;
  const keepAudit = readOnly ? Number.POSITIVE_INFINITY : (opts.keepAudit ?? AUDIT_IN_MEMORY);
  const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 5 });
  pool.on('error', (err) => log.warn({ err: String(err) }, 'postgres: idle connection failed'));
  let trips = 0;
  let widened = 0;
  const q = async <R extends pg.QueryResultRow>(c: pg.ClientBase | pg.Pool, text: string, values?: unknown[]) => {
    trips += 1;
    return c.query<R>(text, values);
  };
  const counted = (c: pg.ClientBase | pg.Pool) =>
    ({ query: (text: string, values?: unknown[]) => q(c, text, values) }) as unknown as pg.ClientBase;

  try {
    if (readOnly) await requireSchema(pool, where);
    else {
      const m = await migrateSchema(pool, where);
      if (m.applied.length) log.info({ database: where, from: m.from, to: m.to }, 'database schema migrated');
    }
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }

  // ---- state ------------------------------------------------------------------------------
  const replica = new Replica(keepAudit);
  let ok = true;
  let refusal: (() => AppError) | null = readOnly
    ? () => new AppError('store_read_only', { path: where }, `store ${where} was opened read-only`)
    : null;
  const stats: QueueStats = newQueueStats();
  const load = async (c: pg.ClientBase | pg.Pool, auditLimit: number | null = keepAudit) =>
    replica.absorb(await readChanges(counted(c), replica.rev, replica.auditId, auditLimit, replica.ownSince()));

  // ---- first load -------------------------------------------------------------------------
  let openedFromVersion: number | null = null;
  await load(pool, readOnly ? null : keepAudit);
  if (replica.empty) {
    if (readOnly) {
      await pool.end();
      throw new AppError('store_missing', { path: where }, `database ${where} holds no styrebot data yet`);
    }
  } else {
    const checked = inspectDb(encodeStoreFile(replica.db, 0));
    if (!checked.ok) {
      await pool.end();
      const problem = checked.problems.join('; ');
      throw new AppError(checked.code, { path: where, problem }, `database ${where} is unusable: ${problem}`);
    }
    openedFromVersion = checked.from;
    if (checked.from < SCHEMA_VERSION) replica.replace(withAudit(checked.db, [])); // persisted by the first commit below
  }

  // ---- commits ----------------------------------------------------------------------------
  let pending: Job[] = [];
  let running: Promise<void> | null = null;
  let stale = false;

  const settle = (batch: Job[], results: MutationResult[], failure: unknown) => {
    batch.forEach((job, i) => {
      const r = results[i];
      if (r && !r.ok) job.reject(r.error);
      else if (failure !== null) job.reject(failure);
      else job.resolve(r!.value);
    });
  };

  /** One try under `scope`: 'done' (callers settled), or the rows it must lock as well. */
  async function attempt(batch: Job[], scope: LockScope): Promise<'done' | string[]> {
    const client = await pool.connect();
    const c = counted(client);
    let began = false;
    let results: MutationResult[] = [];
    try {
      await q(client, beginSql(scope));
      began = true;
      await load(client);
      const now = clock.now();
      results = batch.map((job) => runMutation(job.fn, replica.db, now));
      const { write, next } = replica.diff();
      const extra = outside(
        scope,
        write.parts.map((p) => p.part),
      );
      if (extra.length) {
        replica.restore(write.parts.map((p) => p.part)); // before any await: nobody reads the undone change
        await q(client, 'ROLLBACK');
        return extra;
      }
      write.audit = results.flatMap((r) => (r.ok ? r.audit : []));
      if (write.parts.length > 0 || write.audit.length > 0) {
        const started = performance.now();
        const w = await writeChanges(c, write);
        await q(client, 'COMMIT');
        countWrite(stats, performance.now() - started);
        replica.committed(write, next, w.rev, w.auditIds);
        stats.writes += 1;
      } else await q(client, 'COMMIT');
      ok = true;
      const applied = results.filter((r) => r.ok).length;
      stats.mutations += applied;
      stats.largestBatch = Math.max(stats.largestBatch, applied);
      settle(batch, results, null);
    } catch (err) {
      replica.restore();
      if (began) await client.query('ROLLBACK').catch(() => {});
      stats.failedWrites += 1;
      ok = false;
      log.error(
        { err: String(err), database: where, batch: batch.length },
        'store commit failed; in-memory state reset to the last committed state',
      );
      const detail = err instanceof Error ? err.message : String(err);
      settle(batch, results, new AppError('store_write_failed', { path: where }, detail));
    } finally {
      client.release();
    }
    return 'done';
  }

  /** Never throws: failures reject the batch's callers. */
  async function commit(batch: Job[]): Promise<void> {
    let scope = batch.reduce<LockScope>((s, j) => unionScope(s, j.scope), { all: false, parts: new Set() });
    for (let tries = 0; ; tries++) {
      const r = await attempt(batch, scope);
      if (r === 'done') return;
      widened += 1;
      scope = tries >= MAX_WIDEN ? WHOLE_STORE : unionScope(scope, { all: false, parts: new Set(r) });
    }
  }

  async function drain(): Promise<void> {
    try {
      for (;;) {
        if (pending.length > 0) {
          const batch = pending;
          pending = [];
          await commit(batch);
        } else if (stale) {
          stale = false;
          try {
            await load(pool);
          } catch (err) {
            // The next notification, poll or commit tries again; queued commits go on meanwhile.
            log.warn({ err: String(err), database: where }, "postgres: could not load other instances' changes");
          }
        } else break;
      }
    } finally {
      running = null;
    }
  }
  const kick = () => {
    if (!running) running = Promise.resolve().then(drain);
    return running;
  };

  // ---- other instances --------------------------------------------------------------------
  let listener: pg.Client | null = null;
  let poll: NodeJS.Timeout | null = null;
  let closed = false;
  const listen = async () => {
    const c = new pg.Client({ connectionString: opts.url });
    c.on('notification', (n) => {
      if (!replica.knows(Number(n.payload))) {
        stale = true;
        void kick();
      }
    });
    c.on('error', (err) => {
      log.warn({ err: String(err) }, 'postgres: change listener lost; reconnecting');
      listener = null;
      c.end().catch(() => {});
      if (!closed) setTimeout(() => void listen().catch(() => {}), 1000).unref();
    });
    await c.connect();
    await c.query(`LISTEN ${CHANNEL}`);
    listener = c;
    stale = true; // anything committed while we were not listening
    void kick();
  };
  if (!readOnly) {
    await listen();
    const pollMs = opts.pollMs ?? 2000;
    if (pollMs > 0) {
      poll = setInterval(() => {
        stale = true;
        void kick();
      }, pollMs);
      poll.unref();
    }
    if (openedFromVersion === null || openedFromVersion < SCHEMA_VERSION) {
      // A new database gets its global row now; an older document is written back migrated.
      pending.push({ fn: () => undefined, scope: WHOLE_STORE, resolve: () => {}, reject: () => {} });
      await kick();
      if (!ok) throw new AppError('store_write_failed', { path: where }, 'could not write the initial document');
      if (openedFromVersion !== null) log.info({ database: where, from: openedFromVersion, to: SCHEMA_VERSION }, 'store migrated');
      else log.info({ database: where }, 'store created');
    }
  }
  let closing: Promise<void> | null = null;
  const instanceId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  return {
    backend: 'postgres',
    pool,
    shared: {
      instanceId,
      claimLeaseMs: opts.claimLeaseMs ?? 120_000,
      claimCardSlot: (card, minIntervalMs) => claimCardSlot(counted(pool), card, minIntervalMs),
      pruneCardSlots: (idleMs) => pruneCardSlots(counted(pool), idleMs),
    },
    path: where,
    readOnly,
    openedFromVersion,
    read: () => replica.db,
    update<T>(fn: (db: Db, tx: Tx) => T, scope?: UpdateScope): Promise<T> {
      if (refusal) return Promise.reject(refusal());
      return new Promise<T>((resolve, reject) => {
        pending.push({ fn, scope: scopeOf(scope?.groupId), resolve: resolve as (v: unknown) => void, reject });
        void kick();
      });
    },
    describe: () => ({ path: where, ok }),
    stats: () => ({ ...stats }),
    roundTrips: () => trips,
    widenedCommits: () => widened,
    async refresh() {
      stale = true;
      while (running || stale) await kick();
    },
    async reload() {
      await load(pool, null);
    },
    close() {
      closing ??= (async () => {
        refusal = () => new AppError('store_closed', { path: where }, `store ${where} is closed`);
        closed = true;
        if (poll) clearInterval(poll);
        while (running) await running; // everything accepted is committed first
        await listener?.end().catch(() => {});
        await pool.end().catch(() => {});
      })();
      return closing;
    },
  };
}
