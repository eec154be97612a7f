/**
 * The `Store` on PostgreSQL, shared by several bot instances (DATABASE_URL).
 *
 * Every instance keeps the whole document in memory, as the file store does, so `read()` stays
 * synchronous and every use-case runs unchanged. Rows (partition.ts): one per group plus one
 * global row, each with the revision of its last write. A commit (a group of queued mutations):
 *   BEGIN; take the store's transaction-level advisory lock; load the rows and audit entries other
 *   instances committed since this instance last looked; run the mutators on that fresh state;
 *   write the rows whose JSON changed and the new audit entries, notify; COMMIT — and only then
 *   resolve the callers. A failed commit rolls back and resets memory to the last committed state.
 * Because mutators always run on the latest committed state under one lock, a claim (an outbox
 * item or a reminder set to `sending`, a job lease) or a replay check made in a mutator holds
 * across instances exactly as it does within one process. Between commits, the other instances'
 * changes arrive through LISTEN/NOTIFY (and a slow poll as a fallback), so `read()` lags another
 * instance's commit by milliseconds; decisions are re-checked inside `update`, where state is fresh.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import pg from 'pg';
import { emptyDb, SCHEMA_VERSION, type AuditEntry, type Db } from '../../domain/model.js';
import { systemClock, type Clock, type SharedStore, type Tx } from '../../app/ports.js';
import { AppError } from '../../errors.js';
import type { QueueStats } from '../commit-queue.js';
import type { DurableStore, StoreLog } from '../lowdb-store.js';
import { inspectDb, encodeStoreFile, withAudit } from '../codec.js';
import { GLOBAL_PART, mergeParts, splitDb, type PartDoc } from './partition.js';
import { CHANNEL, claimCardSlot, readChanges, writeChanges, type PartRow, type WriteInput } from './rows.js';
import { migrateSchema, requireSchema, WRITE_LOCK } from './schema-migrate.js';
import { redactUrl } from './location.js';
import { createTx } from '../tx.js';

export { redactUrl };

export interface OpenPgStoreOptions {
  url: string;
  clock?: Clock;
  log?: StoreLog;
  /** No writes, no schema migration (CLI reports, backups). Loads the whole audit trail. */
  readOnly?: boolean;
  /** Writers: audit entries kept in memory (default 5000, as the file store). */
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
}

interface Job {
  fn: (db: Db, tx: Tx) => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

interface Cached {
  pos: number;
  json: string;
  doc: PartDoc;
}

const silent: StoreLog = { info: () => {}, warn: () => {}, error: () => {} } as unknown as StoreLog;

export async function openPgStore(opts: OpenPgStoreOptions): Promise<PgStore> {
  const where = redactUrl(opts.url);
  const log = opts.log ?? silent;
  const clock = opts.clock ?? systemClock;
  const readOnly = opts.readOnly ?? false;
  const keepAudit = readOnly ? Number.POSITIVE_INFINITY : (opts.keepAudit ?? 5000);
  const pool = new pg.Pool({ connectionString: opts.url, max: opts.poolSize ?? 5 });
  pool.on('error', (err) => log.warn({ err: String(err) }, 'postgres: idle connection failed'));
  let trips = 0;
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
  const cache = new Map<string, Cached>(); // last committed JSON of every row
  let rev = 0;
  let auditId = 0;
  let db: Db = emptyDb();
  const audit: AuditEntry[] = [];
  let ok = true;
  let refusal: (() => AppError) | null = readOnly
    ? () => new AppError('store_read_only', { path: where }, `store ${where} was opened read-only`)
    : null;
  const stats: QueueStats = { writes: 0, mutations: 0, failedWrites: 0, largestBatch: 0 };

  const trimAudit = () => {
    if (audit.length > keepAudit) audit.splice(0, audit.length - keepAudit);
  };
  const rebuild = () => {
    const groups = [...cache.entries()].filter(([k]) => k !== GLOBAL_PART).sort((a, b) => a[1].pos - b[1].pos);
    // No global row yet: a new database, whose first commit writes the empty document.
    const global = cache.get(GLOBAL_PART)?.doc ?? splitDb(emptyDb()).get(GLOBAL_PART)!;
    db = mergeParts(
      global,
      groups.map(([, c]) => c.doc),
    );
    db.audit = audit;
  };
  /** Rows from the server into the cache; true when anything changed. */
  const absorb = (parts: PartRow[], entries: { id: number; entry: AuditEntry }[]): boolean => {
    for (const p of parts) {
      rev = Math.max(rev, p.rev);
      if (p.doc === null) cache.delete(p.part);
      else cache.set(p.part, { pos: p.pos, json: JSON.stringify(p.doc), doc: p.doc });
    }
    for (const a of entries) {
      if (a.id <= auditId) continue;
      audit.push(a.entry);
      auditId = a.id;
    }
    trimAudit();
    if (parts.length) rebuild();
    return parts.length > 0 || entries.length > 0;
  };
  /** Memory back to the last committed rows (after a failed commit): parse them again. */
  const restore = () => {
    for (const c of cache.values()) c.doc = JSON.parse(c.json);
    rebuild();
  };

  // ---- first load -------------------------------------------------------------------------
  const first = await readChanges(counted(pool), 0, 0, readOnly ? null : keepAudit);
  let openedFromVersion: number | null = null;
  if (first.parts.length === 0) {
    if (readOnly) {
      await pool.end();
      throw new AppError('store_missing', { path: where }, `database ${where} holds no styrebot data yet`);
    }
    absorb([], first.audit);
    rebuild();
  } else {
    absorb(first.parts, first.audit);
    const checked = inspectDb(encodeStoreFile(db, 0));
    if (!checked.ok) {
      await pool.end();
      const problem = checked.problems.join('; ');
      throw new AppError(checked.code, { path: where, problem }, `database ${where} is unusable: ${problem}`);
    }
    openedFromVersion = checked.from;
    if (checked.from < SCHEMA_VERSION) db = withAudit(checked.db, audit); // persisted by the first commit below
  }

  // ---- commits ----------------------------------------------------------------------------
  let pending: Job[] = [];
  let running: Promise<void> | null = null;
  let stale = false;

  const apply = (job: Job, now: Date, fresh: AuditEntry[]): { ok: true; value: unknown } | { ok: false; error: unknown } => {
    const mine: AuditEntry[] = [];
    let open = true;
    const guard = () => {
      if (!open) throw new AppError('internal', {}, 'Tx used after its mutation returned');
    };
    const tx = createTx(db, now, { audit: (entry) => void mine.push(entry), guard });
    try {
      const value = job.fn(db, tx);
      if (value && typeof (value as { then?: unknown }).then === 'function') {
        return { ok: false, error: new AppError('internal', {}, 'store.update mutator returned a promise; mutators must be synchronous') };
      }
      fresh.push(...mine);
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error };
    } finally {
      open = false;
    }
  };

  /** The rows whose JSON differs from the last commit. */
  const diff = (): { write: WriteInput; next: Map<string, Cached> } => {
    const next = new Map<string, Cached>();
    const write: WriteInput = { parts: [], audit: [] };
    for (const [part, doc] of splitDb(db)) {
      const json = JSON.stringify(doc);
      const old = cache.get(part);
      next.set(part, { pos: old?.pos ?? Number.MAX_SAFE_INTEGER, json, doc });
      if (old?.json !== json) write.parts.push({ part, pos: old ? old.pos : null, json });
    }
    for (const part of cache.keys()) if (!next.has(part)) write.parts.push({ part, pos: null, json: null });
    return { write, next };
  };

  async function commit(batch: Job[]): Promise<void> {
    const client = await pool.connect();
    const c = counted(client);
    let began = false;
    const applied: { job: Job; value: unknown }[] = [];
    try {
      await q(client, `BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK})`);
      began = true;
      const ch = await readChanges(c, rev, auditId, keepAudit);
      absorb(ch.parts, ch.audit);
      const now = clock.now();
      const fresh: AuditEntry[] = [];
      for (const job of batch) {
        const r = apply(job, now, fresh);
        if (r.ok) applied.push({ job, value: r.value });
        else job.reject(r.error);
      }
      const { write, next } = diff();
      write.audit = fresh;
      if (write.parts.length === 0 && fresh.length === 0) {
        await q(client, 'COMMIT');
        for (const { job, value } of applied) job.resolve(value);
        return;
      }
      const w = await writeChanges(c, write);
      await q(client, 'COMMIT');
      // Committed: the new rows become the cache.
      for (const p of write.parts) {
        if (p.json === null) next.delete(p.part);
        else if (p.pos === null) next.get(p.part)!.pos = w.rev;
      }
      cache.clear();
      for (const [k, v] of next) cache.set(k, v);
      rev = w.rev;
      if (w.lastAuditId !== null) auditId = w.lastAuditId;
      audit.push(...fresh);
      trimAudit();
      ok = true;
      stats.writes += 1;
      stats.mutations += applied.length;
      stats.largestBatch = Math.max(stats.largestBatch, applied.length);
      for (const { job, value } of applied) job.resolve(value);
    } catch (err) {
      if (began) await client.query('ROLLBACK').catch(() => {});
      stats.failedWrites += 1;
      ok = false;
      log.error(
        { err: String(err), database: where, batch: batch.length },
        'store commit failed; in-memory state reset to the last committed state',
      );
      restore();
      const detail = err instanceof Error ? err.message : String(err);
      const failure = new AppError('store_write_failed', { path: where }, detail);
      for (const { job } of applied) job.reject(failure);
      // Mutators that never ran (the failure came first) are told too.
      for (const job of batch) if (!applied.some((a) => a.job === job)) job.reject(failure);
    } finally {
      client.release();
    }
  }

  async function drain(): Promise<void> {
    try {
      for (;;) {
        if (pending.length > 0) {
          const batch = pending;
          pending = [];
          await commit(batch); // never throws: failures reject the batch's callers
        } else if (stale) {
          stale = false;
          try {
            const ch = await readChanges(counted(pool), rev, auditId, keepAudit);
            absorb(ch.parts, ch.audit);
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
      if (Number(n.payload) > rev) {
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
      pending.push({ fn: () => undefined, resolve: () => {}, reject: () => {} });
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
    },
    path: where,
    readOnly,
    openedFromVersion,
    read: () => db,
    update<T>(fn: (db: Db, tx: Tx) => T): Promise<T> {
      if (refusal) return Promise.reject(refusal());
      return new Promise<T>((resolve, reject) => {
        pending.push({ fn, resolve: resolve as (v: unknown) => void, reject });
        void kick();
      });
    },
    describe: () => ({ path: where, ok }),
    stats: () => ({ ...stats }),
    roundTrips: () => trips,
    async refresh() {
      stale = true;
      while (running || stale) await kick();
    },
    async reload() {
      const ch = await readChanges(counted(pool), rev, auditId, null);
      absorb(ch.parts, ch.audit);
    },
    close() {
      closing ??= (async () => {
        refusal ??= () => new AppError('store_closed', { path: where }, `store ${where} is closed`);
        if (!readOnly) refusal = () => new AppError('store_closed', { path: where }, `store ${where} is closed`);
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
