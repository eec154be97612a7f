/**
 * `npm run build` → `node dist/index.js` is the bot as `npm run start:bot` starts it: same env,
 * same store, same answers. Paths the code resolves from its own file (package.json for the
 * version, cards/ for templates) must hold from dist/ as from src/.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardAction, groupChat, users } from '../helpers/activities.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const VERSION = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;

interface Started {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
}

/** Starts the bot with argv and waits for its "styrebot listening" log line (port 0: any free port). */
async function start(argv: string[], dir: string): Promise<Started> {
  const child = spawn(process.execPath, argv, {
    cwd: dir, // no .env here: only the env below
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
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening" line in 30 s:\n${out}`)), 30_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /"url":"(http:\/\/[^"]+)\/api\/messages"[^\n]*styrebot listening/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr!.on('data', (d) => (out += d));
    void exited.then((code) => reject(new Error(`exited ${code}:\n${out}`)));
  });
  return { child, url, exited };
}

describe('production build (npm run build → node dist/index.js)', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const d = mkdtempSync(path.join(os.tmpdir(), 'styrebot-dist-'));
    dirs.push(d);
    return d;
  };

  beforeAll(() => {
    try {
      execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/build.ts')], {
        cwd: ROOT,
        stdio: 'pipe',
        encoding: 'utf8',
      });
    } catch (err: any) {
      throw new Error(`npm run build failed:\n${err.stdout}\n${err.stderr}`);
    }
  }, 120_000);
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('writes dist/ with the entry point and the files tsc does not emit', () => {
    expect(existsSync(path.join(ROOT, 'dist/index.js'))).toBe(true);
    expect(existsSync(path.join(ROOT, 'dist/import/pdf-text-worker.mjs'))).toBe(true);
    expect(existsSync(path.join(ROOT, 'dist/cli.js'))).toBe(true);
  });

  it('starts healthy, answers a card click with a card like the tsx start, and stops cleanly on SIGTERM', async () => {
    const answers: unknown[] = [];
    for (const argv of [
      [path.join(ROOT, 'dist/index.js')],
      ['--import', pathToFileURL(path.join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href, path.join(ROOT, 'src/index.ts')],
    ]) {
      const dir = tmp();
      const bot = await start(argv, dir);
      try {
        const health = await fetch(`${bot.url}/healthz`);
        expect(health.status).toBe(200);
        expect(await health.json()).toMatchObject({ status: 'ok', version: VERSION, store: { ok: true, path: path.join(dir, 'db.json') } });
        // A click in a chat without a steering group: the answer is a card rendered from cards/.
        const res = await fetch(`${bot.url}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(cardAction(bot.url, groupChat, users.anna, 'vote.refresh', { groupId: 'g1', roundId: 'V1' })),
        });
        expect(res.status).toBe(200);
        const body = (await res.json()) as any;
        answers.push(body);
      } finally {
        bot.child.kill('SIGTERM');
      }
      expect(await bot.exited).toBe(0);
      expect(existsSync(path.join(dir, 'db.json'))).toBe(true);
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(JSON.stringify(answers[0])).toMatch(/AdaptiveCard|application\/vnd\.microsoft/);
  }, 90_000);
});
