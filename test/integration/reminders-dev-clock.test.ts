/**
 * The documented way to try reminders (docs/reminders.md): the real bot process started with
 * STYREBOT_CLOCK_OFFSET just past a reminder sends it at start-up — once, also across a restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDate } from '../../src/domain/dates.js';
import { addDays } from '../../src/domain/dates.js';
import { defaultReminderOffsets } from '../../src/domain/reminder-plan.js';
import { syncReminderPlan } from '../../src/scheduler/reminders.js';
import { openStore } from '../../src/storage/index.js';
import { startFakeConnector, type FakeConnector } from '../helpers/fake-connector.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let fc: FakeConnector;
let dir: string;
let storePath: string;
let dueAt: string;

beforeAll(async () => {
  fc = await startFakeConnector();
  dir = mkdtempSync(path.join(os.tmpdir(), 'styrebot-devclock-'));
  storePath = path.join(dir, 'db.json');
  const store = await openStore({ path: storePath });
  const date = addDays(localDate(new Date()), 20);
  await store.update((db, tx) => {
    db.groups.push({
      id: 'g1',
      name: 'Operationel styregruppe',
      createdAt: tx.now.toISOString(),
      locale: 'da',
      timezone: 'Europe/Copenhagen',
      conversation: {
        serviceUrl: fc.url,
        channelId: 'msteams',
        conversationId: '19:group-chat@thread.v2',
        conversationType: 'groupChat',
        tenantId: 'tenant-secretariat',
        botId: '28:styrebot-test',
      },
      roster: [{ name: 'Anna Holm', aadObjectId: 'aad-anna', teamsId: '29:anna', role: 'chair', organisation: null }],
      standingItems: [],
      reminderOffsets: defaultReminderOffsets(),
      escalationTarget: null,
      linkedChats: [],
      counters: { meeting: 1, risk: 0, action: 0, round: 0, escalation: 0 },
    });
    db.meetings.push({
      groupId: 'g1',
      number: 1,
      title: '1. møde',
      date,
      start: '10:00',
      end: '12:00',
      location: 'Mødelokale 3',
      joinUrl: null,
      status: 'planned',
      participants: [],
      attendance: [],
      items: [],
      minutes: { status: 'draft', approvedBy: null, approvedAt: null, amendments: [], version: 0 },
      createdAt: tx.now.toISOString(),
    });
    syncReminderPlan(db, tx, 'g1', 1);
  });
  dueAt = store.read().reminders.find((r) => r.kind === 'T-14d')!.dueAt;
  await store.close();
});
afterAll(async () => {
  await fc.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Proc {
  proc: ChildProcess;
  out: () => string;
}

function startProcess(offset: string): Proc {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? os.tmpdir(),
      DOTENV_CONFIG_PATH: path.join(dir, 'no-such.env'),
      NODE_ENV: 'development',
      PORT: '0',
      STORE_PATH: storePath,
      STYREBOT_DEMO: '0',
      STYREBOT_PLAYGROUND: '0',
      STYREBOT_LOG_LEVEL: 'info',
      STYREBOT_CLOCK_OFFSET: offset,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  proc.stdout!.on('data', (c) => (out += c));
  proc.stderr!.on('data', (c) => (out += c));
  return { proc, out: () => out };
}
async function listening(p: Proc, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!p.out().includes('"msg":"styrebot listening"')) {
    if (p.proc.exitCode !== null || Date.now() > until) throw new Error(`the bot did not start:\n${p.out()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const stop = (p: Proc) =>
  new Promise<string>((resolve) => (p.proc.once('exit', (code, signal) => resolve(`${code} ${signal}`)), p.proc.kill('SIGTERM')));
// The T-14d card by its call for items (its title counts calendar days, which depend on today's date).
const reminderPosts = () =>
  fc.posts('19:group-chat@thread.v2').filter((c) => c.status === 200 && JSON.stringify(c.body).includes('send det til formanden'));

describe('STYREBOT_CLOCK_OFFSET', () => {
  it('a bot started with its clock just past T-14d sends it at start-up, and a restart does not send it again', async () => {
    // Just past the reminder (whole minutes, at most ~2 minutes over: not late).
    const offsetMin = Math.ceil((Date.parse(dueAt) - Date.now()) / 60_000) + 1;
    const offset = `+${offsetMin}m`;
    let p = startProcess(offset);
    await listening(p);
    await fc.waitFor(() => reminderPosts().length === 1, 20_000);
    expect(await stop(p)).toBe('0 null');

    p = startProcess(offset);
    await listening(p);
    await new Promise((r) => setTimeout(r, 2000)); // the start-up tick and an outbox drain
    expect(await stop(p)).toBe('0 null');
    expect(reminderPosts()).toHaveLength(1);

    const store = await openStore({ path: storePath, readOnly: true });
    const t14 = store.read().reminders.find((r) => r.kind === 'T-14d')!;
    await store.close();
    expect(t14).toMatchObject({ status: 'sent', late: false });
    expect(Date.parse(t14.sentAt!) - Date.parse(dueAt)).toBeLessThan(5 * 60_000);
    expect(t14.activityId).toMatch(/^act-/);
  }, 90_000);
});
