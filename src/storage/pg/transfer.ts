/**
 * Moving data in and out of PostgreSQL: `styrebot store migrate --to postgres://…` (a file store
 * into an empty database), `styrebot backup` of a database (a JSON store pair that `--store`
 * opens as it is), and `styrebot check` of a database.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import type { Db } from '../../domain/model.js';
import { AppError } from '../../errors.js';
import { auditLines, auditPathFor } from '../audit-log.js';
import type { BackupResult } from '../backup.js';
import { consistencyProblems, countsOf, type CheckResult } from '../check.js';
import { encodeStoreFile, inspectDb } from '../codec.js';
import { nodeFs, writeFileDurably } from '../durable-adapter.js';
import { GLOBAL_PART, splitDb } from './partition.js';
import { openPgStore, redactUrl } from './pg-store.js';
import { migrateSchema, WRITE_LOCK } from './schema-migrate.js';

export interface CopyResult {
  database: string;
  counts: Record<string, number>;
  /** Problems found when the copy was read back (empty = identical and consistent). */
  problems: string[];
}

/** Copies a whole store (document and full audit trail) into an empty database, then reads it back and compares. */
export async function copyIntoPg(db: Readonly<Db>, url: string): Promise<CopyResult> {
  const where = redactUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await migrateSchema(pool, where);
    const client = await pool.connect();
    try {
      await client.query(`BEGIN; SELECT pg_advisory_xact_lock(${WRITE_LOCK})`);
      const { rows } = await client.query<{ n: number }>(
        'SELECT (SELECT count(*) FROM styrebot_parts) + (SELECT count(*) FROM styrebot_audit) AS n',
      );
      if (Number(rows[0].n) > 0)
        throw new AppError(
          'store_not_empty',
          { path: where },
          `database ${where} already holds styrebot data; migrate only into an empty database`,
        );
      const parts = [...splitDb(db)];
      // Global row first, then the groups in their order (pos keeps that order for every reader).
      parts.sort((x, y) => (x[0] === GLOBAL_PART ? -1 : y[0] === GLOBAL_PART ? 1 : 0));
      await client.query(
        `WITH r AS (SELECT nextval('styrebot_rev') AS rev)
         INSERT INTO styrebot_parts (part, pos, rev, doc)
         SELECT x.part, x.ord, r.rev, x.doc::json FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS x(part, doc, ord), r`,
        [parts.map(([k]) => k), parts.map(([, doc]) => JSON.stringify(doc))],
      );
      for (let i = 0; i < db.audit.length; i += 2000) {
        const chunk = db.audit.slice(i, i + 2000).map((e) => JSON.stringify(e));
        await client.query(
          `INSERT INTO styrebot_audit (entry) SELECT e::json FROM unnest($1::text[]) WITH ORDINALITY AS x(e, ord) ORDER BY ord`,
          [chunk],
        );
      }
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  } finally {
    await pool.end();
  }
  const copy = await openPgStore({ url, readOnly: true });
  try {
    const back = copy.read();
    const problems = consistencyProblems(back);
    const want = countsOf(db as Db);
    const got = countsOf(back);
    for (const k of new Set([...Object.keys(want), ...Object.keys(got)])) {
      if (want[k] !== got[k]) problems.push(`${k}: ${want[k] ?? 0} in the file, ${got[k] ?? 0} in the database`);
    }
    // Row by row (the order of records of different groups in one collection is not kept: each
    // group's records stay in their order, the outbox in id order).
    const mine = splitDb(db);
    for (const [part, doc] of splitDb(back)) {
      if (JSON.stringify(doc) !== JSON.stringify(mine.get(part))) problems.push(`${part}: the data read back differs from the file`);
    }
    if (!isDeepStrictEqual(back.audit, db.audit)) problems.push('audit: the trail read back differs from the file');
    return { database: where, counts: got, problems };
  } finally {
    await copy.close();
  }
}

/**
 * A consistent JSON export of a database: one statement reads every row and the audit table (one
 * snapshot), written as a store pair — `<out>.audit.jsonl` first, then `<out>` — like a file backup.
 */
export async function backupPg(url: string, outFile: string): Promise<BackupResult> {
  const store = await openPgStore({ url, readOnly: true });
  try {
    const db = store.read();
    const text = encodeStoreFile(db, db.audit.length);
    const checked = inspectDb(text);
    if (!checked.ok) throw new AppError(checked.code, { path: store.path, problem: checked.problems.join('; ') });
    const out = resolve(outFile);
    await mkdir(dirname(out), { recursive: true });
    const auditPath = auditPathFor(out);
    await writeFileDurably(nodeFs, auditPath, auditLines(db.audit));
    await writeFileDurably(nodeFs, out, text);
    return { path: out, bytes: Buffer.byteLength(text), schemaVersion: db.schemaVersion, auditPath, counts: countsOf(db) };
  } finally {
    await store.close();
  }
}

/** `check` of a database: readable, valid against the schema, internally consistent. Reports instead of throwing. */
export async function checkPg(url: string): Promise<CheckResult> {
  let store;
  try {
    store = await openPgStore({ url, readOnly: true });
  } catch (err) {
    return { ok: false, problems: [err instanceof Error ? err.message : String(err)], counts: {} };
  }
  try {
    const db = store.read();
    const problems = consistencyProblems(db);
    return { ok: problems.length === 0, problems, counts: countsOf(db) };
  } finally {
    await store.close();
  }
}
