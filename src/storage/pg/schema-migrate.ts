/**
 * Applies the SQL steps (schema-sql.ts) a database lacks, at start, under a session advisory lock:
 * several instances starting together migrate once, the others wait and then find nothing to do.
 * Each step runs in its own transaction together with its row in `styrebot_schema`. A database
 * whose schema is newer than this code knows is refused (the code would misread it).
 */
import type pg from 'pg';
import { AppError } from '../../errors.js';
import { SQL_SCHEMA_VERSION, SQL_STEPS } from './schema-sql.js';

/** Advisory lock keys (arbitrary constants, shared by every styrebot instance). */
export const MIGRATE_LOCK = 0x57b0_0001;
export const WRITE_LOCK = 0x57b0_0002;

export interface MigrateReport {
  from: number;
  to: number;
  applied: number[];
}

export async function migrateSchema(pool: pg.Pool, where: string): Promise<MigrateReport> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATE_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS styrebot_schema (
        version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      const { rows } = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM styrebot_schema');
      const from = rows[0].v ?? 0;
      if (from > SQL_SCHEMA_VERSION) {
        const problem = `its schema version ${from} is newer than this styrebot knows (${SQL_SCHEMA_VERSION}); upgrade styrebot`;
        throw new AppError('store_too_new', { path: where, problem }, `database ${where}: ${problem}`);
      }
      const applied: number[] = [];
      for (const step of SQL_STEPS) {
        if (step.version <= from) continue;
        await client.query('BEGIN');
        try {
          await client.query(step.sql);
          await client.query('INSERT INTO styrebot_schema (version, name) VALUES ($1, $2)', [step.version, step.name]);
          await client.query('COMMIT');
        } catch (err) {
          await client.query('ROLLBACK').catch(() => {});
          throw err;
        }
        applied.push(step.version);
      }
      return { from, to: SQL_SCHEMA_VERSION, applied };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATE_LOCK]).catch(() => {});
    }
  } finally {
    client.release();
  }
}

/** Readers must not migrate: they need a schema this code understands and refuse anything else. */
export async function requireSchema(pool: pg.Pool, where: string): Promise<void> {
  const { rows } = await pool.query<{ t: string | null }>(`SELECT to_regclass('styrebot_schema')::text AS t`);
  if (!rows[0].t) throw new AppError('store_missing', { path: where }, `database ${where} holds no styrebot data yet`);
  const v = await pool.query<{ v: number | null }>('SELECT max(version) AS v FROM styrebot_schema');
  const have = v.rows[0].v ?? 0;
  if (have > SQL_SCHEMA_VERSION) {
    const problem = `its schema version ${have} is newer than this styrebot knows (${SQL_SCHEMA_VERSION}); upgrade styrebot`;
    throw new AppError('store_too_new', { path: where, problem }, `database ${where}: ${problem}`);
  }
  if (have < SQL_SCHEMA_VERSION) {
    throw new AppError(
      'store_missing',
      { path: where },
      `database ${where} has schema ${have}; start the bot once to migrate it to ${SQL_SCHEMA_VERSION}`,
    );
  }
}
