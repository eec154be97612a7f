/**
 * Hostile transport (issue #13, 1): what reaches POST /api/messages before any token is checked
 * — compression bombs, multipart and form bodies, wrong or missing content types, oversized,
 * slow and stalled bodies, deep nesting, huge arrays — against the real bot in its own process,
 * once in local mode and once with Microsoft app credentials (tokens from a local OpenID stub),
 * there sent both without a token and with a valid one. Every request must get its 4xx, the bot
 * must stay up and serve, its peak RSS must stay within 100 MB of where it started, and its temp
 * directory (TMPDIR of the child) must be unchanged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { message, personalChat, users } from '../helpers/activities.js';
import { startFakeConnector, type FakeConnector } from '../helpers/fake-connector.js';
import { startOpenIdStub, type OpenIdStub } from '../helpers/openid-stub.js';
import { figure, ms } from './figures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PER_CLASS = Number(process.env.TRANSPORT_REQUESTS ?? 10);
const APP_ID = '6f1c2a9e-0000-4000-8000-5717eb07a0ee';
const MB = 1024 * 1024;
const KB = 1024;

// ------------------------------------------------------------------------------------------------
// Sending raw requests
// ------------------------------------------------------------------------------------------------

interface Shot {
  headers: Record<string, string>;
  /** Written in order, `pauseMs` apart. */
  chunks: Buffer[];
  pauseMs?: number;
  /** After the chunks, keep writing 64 KB chunks (up to 64 MB) until answered or cut off. */
  endless?: boolean;
  /** After the chunks, never end the request. */
  stall?: boolean;
}

type Outcome = number | 'cut' | 'no answer';

function shoot(port: number, shot: Shot): Promise<Outcome> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (o: Outcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(guard);
      req.destroy();
      resolve(o);
    };
    const guard = setTimeout(() => done('no answer'), 30_000);
    let answered = false;
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: '/api/messages', headers: shot.headers, agent: false },
      (res) => {
        answered = true; // a client that has its answer stops sending
        res.resume();
        res.on('end', () => done(res.statusCode!));
        res.on('error', () => done(res.statusCode!));
      },
    );
    req.on('error', () => done('cut'));
    void (async () => {
      const write = async (chunk: Buffer) => {
        if (settled || answered || req.destroyed) return false;
        if (!req.write(chunk)) await new Promise<void>((r) => (req.once('drain', r), req.once('close', r)));
        return !settled && !req.destroyed;
      };
      for (const [i, c] of shot.chunks.entries()) {
        if (i > 0 && shot.pauseMs) await new Promise((r) => setTimeout(r, shot.pauseMs));
        if (!(await write(c))) return;
      }
      if (shot.endless) {
        const filler = Buffer.alloc(64 * KB, 0x61);
        for (let n = 0; n < 1024; n++) if (!(await write(filler))) return;
      }
      if (!shot.stall && !settled) req.end();
    })();
  });
}

// ------------------------------------------------------------------------------------------------
// The classes
// ------------------------------------------------------------------------------------------------

/** `{"type":"message","text":"aaaa…"}` of `inflated` bytes, compressed as a stream. */
async function bomb(kind: 'gzip' | 'deflate' | 'br', inflated: number): Promise<Buffer> {
  const z =
    kind === 'gzip'
      ? zlib.createGzip({ level: 9 })
      : kind === 'deflate'
        ? zlib.createDeflate({ level: 9 })
        : zlib.createBrotliCompress({ params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } });
  const out: Buffer[] = [];
  z.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise((r) => z.on('end', r));
  const chunk = Buffer.alloc(MB, 0x61);
  z.write('{"type":"message","text":"');
  for (let left = inflated; left > 0; left -= MB) if (!z.write(chunk)) await new Promise((r) => z.once('drain', r));
  z.end('"}');
  await ended;
  return Buffer.concat(out);
}

interface Class {
  name: string;
  expect: number;
  shot: (i: number) => Shot;
}

const json = (extra: Record<string, string> = {}) => ({ 'content-type': 'application/json', ...extra });
const sized = (body: Buffer, headers: Record<string, string>): Shot => ({
  headers: { ...headers, 'content-length': String(body.length) },
  chunks: [body],
});

async function makeClasses(serviceUrl: string): Promise<{ classes: Class[]; notes: Record<string, string> }> {
  const activity = Buffer.from(JSON.stringify(message(serviceUrl, personalChat(users.anna), users.anna, 'hjælp')));
  const inflated = 512 * MB;
  const [gz, df, br] = await Promise.all([bomb('gzip', inflated), bomb('deflate', inflated), bomb('br', inflated)]);
  const boundary = '----styrebot-hostile';
  const multipart = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.alloc(200 * KB, 0x62),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const form = Buffer.from(`type=message&text=${'c'.repeat(100 * KB)}`);
  const wrongTypes = [
    'text/plain',
    'application/xml',
    'application/octet-stream',
    'application/json; charset=utf-16',
    'text/json',
    'application/x-json',
    'application/json-seq',
  ];
  const deep = [Buffer.from('['.repeat(100_000) + ']'.repeat(100_000)), Buffer.from('{"a":'.repeat(40_000) + '1' + '}'.repeat(40_000))];
  const huge = [
    Buffer.from('[' + '0,'.repeat(120_000) + '0]'),
    Buffer.from(JSON.stringify({ ...JSON.parse(activity.toString()), entities: Array.from({ length: 60_000 }, () => ({})) })),
  ];
  const half = activity.subarray(0, Math.floor(activity.length / 2));
  const pieces = Array.from({ length: 16 }, (_, k) =>
    activity.subarray(Math.floor((k * activity.length) / 16), Math.floor(((k + 1) * activity.length) / 16)),
  );
  const bombHeaders = (enc: string) => json({ 'content-encoding': enc });
  const classes: Class[] = [
    {
      name: 'gzip bomb',
      expect: 415,
      shot: (i) => (i % 2 ? sized(gz, bombHeaders('gzip')) : { headers: bombHeaders('gzip'), chunks: [gz] }),
    },
    {
      name: 'deflate bomb',
      expect: 415,
      shot: (i) => (i % 2 ? sized(df, bombHeaders('deflate')) : { headers: bombHeaders('deflate'), chunks: [df] }),
    },
    {
      name: 'brotli bomb',
      expect: 415,
      shot: (i) => (i % 2 ? sized(br, bombHeaders('br')) : { headers: bombHeaders('br'), chunks: [br] }),
    },
    {
      name: 'multipart/form-data',
      expect: 415,
      shot: () => sized(multipart, { 'content-type': `multipart/form-data; boundary=${boundary}` }),
    },
    {
      name: 'multipart, 64 MB streamed',
      expect: 415,
      shot: () => ({
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        chunks: [multipart.subarray(0, 200)],
        endless: true,
      }),
    },
    { name: 'form-urlencoded', expect: 415, shot: () => sized(form, { 'content-type': 'application/x-www-form-urlencoded' }) },
    { name: 'wrong content type', expect: 415, shot: (i) => sized(activity, { 'content-type': wrongTypes[i % wrongTypes.length] }) },
    { name: 'no content type', expect: 415, shot: () => sized(activity, {}) },
    {
      name: 'oversized, 64 MB declared',
      expect: 413,
      shot: () => ({ headers: json({ 'content-length': String(64 * MB) }), chunks: [], endless: true }),
    },
    {
      name: 'oversized, streamed without length',
      expect: 413,
      shot: () => ({ headers: json(), chunks: [Buffer.from('{"text":"')], endless: true }),
    },
    { name: 'deep nesting', expect: 400, shot: (i) => sized(deep[i % 2], json()) },
    { name: 'huge array', expect: 400, shot: (i) => sized(huge[i % 2], json()) },
    {
      name: 'stalled body',
      expect: 408,
      shot: () => ({ headers: json({ 'content-length': String(activity.length) }), chunks: [half], stall: true }),
    },
    { name: 'slow body (one piece a second)', expect: 408, shot: () => ({ headers: json(), chunks: pieces, pauseMs: 1000 }) },
  ];
  const kb = (b: Buffer) => `${Math.round(b.length / KB)} KB`;
  const notes = {
    'gzip bomb': `${kb(gz)} → 512 MB`,
    'deflate bomb': `${kb(df)} → 512 MB`,
    'brotli bomb': `${kb(br)} → 512 MB`,
    'multipart/form-data': kb(multipart),
    'form-urlencoded': kb(form),
    'deep nesting': `${kb(deep[0])}, 100,000 / 40,000 levels`,
    'huge array': `${kb(huge[0])} / ${kb(huge[1])}, 120,001 numbers / 60,000 entities`,
  };
  return { classes, notes };
}

// ------------------------------------------------------------------------------------------------
// The bot process
// ------------------------------------------------------------------------------------------------

interface BotProc {
  proc: ChildProcess;
  port: number;
  tmp: string;
  out: () => string;
  exited: Promise<unknown>;
}

async function startBotProcess(dir: string, env: Record<string, string>): Promise<BotProc> {
  const tmp = mkdtempSync(path.join(dir, 'tmp-'));
  const proc = spawn(process.execPath, ['--import', 'tsx', 'test/reliability/transport-bot.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      TMPDIR: tmp,
      NODE_ENV: 'development',
      DOTENV_CONFIG_PATH: path.join(dir, 'no-such.env'),
      STORE_PATH: path.join(dir, 'db.json'),
      PORT: '0',
      STYREBOT_DEMO: '0',
      STYREBOT_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (c) => (out += c));
  proc.stderr!.on('data', (c) => (out += c));
  const exited = new Promise((r) => proc.on('exit', r));
  const until = Date.now() + 90_000;
  while (!/^ready (\d+)$/m.test(out)) {
    if (proc.exitCode !== null || Date.now() > until) throw new Error(`bot did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { proc, port: Number(/^ready (\d+)$/m.exec(out)![1]), tmp, out: () => out, exited };
}

/** kB fields of /proc/<pid>/status, in MB. */
function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)![1]) / 1024;
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

/** Every file and directory under `dir` with its size (what a request could have left behind). */
function listing(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      out.push(`${path.relative(dir, p)}${e.isDirectory() ? '/' : ` ${statSync(p).size}`}`);
      if (e.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out.sort();
}

async function pool<T>(items: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await items[i]();
      }
    }),
  );
  return results;
}

// ------------------------------------------------------------------------------------------------
// The proof
// ------------------------------------------------------------------------------------------------

let dir: string;
let fc: FakeConnector;
let stub: OpenIdStub;
let classes: Class[];
let notes: Record<string, string>;
const bots: BotProc[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'styrebot-transport-'));
  fc = await startFakeConnector();
  stub = await startOpenIdStub();
  ({ classes, notes } = await makeClasses(fc.url));
}, 120_000);

afterAll(async () => {
  for (const b of bots) {
    if (b.proc.exitCode === null && b.proc.signalCode === null) b.proc.kill('SIGKILL');
    await b.exited;
  }
  await fc?.close();
  await stub?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** All per-class results of both modes, for the summary rows. */
const tally = new Map<string, { sent: number; statuses: Map<Outcome, number>; wrong: number }>();

const MODES = [
  { mode: 'local mode', env: {}, variants: [{ name: 'no token', auth: () => ({}) }] },
  {
    mode: 'with credentials',
    env: { MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'test-secret-never-sent', BOT_DOMAIN: 'styrebot.test', HOST: '0.0.0.0' },
    variants: [
      { name: 'no token', auth: () => ({}) },
      {
        name: 'valid token',
        auth: (): Record<string, string> => ({ authorization: `Bearer ${stub.sign({ aud: APP_ID, serviceurl: fc.url })}` }),
      },
    ],
  },
] as const;

describe('hostile transport to /api/messages (bot in its own process)', () => {
  for (const { mode, env, variants } of MODES) {
    it(`${mode}: every class gets its 4xx; the bot stays up and serves, RSS +< 100 MB, temp directory unchanged`, async () => {
      const modeDir = mkdtempSync(path.join(dir, 'bot-'));
      const extra: Record<string, string> =
        mode === 'with credentials' ? { ...env, TEST_OPENID_METADATA_URL: stub.metadataUrl, TEST_TOKEN_ISSUER: stub.issuer } : { ...env };
      const bot = await startBotProcess(modeDir, extra);
      bots.push(bot);
      const pid = bot.proc.pid!;
      const valid = JSON.stringify(message(fc.url, personalChat(users.anna), users.anna, 'hjælp'));
      const post = (headers: Record<string, string>) =>
        fetch(`http://127.0.0.1:${bot.port}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: valid,
        });
      // Warm up the path a real activity takes, then take the baselines.
      expect((await post(variants.at(-1)!.auth())).status).toBe(200);
      await new Promise((r) => setTimeout(r, 500));
      const tmpBefore = listing(bot.tmp);
      const before = memory(pid);
      writeFileSync(`/proc/${pid}/clear_refs`, '5'); // peak RSS from here on
      let peakSampled = before.rss;
      const sampler = setInterval(() => {
        try {
          peakSampled = Math.max(peakSampled, memory(pid).rss);
        } catch {
          // the process is gone: the assertions below say so
        }
      }, 100);

      const t0 = performance.now();
      const jobs: { cls: Class; variant: string; run: () => Promise<Outcome> }[] = [];
      for (const v of variants)
        for (const cls of classes)
          for (let i = 0; i < PER_CLASS; i++)
            jobs.push({
              cls,
              variant: v.name,
              run: () => shoot(bot.port, { ...cls.shot(i), headers: { ...cls.shot(i).headers, ...v.auth() } }),
            });
      const slow = jobs.filter((j) => j.cls.expect === 408);
      const fast = jobs.filter((j) => j.cls.expect !== 408);
      const [slowResults, fastResults] = await Promise.all([
        Promise.all(slow.map((j) => j.run())),
        pool(
          fast.map((j) => j.run),
          8,
        ),
      ]);
      const elapsed = performance.now() - t0;
      clearInterval(sampler);
      const after = memory(pid);
      const peak = Math.max(peakSampled, after.hwm);

      // Still up and serving: health, and a real activity (with credentials: 401 without a token).
      const alive = bot.proc.exitCode === null && bot.proc.signalCode === null;
      const health = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
      const healthBody = (await health.json()) as Record<string, unknown>;
      const served = (await post(variants.at(-1)!.auth())).status;
      const unauthenticated = mode === 'with credentials' ? (await post({})).status : null;
      // Seen from outside the loopback interface (bound to 0.0.0.0 with credentials): status only.
      const external = Object.values(os.networkInterfaces())
        .flat()
        .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
      const outside =
        mode === 'with credentials' && external
          ? Object.keys((await (await fetch(`http://${external}:${bot.port}/healthz`)).json()) as object)
          : null;
      const tmpAfter = listing(bot.tmp);
      const errorLines = bot
        .out()
        .split('\n')
        .filter((l) => /"level":(50|60)/.test(l));

      // Figures per class, this mode.
      const results = [...slow.map((j, k) => ({ j, o: slowResults[k] })), ...fast.map((j, k) => ({ j, o: fastResults[k] }))];
      const wrong: string[] = [];
      for (const { j, o } of results) {
        const key = j.cls.name;
        const t = tally.get(key) ?? { sent: 0, statuses: new Map(), wrong: 0 };
        t.sent++;
        t.statuses.set(o, (t.statuses.get(o) ?? 0) + 1);
        if (o !== j.cls.expect) {
          t.wrong++;
          wrong.push(`${j.cls.name} (${j.variant}): ${o}, expected ${j.cls.expect}`);
        }
        tally.set(key, t);
      }
      const tmpLeft = tmpAfter.filter((f) => !tmpBefore.includes(f));
      const growth = peak - before.rss;
      const ok =
        wrong.length === 0 &&
        alive &&
        health.status === 200 &&
        served === 200 &&
        growth < 100 &&
        tmpLeft.length === 0 &&
        errorLines.length === 0;
      figure(
        6,
        `Hostile transport, ${mode}`,
        `${results.length} requests (${classes.length} classes × ${PER_CLASS}${variants.length > 1 ? ` × ${variants.map((v) => v.name).join(' / ')}` : ''}) in ${ms(elapsed)}: ` +
          `not the expected 4xx ${wrong.length}; process up ${alive ? 'yes' : 'NO'}, /healthz ${health.status}, real activity ${served}${unauthenticated !== null ? ` (no token ${unauthenticated})` : ''}; ` +
          `RSS ${before.rss.toFixed(0)} MB → peak ${peak.toFixed(0)} MB (+${growth.toFixed(0)} MB), after ${after.rss.toFixed(0)} MB; temp files left ${tmpLeft.length}; error log lines ${errorLines.length}` +
          (outside ? `; /healthz from ${external} shows ${outside.join(', ')}` : ''),
        ok,
      );
      if (mode === 'with credentials') {
        for (const cls of classes) {
          const t = tally.get(cls.name)!;
          const codes = [...t.statuses].map(([s, n]) => `${s}×${n}`).join(' ');
          figure(
            6,
            `Transport class: ${cls.name}`,
            `${notes[cls.name] ? `${notes[cls.name]}; ` : ''}${t.sent} sent (both modes): ${codes}`,
            t.wrong === 0,
          );
        }
      }

      expect(wrong).toEqual([]);
      expect(alive).toBe(true);
      expect(health.status).toBe(200);
      expect(healthBody).toMatchObject({ status: 'ok', store: { ok: true } }); // details on loopback
      expect(served).toBe(200);
      if (unauthenticated !== null) expect(unauthenticated).toBe(401);
      if (outside) expect(outside).toEqual(['status']);
      expect(growth).toBeLessThan(100);
      expect(tmpLeft).toEqual([]);
      expect(errorLines).toEqual([]);

      bot.proc.kill('SIGTERM');
      await bot.exited;
    });
  }
});
