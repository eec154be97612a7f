/**
 * A throwaway PostgreSQL for the tests. With `DATABASE_URL` set, the tests use that server; without
 * it, the installed binaries (Debian `postgresql`, /usr/lib/postgresql/<v>/bin) start one server
 * per test run: initdb into a temp dir, listening only on a unix socket inside it (no port to
 * collide with), run as the `postgres` user when we are root. The vitest globalSetup
 * (pg-global-setup.ts) names the dir and removes the server at the end; the first test file that
 * needs it starts it, under flock, so parallel test files share it. Every test gets its own
 * database (`createTestDatabase`). A missing PostgreSQL is a failure, never a skip.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

export const PG_DIR_ENV = 'STYREBOT_PG_DIR';

export function pgBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number(b) - Number(a));
  if (versions.length === 0) {
    throw new Error(
      'PostgreSQL is not installed (no /usr/lib/postgresql/<version>/bin/initdb) and DATABASE_URL is unset: ' +
        "install Debian's `postgresql` package (.ci/run does) or point DATABASE_URL at a server the tests may create databases on",
    );
  }
  return path.join(root, versions[0], 'bin');
}

const isRoot = () => process.getuid?.() === 0;

/** Start (once per dir, under flock) a server in `dir`; returns its base URL (database `postgres`). */
export function startServerIn(dir: string, opts: { durable?: boolean } = {}): string {
  const bin = pgBinDir();
  const asPg = isRoot() ? 'runuser -u postgres -- ' : '';
  // Tests need no crash safety from the database server itself (the bot processes are what get
  // killed); the benchmark asks for a durable one.
  const settings = opts.durable ? '' : ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off';
  const script = `
    set -e
    D="${dir}"
    if [ ! -f "$D/ready" ]; then
      mkdir -p "$D/data" "$D/sock"
      ${isRoot() ? 'chown -R postgres:postgres "$D"' : ':'}
      ${asPg}"${bin}/initdb" -D "$D/data" -U postgres --auth=trust -E UTF8 --locale=C >"$D/initdb.log" 2>&1
      ${asPg}"${bin}/pg_ctl" -D "$D/data" -l "$D/server.log" -w -t 60 \\
        -o "-k $D/sock -c listen_addresses='' -c max_connections=200 -c shared_buffers=32MB${settings}" start >/dev/null
      touch "$D/ready"
    fi`;
  // --close: the server started inside must not inherit (and hold forever) the lock.
  execFileSync('flock', ['--close', path.join(dir, '.lock'), 'sh', '-c', script], { stdio: ['ignore', 'ignore', 'pipe'] });
  return `postgresql://postgres@localhost/postgres?host=${encodeURIComponent(path.join(dir, 'sock'))}`;
}

export function stopServerIn(dir: string): void {
  if (!existsSync(path.join(dir, 'ready'))) return;
  const bin = pgBinDir();
  const cmd = isRoot() ? ['runuser', '-u', 'postgres', '--', `${bin}/pg_ctl`] : [`${bin}/pg_ctl`];
  try {
    execFileSync(cmd[0], [...cmd.slice(1), '-D', path.join(dir, 'data'), '-m', 'immediate', '-w', 'stop'], { stdio: 'ignore' });
  } catch {
    // Already gone: removing the directory is all that is left.
  }
}

let base: string | null = null;

/** The server the tests use: DATABASE_URL, or the run's throwaway server (started on first use). */
export function testServerUrl(): string {
  if (base) return base;
  if (process.env.DATABASE_URL) return (base = process.env.DATABASE_URL);
  let dir = process.env[PG_DIR_ENV];
  if (!dir) {
    // No globalSetup (another vitest config): a server of this process, stopped at exit.
    dir = mkdtempSync(path.join(os.tmpdir(), 'styrebot-pg-'));
    const own = dir;
    process.once('exit', () => {
      stopServerIn(own);
      execFileSync('rm', ['-rf', own]);
    });
  }
  return (base = startServerIn(dir));
}

/** `url` with its database name replaced. */
export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

let counter = 0;

/** A new empty database on the test server; returns its URL. */
export async function createTestDatabase(label = 't'): Promise<string> {
  const server = testServerUrl();
  counter += 1;
  const name = `styrebot_${label}_${process.pid}_${counter}_${Math.random().toString(36).slice(2, 8)}`
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_');
  const client = new pg.Client({ connectionString: server });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return withDatabase(server, name);
}

/** Drop a database made by createTestDatabase (connections to it are ended first). */
export async function dropTestDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const client = new pg.Client({ connectionString: testServerUrl() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
