import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/**
 * The real entry point (`node --import tsx src/index.ts`, what `npm run start:bot` and the
 * container run) as a child process: refusal to start, health check, graceful SIGTERM, and the
 * one-writer store lock across processes.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Bot {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let dir: string;
const running: Bot[] = [];

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'styrebot-startup-'));
});
afterEach(async () => {
  for (const b of running.splice(0)) {
    if (b.proc.exitCode === null && b.proc.signalCode === null) b.proc.kill('SIGKILL');
    await b.exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

/** Spawns the bot with exactly `env` (plus PATH/HOME), never the developer's .env or shell settings. */
function spawnBot(env: Record<string, string>): Bot {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      DOTENV_CONFIG_PATH: path.join(dir, 'no-such.env'),
      NODE_ENV: 'development',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout!.on('data', (c) => (out += c));
  proc.stderr!.on('data', (c) => (err += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const bot = { proc, stdout: () => out, stderr: () => err, exited };
  running.push(bot);
  return bot;
}

/** The parsed pino line whose msg is `msg`, once it appears (or the process exits first). */
async function waitForLog(bot: Bot, msg: string, timeoutMs = 20_000): Promise<any> {
  const until = Date.now() + timeoutMs;
  let done = false;
  void bot.exited.then(() => (done = true));
  for (;;) {
    for (const line of bot.stdout().split('\n')) {
      if (!line.startsWith('{')) continue;
      try {
        const entry = JSON.parse(line);
        if (entry.msg === msg) return entry;
      } catch {
        // a partial line; read again
      }
    }
    if (done) throw new Error(`exited before "${msg}"\nstdout:\n${bot.stdout()}\nstderr:\n${bot.stderr()}`);
    if (Date.now() > until) throw new Error(`no "${msg}" within ${timeoutMs} ms\nstdout:\n${bot.stdout()}\nstderr:\n${bot.stderr()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('startup (node --import tsx src/index.ts)', () => {
  it('NODE_ENV=production without credentials refuses to start: non-zero exit, stderr says why, nothing opened', async () => {
    const storePath = path.join(dir, 'db.json');
    const bot = spawnBot({ NODE_ENV: 'production', STORE_PATH: storePath, PORT: '0', STYREBOT_DEMO: '0' });
    const { code } = await bot.exited;
    expect(code).not.toBe(0);
    expect(code).not.toBeNull();
    expect(bot.stderr()).toContain('MicrosoftAppId: required when NODE_ENV=production');
    expect(bot.stdout()).not.toContain('styrebot listening');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('invalid settings are all reported at once on stderr', async () => {
    const bot = spawnBot({ PORT: 'eighty', STYREBOT_LOCALE: 'sv', STORE_PATH: path.join(dir, 'db.json') });
    const { code } = await bot.exited;
    expect(code).not.toBe(0);
    expect(bot.stderr()).toContain('PORT:');
    expect(bot.stderr()).toContain('STYREBOT_LOCALE:');
  });

  it('serves /healthz, a second instance on the same store is refused naming file and holder, SIGTERM exits 0 with a readable store', async () => {
    const storePath = path.join(dir, 'db.json');
    const bot = spawnBot({ STORE_PATH: storePath, PORT: '0', STYREBOT_DEMO: '0' });
    const listening = await waitForLog(bot, 'styrebot listening');
    // Local mode: loopback only.
    const url = new URL(listening.url);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.pathname).toBe('/api/messages');
    expect(Number(url.port)).toBeGreaterThan(0);
    expect(bot.stdout()).toContain('authentication is OFF');

    const res = await fetch(`http://127.0.0.1:${url.port}/healthz`);
    expect(res.status).toBe(200);
    const health = await res.json();
    expect(health).toMatchObject({ status: 'ok', store: { ok: true } });
    expect(typeof health.version).toBe('string');
    expect(typeof health.uptimeS).toBe('number');
    expect(path.resolve(ROOT, health.store.path)).toBe(storePath);

    // A second bot on the same store file must not become a second writer.
    const second = spawnBot({ STORE_PATH: storePath, PORT: '0', STYREBOT_DEMO: '0' });
    const secondExit = await second.exited;
    expect(secondExit.code).not.toBe(0);
    expect(secondExit.code).not.toBeNull();
    expect(second.stderr()).toContain('store_locked');
    expect(second.stderr()).toContain(storePath);
    expect(second.stderr()).toMatch(new RegExp(`locked by pid ${bot.proc.pid} on host \\S+`));
    expect(second.stdout()).not.toContain('styrebot listening');
    // ... and the first one is unharmed.
    expect((await fetch(`http://127.0.0.1:${url.port}/healthz`)).status).toBe(200);

    bot.proc.kill('SIGTERM');
    const { code, signal } = await bot.exited;
    expect(signal).toBeNull();
    expect(code).toBe(0);
    expect(bot.stdout()).toContain('shutting down');
    const db = JSON.parse(readFileSync(storePath, 'utf8'));
    expect(db.groups).toEqual([]);
    // The lock is released: the owner file is gone.
    expect(existsSync(`${storePath}.owner`)).toBe(false);
  });

  it('without STYREBOT_DEMO=0 an empty store gets the demo steering group, kept after SIGTERM', async () => {
    const storePath = path.join(dir, 'db.json');
    const bot = spawnBot({ STORE_PATH: storePath, PORT: '0' });
    await waitForLog(bot, 'styrebot listening');
    expect(bot.stdout()).toContain('demo steering group seeded');
    bot.proc.kill('SIGTERM');
    expect((await bot.exited).code).toBe(0);
    const db = JSON.parse(readFileSync(storePath, 'utf8'));
    expect(db.groups.length).toBeGreaterThan(0);
  });
});
