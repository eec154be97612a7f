/**
 * Restart after a crash (issue #13, 7): `npm start` (the real script, no playground), installs
 * into 40 group chats streaming in, the bot process SIGKILLed mid-stream (what the OOM killer
 * does), `npm start` again at once. The new bot must take the dead writer's store lock over
 * instead of refusing or waiting for it to go stale (taken over within a second of trying; healthy
 * again within 5 s on a quiet machine, the time is recorded), and hold every
 * install that was acknowledged (HTTP 200) before the kill.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/storage/lowdb-store.js';
import { botAdded, TENANT, users, type TestConversation } from '../helpers/activities.js';
import { startFakeConnector, type FakeConnector } from '../helpers/fake-connector.js';
import { figure, ms } from './figures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const INSTALLS = 40;
const KILL_AFTER_ACKS = 15;

interface Started {
  proc: ChildProcess;
  out: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let dir: string;
let port: number;
let fc: FakeConnector;
const started: Started[] = [];

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const p = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return p;
}

/** `npm start` in its own process group (so the test can end exactly what it started). */
function npmStart(): Started {
  const proc = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      DOTENV_CONFIG_PATH: path.join(dir, 'no-such.env'),
      NODE_ENV: 'development',
      STORE_PATH: path.join(dir, 'db.json'),
      PORT: String(port),
      STYREBOT_PLAYGROUND: '0',
      STYREBOT_DEMO: '0',
      STYREBOT_LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (c) => (out += c));
  proc.stderr!.on('data', (c) => (out += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((r) =>
    proc.on('exit', (code, signal) => r({ code, signal })),
  );
  const s = { proc, out: () => out, exited };
  started.push(s);
  return s;
}

/** Milliseconds until /healthz answers 200 (polled every 25 ms). */
async function untilHealthy(s: Started, t0: number, timeoutMs = 90_000): Promise<number> {
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.status === 200) return performance.now() - t0;
    } catch {
      // not listening yet
    }
    if (s.proc.exitCode !== null) throw new Error(`npm start exited:\n${s.out()}`);
    if (performance.now() - t0 > timeoutMs) throw new Error(`not healthy within ${timeoutMs} ms:\n${s.out()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'styrebot-restart-'));
  port = await freePort();
  fc = await startFakeConnector();
  fc.members.set('*', [{ id: users.anna.id, name: users.anna.name, aadObjectId: users.anna.aadObjectId }]);
});

afterAll(async () => {
  for (const s of started) {
    if (s.proc.exitCode === null && s.proc.signalCode === null) {
      try {
        process.kill(-s.proc.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
      await s.exited;
    }
  }
  await fc?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('restart after a crash', () => {
  it('SIGKILL, then npm start: the lock is taken over without waiting, healthy again, no acknowledged install lost', async () => {
    const first = npmStart();
    const cleanStartMs = await untilHealthy(first, performance.now());

    // Installs stream in, 4 in flight; the bot is killed once KILL_AFTER_ACKS are acknowledged.
    const chats: TestConversation[] = Array.from({ length: INSTALLS }, (_, i) => ({
      id: `19:restart-${i}@thread.v2`,
      type: 'groupChat',
      tenantId: TENANT,
      name: `Gruppe ${i}`,
    }));
    const acked: string[] = [];
    let next = 0;
    let killedPid = 0;
    const kill = () => {
      if (killedPid) return;
      killedPid = JSON.parse(readFileSync(path.join(dir, 'db.json.owner'), 'utf8')).pid;
      process.kill(killedPid, 'SIGKILL');
    };
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < chats.length && !killedPid) {
          const chat = chats[next++];
          try {
            const res = await fetch(`http://127.0.0.1:${port}/api/messages`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify(botAdded(fc.url, chat, users.anna)),
            });
            if (res.status === 200) acked.push(chat.id);
          } catch {
            // cut off by the kill: not acknowledged
          }
          if (acked.length >= KILL_AFTER_ACKS) kill();
        }
      }),
    );
    kill();
    const firstExit = await first.exited;

    // On a loaded machine loading the modules can take longer than the lock's stale time (10 s),
    // and then any start would get the lock. Keep the dead holder's lock fresh, as if it had died
    // a moment ago, until it is gone: then only the takeover can let the new bot start.
    const lockDir = path.join(dir, 'db.json.lock');
    const deadLock = statSync(lockDir).ino;
    const freshen = setInterval(() => {
      try {
        if (statSync(lockDir).ino === deadLock) utimesSync(lockDir, new Date(), new Date());
        else clearInterval(freshen);
      } catch {
        clearInterval(freshen);
      }
    }, 250);
    const second = npmStart();
    const restartMs = await untilHealthy(second, performance.now()).finally(() => clearInterval(freshen));
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { status: string; store: { ok: boolean } };
    // The log line, as JSON or as `npm start` pretty-prints it.
    const out = second.out();
    const at = out.search(/store lock taken over: /);
    const takeover =
      at < 0
        ? null
        : {
            msg: /store lock taken over: [^\n"]*/.exec(out.slice(at))![0],
            afterMs: Number(/"?afterMs"?:\s*(\d+)/.exec(out.slice(at))?.[1] ?? NaN),
          };

    const reader = await openStore({ path: path.join(dir, 'db.json'), readOnly: true });
    const stored = new Set(reader.read().groups.map((g) => g.conversation.conversationId));
    await reader.close();
    const lost = acked.filter((id) => !stored.has(id));

    process.kill(-second.proc.pid!, 'SIGTERM');
    const secondExit = await second.exited;

    // The 5 s target is for a machine that is not running other suites: module loading alone
    // (tsx, botbuilder, teams-ai) takes several seconds of CPU, and more under load. What a crash
    // must not add is any wait: the lock is taken over within a second of trying (`afterMs`).
    const waited = out.includes('waiting up to');
    const ok = !!takeover && takeover.afterMs < 1000 && !waited && lost.length === 0 && health.status === 'ok';
    figure(
      7,
      'SIGKILL, then npm start',
      `clean start to healthy ${ms(cleanStartMs)}; restart after SIGKILL to healthy ${ms(restartMs)} (target 5 s: ${restartMs < 5000 ? 'met' : 'NOT met on this run'}); lock: ${takeover ? `"${takeover.msg}" ${takeover.afterMs} ms after trying` : 'NOT taken over'}${waited ? ', WAITED for staleness' : ''}; ` +
        `installs acknowledged before the kill ${acked.length}, after restart present ${acked.length - lost.length}, lost ${lost.length}; ` +
        `first npm start ended ${firstExit.signal ?? `with code ${firstExit.code}`}; second stopped with SIGTERM: code ${secondExit.code}`,
      ok,
    );

    expect(takeover?.msg, `second npm start:\n${out.slice(-4000)}`).toBe(`store lock taken over: pid ${killedPid} is no longer running`);
    expect(acked.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
    expect(lost).toEqual([]);
    expect(health).toMatchObject({ status: 'ok', store: { ok: true } });
    expect(takeover!.afterMs).toBeLessThan(1000);
    expect(waited).toBe(false);
    expect(restartMs).toBeLessThan(60_000);
  }, 240_000);
});
