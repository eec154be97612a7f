/**
 * The command line of issue #8: `styrebot reminders --json` (the exact contract) and
 * `styrebot meetings ics --out FILE.ics`, run as the real `styrebot` binary against the store of a
 * running bot; plus the `meetings ics` registration whatever order the CLI modules load in.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERBS } from '../../src/cards/verbs.js';
import { register as registerCalendar } from '../../src/cli/calendar.js';
import { cardAction, groupChat, users } from '../helpers/activities.js';
import { invokeCard } from '../helpers/bot-harness.js';
import { parseIcs } from '../helpers/ics.js';
import { startRig, type Rig } from '../helpers/reminders-rig.js';

const run = promisify(execFile);
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/styrebot.mjs');
const styrebot = (...args: string[]) => run(process.execPath, [BIN, ...args], { env: { ...process.env, STYREBOT_CLOCK_OFFSET: '' } });

let r: Rig;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'styrebot-cli-'));
  r = await startRig('2026-05-20T08:00:00.000Z');
  // No standing items that report a status and no weekly digest: this contract test lists the
  // meeting reminders and a nudge only (the status-request/status-nudge rows:
  // test/integration/status-requests.test.ts; the digest rows: test/integration/digest.test.ts).
  await r.bot.services.store.update((db) => {
    db.groups[0].standingItems = [];
    db.groups[0].digest = { ...db.groups[0].digest, enabled: false };
  });
  expect(r.db().reminders.filter((x) => x.kind === 'digest')).toEqual([]);
  await r.createMeeting('2026-06-16', '12:30', '14:00', 'Mødelokale Ærø, Sekretariatet');
  await r.createMeeting('2026-10-26', '10:00', '12:00', null);
  await r.bot.services.store.update((db, tx) => {
    db.actions.push({
      groupId: 'g1',
      id: 'A1',
      text: 'Afklare certificering',
      owner: { name: users.bent.name, aadObjectId: users.bent.aadObjectId },
      due: '2026-06-01',
      status: 'open',
      source: { kind: 'chat', meeting: null, item: null, risk: null },
      createdBy: 'aad-anna',
      createdAt: tx.now.toISOString(),
    });
    db.reminders.push({
      id: tx.nextId('rem'),
      groupId: 'g1',
      meeting: 1,
      kind: 'nudge-action',
      to: 'aad-bent',
      dueAt: '2026-06-12T07:00:00.000Z',
      status: 'planned',
      late: false,
      sentAt: null,
      outboxId: null,
      ref: 'A1',
    });
  });
  // T-14d on time; the bot down from 08:50 to 09:20 across T-2d (late); down across the meeting's start (T-1h expires).
  await r.tick('2026-06-02T07:00:00.000Z');
  await r.drain();
  r.clock.set('2026-06-12T06:50:00.000Z');
  await r.stop();
  r.clock.set('2026-06-12T07:20:00.000Z');
  await r.restart();
  await r.tick();
  await r.drain();
  r.clock.set('2026-06-16T09:00:00.000Z');
  await r.stop();
  r.clock.set('2026-06-16T11:00:00.000Z');
  await r.restart();
  await r.tick();
  await r.drain();
});
afterAll(async () => {
  await r.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('styrebot reminders --json', () => {
  it('prints exactly the contract: group, meeting, kind, to, dueAt, status, late, sentAt — sorted by dueAt, read while the bot runs', async () => {
    const { stdout } = await styrebot('reminders', '--json', '--store', r.h.storePath);
    const rows = JSON.parse(stdout);
    for (const row of rows) expect(Object.keys(row)).toEqual(['group', 'meeting', 'kind', 'to', 'dueAt', 'status', 'late', 'sentAt']);
    expect(rows).toEqual([
      {
        group: 'g1',
        meeting: 1,
        kind: 'T-14d',
        to: null,
        dueAt: '2026-06-02T07:00:00.000Z',
        status: 'sent',
        late: false,
        sentAt: '2026-06-02T07:00:00.000Z',
      },
      // The agenda's publication a week before (issue 18), sent at the first tick after its time.
      {
        group: 'g1',
        meeting: 1,
        kind: 'T-7d-agenda',
        to: null,
        dueAt: '2026-06-09T07:00:00.000Z',
        status: 'sent',
        late: true,
        sentAt: '2026-06-12T07:20:00.000Z',
      },
      {
        group: 'g1',
        meeting: 1,
        kind: 'T-2d',
        to: null,
        dueAt: '2026-06-12T07:00:00.000Z',
        status: 'sent',
        late: true,
        sentAt: '2026-06-12T07:20:00.000Z',
      },
      {
        group: 'g1',
        meeting: 1,
        kind: 'nudge-action',
        to: 'aad-bent',
        dueAt: '2026-06-12T07:00:00.000Z',
        status: 'sent',
        late: true,
        sentAt: '2026-06-12T07:20:00.000Z',
      },
      { group: 'g1', meeting: 1, kind: 'T-1h', to: null, dueAt: '2026-06-16T09:30:00.000Z', status: 'expired', late: false, sentAt: null },
      { group: 'g1', meeting: 2, kind: 'T-14d', to: null, dueAt: '2026-10-12T07:00:00.000Z', status: 'planned', late: false, sentAt: null },
      {
        group: 'g1',
        meeting: 2,
        kind: 'T-7d-agenda',
        to: null,
        dueAt: '2026-10-19T07:00:00.000Z',
        status: 'planned',
        late: false,
        sentAt: null,
      },
      { group: 'g1', meeting: 2, kind: 'T-2d', to: null, dueAt: '2026-10-23T07:00:00.000Z', status: 'planned', late: false, sentAt: null },
      { group: 'g1', meeting: 2, kind: 'T-1h', to: null, dueAt: '2026-10-26T08:00:00.000Z', status: 'planned', late: false, sentAt: null },
    ]);
  });

  it('--group filters by id or name; an unknown group is a clear error with exit code 1', async () => {
    const byName = JSON.parse(
      (await styrebot('reminders', '--json', '--store', r.h.storePath, '--group', 'Operationel styregruppe')).stdout,
    );
    expect(byName).toHaveLength(9);
    const err = await styrebot('reminders', '--json', '--store', r.h.storePath, '--group', 'g9').catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toContain('g9');
  });

  it('without --json: one line per reminder', async () => {
    const { stdout } = await styrebot('reminders', '--store', r.h.storePath);
    expect(stdout.trim().split('\n')).toHaveLength(9);
    expect(stdout).toContain('2026-06-12T07:00:00.000Z  g1     1  T-2d         sent (late)  sent 2026-06-12T07:20:00.000Z');
  });
});

describe('styrebot meetings ics', () => {
  it('writes an iCalendar file of the planned meetings that parses (UTC instants across DST, stable UIDs)', async () => {
    const out = path.join(tmp, 'moeder.ics');
    const { stdout } = await styrebot('meetings', 'ics', '--out', out, '--store', r.h.storePath);
    expect(stdout).toContain('2 planned meetings');
    const { calendar, events } = parseIcs(readFileSync(out, 'utf8'));
    expect(calendar).toMatchObject({ VERSION: '2.0', PRODID: '-//Styrebot//Styregruppe//DA', 'X-WR-CALNAME': 'Operationel styregruppe' });
    expect(events.map((e) => [e.UID, e.DTSTART, e.DTEND])).toEqual([
      ['g1-1@styrebot', '20260616T103000Z', '20260616T120000Z'], // 12:30 summer time
      ['g1-2@styrebot', '20261026T090000Z', '20261026T110000Z'], // 10:00 winter time
    ]);
    expect(events[0].SUMMARY).toBe('1. møde i Operationel styregruppe');
    expect(events[0].LOCATION).toBe('Mødelokale Ærø, Sekretariatet');
  });

  it('`meetings-ics` is the same command; --out is required', async () => {
    const out = path.join(tmp, 'alias.ics');
    await styrebot('meetings-ics', '--out', out, '--store', r.h.storePath, '--group', 'g1');
    expect(parseIcs(readFileSync(out, 'utf8')).events).toHaveLength(2);
    const err = await styrebot('meetings', 'ics', '--store', r.h.storePath).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toContain("required option '--out <file>'");
  });

  it('the meetings card’s calendar button gives the same file as the command (only DTSTAMP, the moment it was made, differs)', async () => {
    const out = path.join(tmp, 'same.ics');
    await styrebot('meetings', 'ics', '--out', out, '--store', r.h.storePath);
    const res = await r.post(cardAction(r.h.fc.url, groupChat, users.bent, VERBS.meetingsIcs, { groupId: 'g1' }));
    const url = (invokeCard(res.body)?.body as any[]).flatMap((b) => b.items ?? []).find((i: any) => i.type === 'ActionSet')?.actions[0]
      .url as string;
    expect(url).toMatch(/\/files\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    const served = await (await fetch(url)).text();
    const withoutStamp = (s: string) => s.replace(/^DTSTAMP:[^\r]*\r\n/gm, '');
    expect(withoutStamp(served)).toBe(withoutStamp(readFileSync(out, 'utf8')));
    expect(served).toMatch(/^DTSTAMP:20260616T110000Z\r$/m); // the bot's clock
    expect(parseIcs(served).events).toHaveLength(2);
  });

  /** A stand-in for the meetings module's own `meetings [--json]` command, with the shared store options. */
  const meetingsModule = (program: Command, seen: string[]) =>
    void program
      .command('meetings')
      .option('--json')
      .option('--store <path>')
      .option('--group <id>')
      .action((opts) => void seen.push(`meetings ${JSON.stringify(opts)}`));

  for (const order of ['meetings module first', 'calendar first', 'no meetings module']) {
    it(`\`meetings ics\` works with ${order}, and \`meetings --json\` stays the meetings module's`, async () => {
      const program = new Command('styrebot').exitOverride();
      const seen: string[] = [];
      if (order === 'meetings module first') meetingsModule(program, seen);
      registerCalendar(program);
      if (order === 'calendar first') meetingsModule(program, seen);
      const out = path.join(tmp, `${order.replace(/\s+/g, '-')}.ics`);
      // --store/--group after `ics` may be taken by the parent `meetings` command: ics reads both.
      await program.parseAsync(['meetings', 'ics', '--out', out, '--store', r.h.storePath, '--group', 'g1'], { from: 'user' });
      for (let i = 0; i < 200 && !existsSync(out); i++) await new Promise((res) => setTimeout(res, 10));
      expect(parseIcs(readFileSync(out, 'utf8')).events).toHaveLength(2);
      if (order !== 'no meetings module') {
        await program.parseAsync(['meetings', '--json'], { from: 'user' });
        expect(seen).toHaveLength(1); // only `meetings --json` ran the meetings module's action
        expect(JSON.parse(seen[0].slice('meetings '.length)).json).toBe(true);
      }
    });
  }
});
