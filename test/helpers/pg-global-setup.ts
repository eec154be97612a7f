/**
 * vitest globalSetup: names one directory for the run's throwaway PostgreSQL (pg-server.ts starts
 * it lazily, only when a test needs it) and removes the server and its files when the run ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PG_DIR_ENV, stopServerIn } from './pg-server.js';

export default function setup(): () => void {
  if (process.env.DATABASE_URL) return () => {};
  const dir = mkdtempSync(path.join(os.tmpdir(), 'styrebot-pg-'));
  process.env[PG_DIR_ENV] = dir;
  return () => {
    stopServerIn(dir);
    rmSync(dir, { recursive: true, force: true });
  };
}
