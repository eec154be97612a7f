/**
 * A healthy start is quiet and readable (issue #20): no DEP0111 from restify's spdy, no "http
 * error" warning for the Agents Playground's HEAD probe, human-readable logs for `npm start` in
 * development and JSON otherwise.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Runs a snippet in a fresh Node with tsx, as the bot runs. */
const node = (code: string, env: Record<string, string> = {}) =>
  run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: path.resolve(__dirname, '../..'),
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir(), ...env },
  });

describe('a healthy start is quiet', () => {
  it('loading the HTTP server (restify) prints no DEP0111, and other warnings still print', async () => {
    const { stderr } = await node(
      `await import('./src/http/server.ts'); process.emitWarning('still here', { code: 'TEST1' }); process.binding('http_parser');`,
    );
    expect(stderr).toContain('still here'); // the filter is narrow: other warnings come through
    expect(stderr.match(/DEP0111/g) ?? []).toHaveLength(1); // only the one made after restify loaded
  });

  it("the playground's HEAD probe gets 200 and no warning in the log", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'styrebot-quiet-'));
    dirs.push(dir);
    const lines: { level: number; msg: string }[] = [];
    const sink = new Writable({
      write: (chunk, _enc, cb) => (
        chunk
          .toString()
          .split('\n')
          .filter(Boolean)
          .forEach((l: string) => lines.push(JSON.parse(l))),
        cb()
      ),
    });
    const config = loadConfig({ PORT: '0', STORE_PATH: path.join(dir, 'db.json'), STYREBOT_DEMO: '0', STYREBOT_PLAYGROUND: '0' });
    const bot = await startBot({ config, log: createLogger('debug', sink) });
    try {
      const before = lines.length; // the start itself warns once, rightly: authentication is off
      const res = await fetch(`${bot.url}/api/messages`, { method: 'HEAD' });
      expect(res.status).toBe(200);
      expect(lines.slice(before).filter((l) => l.level >= 40)).toEqual([]);
    } finally {
      await bot.close();
    }
  });
});

describe('logs', () => {
  const snippet = `const { loadConfig } = await import('./src/config.ts'); const { createLogger } = await import('./src/log.ts');
    const c = loadConfig(process.env); createLogger('info', undefined, c.logFormat).info({ port: 3978 }, 'styrebot listening');`;

  it('pretty (what npm start asks for in development): one readable line per entry', async () => {
    const { stdout } = await node(snippet, { STYREBOT_LOG_FORMAT: 'pretty', STORE_PATH: 'x.json' });
    expect(stdout).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: styrebot listening\n\s+port: 3978\n$/);
  });

  it('JSON by default, and always with NODE_ENV=production', async () => {
    for (const env of [
      {} as Record<string, string>,
      {
        STYREBOT_LOG_FORMAT: 'pretty',
        NODE_ENV: 'production',
        MicrosoftAppId: 'a',
        MicrosoftAppPassword: 'b',
        BOT_DOMAIN: 'styrebot.example.dk',
      },
    ]) {
      const { stdout } = await node(snippet, { STORE_PATH: 'x.json', ...env });
      expect(JSON.parse(stdout)).toMatchObject({ level: 30, msg: 'styrebot listening', port: 3978 });
    }
  });
});
