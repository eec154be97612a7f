/**
 * The e2e stack: the bot as a child process (`node --import tsx src/index.ts`, exactly what
 * `npm run start:bot` runs) on a fresh temp store with the demo group seeded for the playground's
 * port, the Microsoft 365 Agents Playground on a free port, a WebSocket listener on the
 * playground's stream (activity ids for the users driven over HTTP), and headless Debian Chromium.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../../scripts/chromium.js';
import { ROOT, startPlayground, type Playground } from '../../../scripts/playground.js';
import { freePort, PlaygroundClient } from '../../helpers/playground-client.js';

export interface Stack {
  dir: string;
  storePath: string;
  botLog: string;
  botUrl: string;
  pg: Playground;
  client: PlaygroundClient;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** The last lines of the bot's log (for failure reports). */
  botLogTail(lines?: number): string;
  /** The last lines of the playground's own log. */
  playgroundLogTail(lines?: number): string;
  stop(): Promise<void>;
}

async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  child?: ChildProcess,
  logFile?: string,
): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child && child.exitCode !== null) {
      const tail = logFile && existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n') : '';
      throw new Error(`${what}: the process exited with code ${child.exitCode}\n${tail}`);
    }
    if (await check().catch(() => false)) return;
    if (Date.now() > until) throw new Error(`${what}: not ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const tail = (file: string, lines: number) =>
  existsSync(file) ? readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') : `(no ${file})`;

/**
 * Starts everything; a port taken between picking it and binding it (other suites run on this
 * machine too) is retried with new ports, anything else fails at once.
 */
export async function startStack(opts: { demoSample?: boolean } = {}): Promise<Stack> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startStackOnce(opts);
    } catch (err) {
      if (attempt >= 3 || !/EADDRINUSE|address already in use/i.test((err as Error).message)) throw err;
      console.warn(`e2e: a port was taken while starting (${attempt}); trying again with new ports`);
    }
  }
}

async function startStackOnce(opts: { demoSample?: boolean }): Promise<Stack> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'styrebot-e2e-'));
  const storePath = path.join(dir, 'db.json');
  const botLog = path.join(dir, 'bot.log');
  const [botPort, pgPort] = [await freePort(), await freePort()];
  const cleanups: (() => Promise<void> | void)[] = [];
  const stopAll = async () => {
    for (const c of cleanups.reverse()) await Promise.resolve(c()).catch(() => {});
  };
  try {
    // The bot: what `npm run start:bot` runs, with a fresh store and the demo seeded for this playground.
    const fd = openSync(botLog, 'a');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(botPort),
      STORE_PATH: storePath,
      PLAYGROUND_PORT: String(pgPort),
      STYREBOT_DEMO: '1',
      // The demo's sample meeting, risks and action point only when a test asks (first-run.test.ts).
      STYREBOT_DEMO_SAMPLE: opts.demoSample ? '1' : '0',
      STYREBOT_LOCALE: 'da',
      STYREBOT_TIMEZONE: 'Europe/Copenhagen',
      STYREBOT_LOG_LEVEL: 'debug',
      // Blank means unset (config.ts): a developer's .env must not switch auth on or shift the clock.
      MicrosoftAppId: '',
      MicrosoftAppPassword: '',
      MicrosoftAppTenantId: '',
      STYREBOT_CHAIRS: '',
      ALLOWED_TENANTS: '',
      STYREBOT_CLOCK_OFFSET: '',
    };
    const bot = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], { cwd: ROOT, env, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          if (bot.exitCode !== null) return resolve();
          bot.once('exit', () => resolve());
          bot.kill('SIGTERM');
          setTimeout(() => bot.kill('SIGKILL'), 5000).unref();
        }),
    );
    const botUrl = `http://127.0.0.1:${botPort}`;
    await waitUntil('the bot', async () => (await fetch(`${botUrl}/healthz`)).ok, 90_000, bot, botLog);

    // The playground reads .m365agentsplayground.yml from its working directory and logs into
    // ./devTools there: a copy in the temp dir keeps its log ours.
    copyFileSync(path.join(ROOT, '.m365agentsplayground.yml'), path.join(dir, '.m365agentsplayground.yml'));
    const pg = await startPlayground({ port: pgPort, botEndpoint: `${botUrl}/api/messages`, cwd: dir });
    cleanups.push(() => pg.stop());
    const client = new PlaygroundClient(pg.url);
    await client.connect();
    cleanups.push(() => client.close());

    // A fresh browser (playwright gives launch() its own temporary profile) and a fresh context.
    const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS }).catch((err: Error) => {
      throw new Error(
        `Could not start Chromium at ${CHROMIUM_PATH} (${err.message.split('\n')[0]}). Install it: apt-get update && apt-get install -y chromium`,
      );
    });
    cleanups.push(() => browser.close());
    // Copenhagen time, so the playground's message times match the times in the cards.
    const context = await browser.newContext({
      viewport: { width: 1280, height: 960 },
      timezoneId: 'Europe/Copenhagen',
      deviceScaleFactor: 1,
    });
    // The playground's web client asks a Microsoft CDN for fonts and animations: offline here, and not needed.
    await context.route(/^https?:\/\/(?!localhost|127\.0\.0\.1)/, (route) => route.abort());
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);

    return {
      dir,
      storePath,
      botLog,
      botUrl,
      pg,
      client,
      browser,
      context,
      page,
      botLogTail: (lines = 25) => tail(botLog, lines),
      playgroundLogTail: (lines = 15) => tail(path.join(dir, 'devTools/m365agentsplayground.log'), lines),
      async stop() {
        await stopAll();
        // The logs outlive the temp dir, next to the screenshots.
        keepLogs(dir, botLog);
        if (!process.env.E2E_KEEP) rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await stopAll();
    keepLogs(dir, botLog);
    const logTail = tail(botLog, 25);
    if (!process.env.E2E_KEEP) rmSync(dir, { recursive: true, force: true });
    throw new Error(`${(err as Error).message}\n--- bot log (tail) ---\n${logTail}`);
  }
}

export const ARTEFACTS = path.join(ROOT, 'test-results/e2e');
/** Where the bot's and the playground's logs are kept after the run. */
export const KEPT_BOT_LOG = path.join(ARTEFACTS, 'bot.log');

function keepLogs(dir: string, botLog: string): void {
  mkdirSync(ARTEFACTS, { recursive: true });
  if (existsSync(botLog)) copyFileSync(botLog, KEPT_BOT_LOG);
  const pgLog = path.join(dir, 'devTools/m365agentsplayground.log');
  if (existsSync(pgLog)) copyFileSync(pgLog, path.join(ARTEFACTS, 'playground.log'));
}
export const DOCS_SHOTS = path.join(ROOT, 'docs/e2e');

export function resetArtefacts(): void {
  rmSync(ARTEFACTS, { recursive: true, force: true });
  mkdirSync(ARTEFACTS, { recursive: true });
}
