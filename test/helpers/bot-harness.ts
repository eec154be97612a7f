import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Services } from '../../src/app/services.js';
import { startBot, type RunningBot, type StartOptions } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/log.js';
import type { Clock } from '../../src/app/ports.js';
import { startFakeConnector, type FakeConnector, type RecordedCall } from './fake-connector.js';
import { BOT, botAdded, groupChat, users, type TestConversation, type TestUser } from './activities.js';
import { createTestDatabase, dropTestDatabase } from './pg-server.js';

export interface Harness {
  bot: RunningBot;
  fc: FakeConnector;
  services: Services;
  dir: string;
  /** The store file, or with the PostgreSQL backend its database URL (both work as the CLI's --store). */
  storePath: string;
  /** The store settings the bot was started with (a restart on the same data passes them again). */
  storeEnv: Record<string, string>;
  /** POST an activity to /api/messages; resolves with the HTTP status and JSON body. */
  post(activity: object, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** POST and return the activities the bot sent (POST/PUT) to the connector during that turn (replies, updates); member look-ups are left out. */
  turn(activity: object): Promise<{ status: number; body: any; sent: RecordedCall[] }>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  clock?: Clock;
  adapterOverrides?: StartOptions['adapterOverrides'];
  /** Install the bot into the standard group chat with these members (first = installer, chair). */
  group?: TestUser[] | false;
  jobIntervalMs?: number;
  /** Store backend; default STYREBOT_TEST_STORE (`postgres` runs a suite on a fresh test database), else the JSON file. */
  store?: 'file' | 'postgres';
}

/** The real bot on a free port, a temp store, and a fake Bot Connector as every activity's serviceUrl. */
export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const fc = await startFakeConnector();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'styrebot-test-'));
  const databaseUrl = (opts.store ?? process.env.STYREBOT_TEST_STORE) === 'postgres' ? await createTestDatabase('bot') : null;
  const storeEnv: Record<string, string> = { STORE_PATH: path.join(dir, 'db.json'), ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}) };
  const storePath = databaseUrl ?? storeEnv.STORE_PATH;
  const config = loadConfig({
    PORT: '0',
    ...storeEnv,
    STYREBOT_DEMO: '0',
    STYREBOT_PLAYGROUND: '0',
    STYREBOT_LOG_LEVEL: 'silent',
    ...opts.env,
  });
  const bot = await startBot({
    config,
    clock: opts.clock,
    log: createLogger(config.logLevel),
    adapterOverrides: opts.adapterOverrides,
    jobIntervalMs: opts.jobIntervalMs ?? 3_600_000,
  });
  const post = async (activity: object, headers: Record<string, string> = {}) => {
    const res = await fetch(`${bot.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(activity),
    });
    const text = await res.text();
    let body: any = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = text;
    }
    return { status: res.status, body };
  };
  const h: Harness = {
    bot,
    fc,
    services: bot.services,
    dir,
    storePath,
    storeEnv,
    post,
    async turn(activity) {
      const before = fc.calls.length;
      const res = await post(activity);
      return { ...res, sent: fc.calls.slice(before).filter((c) => c.method !== 'GET') };
    },
    async close() {
      await bot.close();
      await fc.close();
      rmSync(dir, { recursive: true, force: true });
      if (databaseUrl) await dropTestDatabase(databaseUrl);
    },
  };
  if (opts.group !== false) {
    const members = opts.group ?? [users.anna, users.bent, users.carsten, users.dorthe, users.gustav];
    setMembers(fc, groupChat, members);
    const res = await post(botAdded(fc.url, groupChat, members[0]));
    if (res.status !== 200) throw new Error(`install failed: ${res.status}`);
  }
  return h;
}

export function setMembers(fc: FakeConnector, conv: TestConversation, members: TestUser[]) {
  fc.members.set(
    conv.id,
    members.map((m) => ({ id: m.id, name: m.name, aadObjectId: m.aadObjectId, tenantId: conv.tenantId })),
  );
}

/** The Adaptive Card in a recorded connector call (reply or update), if any. */
export function cardOf(call: RecordedCall | undefined): any {
  return call?.body?.attachments?.find((a: any) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content ?? null;
}

/** All text in a card, for "is it on the card" assertions (one walker for every test: card-walk.ts). */
export { cardText } from './card-walk.js';

/** The card of an invoke response body (Action.Execute), or its message text. */
export function invokeCard(body: any): any {
  return body?.type === 'application/vnd.microsoft.card.adaptive' ? body.value : null;
}
export function invokeMessage(body: any): string | null {
  return body?.type === 'application/vnd.microsoft.activity.message' ? body.value : null;
}

export { BOT };
