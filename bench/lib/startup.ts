/**
 * Start-up of the bot as it is deployed: time from spawning the process to the first healthy
 * /healthz, and its RSS once idle, for `npm run start:bot` (TypeScript through tsx) and for the
 * production build (`node dist/index.js` after `npm run build`). Each start gets a fresh store in
 * a temp dir, no demo data, authentication off (local mode), port 0.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export interface StartupFigure {
  name: string;
  argv: string[];
  /** ms from spawn to the first 200 from /healthz, per start. */
  healthyMs: number[];
  /** RSS (MB) 2 s after healthy, per start. */
  idleRssMb: number[];
  medianHealthyMs: number;
  medianIdleRssMb: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 1024) : NaN;
}

async function startOnce(root: string, argv: string[]): Promise<{ healthyMs: number; idleRssMb: number }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'styrebot-startup-'));
  const t0 = performance.now();
  const child = spawn(process.execPath, argv, {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      PORT: '0',
      STORE_PATH: path.join(dir, 'db.json'),
      STYREBOT_DEMO: '0',
      STYREBOT_LOG_LEVEL: 'info',
      NODE_ENV: 'development',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "listening" line in 60 s: ${out}`)), 60_000);
      child.stdout!.on('data', (d) => {
        out += d;
        const m = /"url":"(http:\/\/[^"]+)\/api\/messages"/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    for (;;) {
      const ok = await fetch(`${url}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      await sleep(5);
    }
    const healthyMs = Math.round(performance.now() - t0);
    await sleep(2000);
    return { healthyMs, idleRssMb: rssMb(child.pid!) };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds dist/ (unless `build` is false and dist/index.js exists), then starts each way `starts` times, alternating. */
export async function startupFigures(
  root: string,
  opts: { starts: number; build: boolean; log: (s: string) => void },
): Promise<{ buildS: number | null; figures: StartupFigure[] }> {
  let buildS: number | null = null;
  const entry = path.join(root, 'dist/index.js');
  let exists = false;
  try {
    exists = statSync(entry).isFile();
  } catch {
    /* not built */
  }
  if (opts.build || !exists) {
    const t = performance.now();
    execFileSync(process.execPath, ['--import', 'tsx', path.join(root, 'scripts/build.ts')], { cwd: root, stdio: 'pipe' });
    buildS = Math.round((performance.now() - t) / 100) / 10;
    opts.log(`  npm run build: ${buildS} s`);
  }
  const ways = [
    {
      name: 'npm run start:bot (tsx)',
      argv: ['--import', pathToFileURL(path.join(root, 'node_modules/tsx/dist/loader.mjs')).href, path.join(root, 'src/index.ts')],
    },
    { name: 'node dist/index.js (build)', argv: [entry] },
  ];
  const figures: StartupFigure[] = ways.map((w) => ({ ...w, healthyMs: [], idleRssMb: [], medianHealthyMs: 0, medianIdleRssMb: 0 }));
  for (let i = 0; i < opts.starts; i++) {
    for (const f of figures) {
      const r = await startOnce(root, f.argv);
      f.healthyMs.push(r.healthyMs);
      f.idleRssMb.push(r.idleRssMb);
      opts.log(`  ${f.name.padEnd(28)} start ${i + 1}: healthy after ${r.healthyMs} ms, idle RSS ${r.idleRssMb} MB`);
    }
  }
  for (const f of figures) {
    f.medianHealthyMs = median(f.healthyMs);
    f.medianIdleRssMb = median(f.idleRssMb);
  }
  return { buildS, figures };
}
