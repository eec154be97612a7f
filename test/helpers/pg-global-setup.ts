/**
 * vitest globalSetup: names one directory for the run's throwaway PostgreSQL (pg-server.ts starts
 * it lazily, only when a test needs it) and removes the server and its files when the run ends —
 * also when the run is interrupted (SIGINT/SIGTERM, e.g. a `timeout` around it), so no server is
 * left running behind a killed run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PG_DIR_ENV, stopServerIn } from './pg-server.js';

export default function setup(): () => void {
  if (process.env.DATABASE_URL) return () => {};
  const dir = mkdtempSync(path.join(os.tmpdir(), 'styrebot-pg-'));
  process.env[PG_DIR_ENV] = dir;
  let done = false;
  const cleanup = () => {
    if (done) return;
    done = true;
    stopServerIn(dir);
    rmSync(dir, { recursive: true, force: true });
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      cleanup();
      process.kill(process.pid, signal); // then end as the signal would have
    });
  }
  process.once('exit', cleanup);
  return cleanup;
}
