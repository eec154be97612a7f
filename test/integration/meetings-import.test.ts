import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { installGroup } from '../../src/app/groups.js';
import { recordDecision, setAttendance } from '../../src/app/meetings.js';
import { VERBS } from '../../src/cards/verbs.js';
import type { ConversationRef, Meeting } from '../../src/domain/model.js';
import { openStore } from '../../src/storage/index.js';
import { FILE_DOWNLOAD_INFO, uploadPorts } from '../../src/teams/features/meetings.js';
import {
  botAdded,
  cardAction,
  groupChat,
  message,
  personalChat,
  users,
  type TestConversation,
  type TestUser,
} from '../helpers/activities.js';
import { cardOf, cardText, invokeCard, invokeMessage, setMembers, startHarness, type Harness } from '../helpers/bot-harness.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SAMPLE = path.join(ROOT, 'test/fixtures/dagsorden-2-moede.txt');
const EXPECTED = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/dagsorden-2-moede.expected.json'), 'utf8'));

/** Runs the real CLI (`node --import tsx src/cli.ts …`) without blocking this process (the bot may be running in it). */
function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli.ts', ...args],
      { cwd: ROOT, env: { ...process.env, STYREBOT_LOG_LEVEL: 'silent' }, timeout: 60_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) }),
    );
  });
}

const conv = (id: string): ConversationRef => ({
  serviceUrl: 'https://smba.example/',
  channelId: 'msteams',
  conversationId: id,
  conversationType: 'groupChat',
  tenantId: 't',
  botId: '28:bot',
});
const anna = { name: users.anna.name, aadObjectId: users.anna.aadObjectId, teamsId: users.anna.id };

async function seedStore(file: string, groups: string[]): Promise<void> {
  const store = await openStore({ path: file });
  try {
    for (const name of groups) {
      await store.update((db, tx) =>
        installGroup(db, tx, {
          conversation: conv(`19:${name}@thread.v2`),
          name,
          installer: anna,
          members: [anna],
          configuredChairs: [],
          locale: 'da',
          timezone: 'Europe/Copenhagen',
        }),
      );
    }
  } finally {
    await store.close();
  }
}

describe('CLI: styrebot agenda import / meetings (no bot running)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'styrebot-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('agenda import FILE --json prints exactly the parser’s object (the hand-checked fixture) and changes nothing', async () => {
    const file = path.join(dir, 'json.json');
    await seedStore(file, ['Operationel styregruppe']);
    const before = readFileSync(file);
    const r = await cli('agenda', 'import', SAMPLE, '--json', '--store', file);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(EXPECTED);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('without a store, or a store without a group, it refuses and says to install the bot first (and creates no file)', async () => {
    const missing = path.join(dir, 'missing.json');
    const r = await cli('agenda', 'import', SAMPLE, '--store', missing);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Installér styrebot i gruppens kanal eller gruppechat først');
    expect(existsSync(missing)).toBe(false);
    const empty = path.join(dir, 'empty.json');
    await seedStore(empty, []);
    const e = await cli('agenda', 'import', SAMPLE, '--store', empty);
    expect(e.code).toBe(1);
    expect(e.stderr).toContain('Installér styrebot');
  });

  it('imports into the only group: meeting 2 with its 7 items, and the two proposed dates as planned meetings 3 and 4', async () => {
    const file = path.join(dir, 'one.json');
    await seedStore(file, ['Operationel styregruppe']);
    const r = await cli('agenda', 'import', SAMPLE, '--store', file);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('imported into g1 (Operationel styregruppe):');
    expect(r.stdout).toContain('meeting 2 (created): 2025-06-16 12:30–14:00, 7 items');
    expect(r.stdout).toContain('planned meetings created: 3 (2025-10-22 12:30–14:00), 4 (2026-02-04 09:00–10:30)');
    const db = JSON.parse(readFileSync(file, 'utf8'));
    expect(db.meetings.map((m: Meeting) => [m.number, m.date, m.status, m.items.length])).toEqual([
      [2, '2025-06-16', 'planned', 7],
      [3, '2025-10-22', 'planned', 6],
      [4, '2026-02-04', 'planned', 6],
    ]);
    expect(db.meetings[0].items[5].title).toBe('Forretningsregler for lægesystemerne');
    // The audit trail is in the append-only log beside the store file.
    const audit = readFileSync(`${file}.audit.jsonl`, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    expect(audit.length).toBe(db.auditCount);
    expect(audit.some((a: any) => a.action === 'agenda.import' && a.actor === 'cli')).toBe(true);

    // meetings --json: the contract, with a decision and attendance recorded.
    const store = await openStore({ path: file });
    await store.update((d, tx) =>
      recordDecision(d, tx, { groupId: 'g1', actor: anna, meeting: 2, item: 1, outcome: 'approved', decision: 'Referatet blev godkendt.' }),
    );
    await store.update((d, tx) => setAttendance(d, tx, { groupId: 'g1', actor: anna, meeting: 2, people: [anna], present: true }));
    const at = store.read().meetings[0].items[0].at;
    await store.close();
    const list = await cli('meetings', '--json', '--store', file);
    expect(list.code).toBe(0);
    const json = JSON.parse(list.stdout);
    expect(json).toHaveLength(3);
    expect(Object.keys(json[0])).toEqual([
      'group',
      'number',
      'title',
      'date',
      'start',
      'end',
      'location',
      'status',
      'attendance',
      'items',
      'proposals',
    ]);
    expect(json[0]).toMatchObject({
      group: 'g1',
      number: 2,
      title: '2. Møde i den operationelle styregruppe for forløbsplaner',
      date: '2025-06-16',
      start: '12:30',
      end: '14:00',
      location: 'Via Teams',
      status: 'planned',
      attendance: [{ name: 'Anna Holm', aadObjectId: 'aad-anna', present: true }],
    });
    expect(json[0].items[0]).toEqual({
      number: 1,
      title: 'Velkomst og godkendelse af referat',
      presenter: 'Anna',
      outcome: 'approved',
      decision: 'Referatet blev godkendt.',
      by: 'aad-anna',
      at,
      status: null,
      // The imported annex is material without a link until someone attaches one.
      material: [{ name: 'Bilag 1. Referat af 1. møde', url: null }],
    });
    expect(Object.keys(json[0].items[1])).toEqual([
      'number',
      'title',
      'presenter',
      'outcome',
      'decision',
      'by',
      'at',
      'status',
      'material',
    ]);
    expect(json[0].items[1]).toMatchObject({ outcome: null, decision: null, by: null, at: null });
    expect(json.map((m: any) => [m.number, m.status, m.location])).toEqual([
      [2, 'planned', 'Via Teams'],
      [3, 'planned', null],
      [4, 'planned', null],
    ]);
  });

  it('with several groups it needs --group; --group picks one', async () => {
    const file = path.join(dir, 'two.json');
    await seedStore(file, ['Styregruppe A', 'Styregruppe B']);
    const r = await cli('agenda', 'import', SAMPLE, '--store', file);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Der er flere grupper (g1 (Styregruppe A), g2 (Styregruppe B)). Vælg en med --group.');
    const ok = await cli('agenda', 'import', SAMPLE, '--store', file, '--group', 'g2');
    expect(ok.code).toBe(0);
    const json = JSON.parse((await cli('meetings', '--json', '--store', file, '--group', 'Styregruppe B')).stdout);
    expect(json.map((m: any) => [m.group, m.number])).toEqual([
      ['g2', 2],
      ['g2', 3],
      ['g2', 4],
    ]);
  });

  it('a file that is not an agenda gives a clear error', async () => {
    const r = await cli('agenda', 'import', path.join(ROOT, 'package.json'), '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Filtypen understøttes ikke');
  });
});

/** A personal-chat message carrying a file, as Teams delivers an upload to the bot. */
function fileUpload(serviceUrl: string, from: TestUser, name: string, downloadUrl: string, conv: TestConversation = personalChat(from)) {
  return {
    ...message(serviceUrl, conv, from, ''),
    text: '',
    attachments: [
      {
        contentType: FILE_DOWNLOAD_INFO,
        contentUrl: `https://contoso.sharepoint.com/personal/${from.id}/Documents/${name}`,
        name,
        content: { downloadUrl, uniqueId: 'c0ffee', fileType: name.split('.').pop() },
      },
    ],
  };
}

const ALLOWED = 'https://contoso-my.sharepoint.com/personal/anna/_layouts/15/download.aspx?UniqueId=c0ffee';

describe('while the bot runs: CLI through the admin socket, Teams upload, carry-over', () => {
  let h: Harness;
  let groupId: string;
  let now = new Date('2025-05-01T08:00:00.000Z');
  const fetched: string[] = [];
  const realFetch = uploadPorts.fetch;
  const meeting = (n: number, g = groupId): Meeting | undefined =>
    h.services.store.read().meetings.find((m) => m.groupId === g && m.number === n);

  beforeAll(async () => {
    h = await startHarness({ clock: { now: () => now } });
    groupId = h.services.store.read().groups[0].id;
    await h.turn(message(h.fc.url, groupChat, users.anna, 'referent', [users.gustav]));
    uploadPorts.fetch = async (url) => {
      fetched.push(url);
      return new Response(readFileSync(SAMPLE), { status: 200, headers: { 'content-type': 'text/plain' } });
    };
  });
  afterAll(async () => {
    uploadPorts.fetch = realFetch;
    await h.close();
  });
  afterEach(() => {
    fetched.length = 0;
  });

  it('an agenda for the date of an already planned meeting fills that meeting (through the running bot), its reminder moves with the new time', async () => {
    await h.turn(message(h.fc.url, groupChat, users.anna, 'nyt møde 16-06-2025 13:00-14:00 Mødelokale 2'));
    const t1h = h.services.store.read().reminders.find((r) => r.meeting === 1 && r.kind === 'T-1h')!;
    const r = await cli('agenda', 'import', SAMPLE, '--store', h.storePath);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('through the running bot');
    expect(r.stdout).toContain('meeting 1 (already planned: filled in): 2025-06-16 12:30–14:00, 7 items');
    expect(r.stdout).toContain("the document calls it meeting 2; it is the group's meeting 1");
    const db = h.services.store.read();
    expect(db.meetings.filter((m) => m.date === '2025-06-16')).toHaveLength(1);
    expect(meeting(1)).toMatchObject({ start: '12:30', location: 'Via Teams' });
    expect(meeting(1)!.items).toHaveLength(7);
    expect(db.reminders.find((x) => x.id === t1h.id)!.dueAt).toBe('2025-06-16T09:30:00.000Z');
    expect(db.meetings.map((m) => m.number)).toEqual([1, 2, 3]);
  });

  it('a file from a host outside Teams/SharePoint is refused before any download; nothing is stored; the attempt is logged', async () => {
    const r = await h.turn(fileUpload(h.fc.url, users.anna, 'dagsorden.txt', 'https://files.example.com/dagsorden.txt'));
    expect(r.sent[0].body.text).toBe('⚠️ Filen kan kun hentes fra Teams eller SharePoint (ikke files.example.com).');
    expect(fetched).toEqual([]);
    expect(h.services.store.read().pendingImports ?? []).toEqual([]);
    expect(readFileSync(`${h.storePath}.security.log`, 'utf8')).toContain('download_host_not_allowed');
    const internal = await h.turn(fileUpload(h.fc.url, users.anna, 'dagsorden.txt', 'http://169.254.169.254/latest/meta-data'));
    expect(internal.sent[0].body.text).toContain('Filen kan kun hentes fra Teams eller SharePoint');
  });

  it('a member who is neither chair nor referent cannot import, and nothing is downloaded', async () => {
    const r = await h.turn(fileUpload(h.fc.url, users.bent, 'dagsorden.txt', ALLOWED));
    expect(r.sent[0].body.text).toContain('Kun formanden eller referenten kan gøre det.');
    expect(fetched).toEqual([]);
  });

  it('the chair uploads in personal chat: preview (header, items, proposals) → Importér; only the uploader can confirm; a re-sent click imports nothing twice', async () => {
    // A fresh date, so the preview creates a meeting.
    uploadPorts.fetch = async (url) => {
      fetched.push(url);
      const text = readFileSync(SAMPLE, 'utf8').replace(/16\. juni 2025/g, '18. juni 2025');
      return new Response(text, { status: 200 });
    };
    const r = await h.turn(fileUpload(h.fc.url, users.anna, 'Dagsorden 2. møde.txt', ALLOWED));
    expect(fetched).toEqual([ALLOWED]);
    const preview = cardOf(r.sent[0]);
    const text = cardText(preview);
    expect(text).toContain('Dagsorden klar til import');
    expect(text).toContain('Dagsorden 2. møde.txt');
    expect(text).toContain('Opretter 4. møde');
    expect(text).toContain('Punkter (7)');
    expect(text).toContain('6. Forretningsregler for lægesystemerne (v. Dorthe)');
    expect(text).toContain('onsdag den 22. oktober 2025 kl. 12.30–14.00 → findes allerede (2. møde)');
    expect(text).toContain('Ingen advarsler');
    const pending = h.services.store.read().pendingImports!.at(-1)!;
    expect(pending).toMatchObject({ status: 'pending', groupId, by: users.anna.aadObjectId, filename: 'Dagsorden 2. møde.txt' });
    expect(preview.actions.map((a: any) => [a.verb, a.data.pending])).toEqual([
      [VERBS.agendaImportConfirm, pending.id],
      [VERBS.agendaImportCancel, pending.id],
    ]);
    const other = await h.post(
      cardAction(h.fc.url, personalChat(users.gustav), users.gustav, VERBS.agendaImportConfirm, { pending: pending.id }),
    );
    expect(invokeMessage(other.body)).toContain('Den import findes ikke længere. Send filen igen.');
    expect(invokeMessage(other.body)).not.toContain('Anna');
    expect(meeting(4)).toBeUndefined();
    const ok = await h.post(cardAction(h.fc.url, personalChat(users.anna), users.anna, VERBS.agendaImportConfirm, { pending: pending.id }));
    expect(cardText(invokeCard(ok.body))).toContain('Dagsordenen er importeret');
    expect(cardText(invokeCard(ok.body))).toContain(
      'Møde 4 i Operationel styregruppe: onsdag den 18. juni 2025 kl. 12.30–14.00, 7 punkter.',
    );
    expect(meeting(4)).toMatchObject({ date: '2025-06-18', status: 'planned' });
    const count = h.services.store.read().meetings.length;
    const again = await h.post(
      cardAction(h.fc.url, personalChat(users.anna), users.anna, VERBS.agendaImportConfirm, { pending: pending.id }),
    );
    expect(cardText(invokeCard(again.body))).toContain('Dagsordenen er importeret');
    expect(h.services.store.read().meetings.length).toBe(count);
  });

  it('Annullér discards the upload', async () => {
    const r = await h.turn(fileUpload(h.fc.url, users.gustav, 'dagsorden.txt', ALLOWED));
    const id = cardOf(r.sent[0]).actions[1].data.pending;
    const c = await h.post(cardAction(h.fc.url, personalChat(users.gustav), users.gustav, VERBS.agendaImportCancel, { pending: id }));
    expect(cardText(invokeCard(c.body))).toContain('Import annulleret');
    const again = await h.post(cardAction(h.fc.url, personalChat(users.gustav), users.gustav, VERBS.agendaImportConfirm, { pending: id }));
    expect(invokeMessage(again.body)).toContain('allerede afsluttet');
  });

  it('a chair of two groups is asked which group first, then sees the preview for that group', async () => {
    const second: TestConversation = {
      id: '19:second-group@thread.v2',
      type: 'groupChat',
      tenantId: groupChat.tenantId,
      name: 'Følgegruppe for patientapps',
    };
    setMembers(h.fc, second, [users.anna, users.erik]);
    await h.post(botAdded(h.fc.url, second, users.anna));
    const g2 = h.services.store.read().groups.find((g) => g.conversation.conversationId === second.id)!;
    const r = await h.turn(fileUpload(h.fc.url, users.anna, 'dagsorden.txt', ALLOWED));
    const pick = cardOf(r.sent[0]);
    expect(cardText(pick)).toContain('Hvilken gruppe er dagsordenen til?');
    const choices = pick.body.find((b: any) => b.id === 'groupId').choices;
    expect(choices.map((c: any) => c.title)).toEqual(['Operationel styregruppe', 'Følgegruppe for patientapps']);
    const pending = pick.actions[0].data.pending;
    const p = await h.post(
      cardAction(h.fc.url, personalChat(users.anna), users.anna, VERBS.agendaImportPickGroup, { pending, groupId: g2.id }),
    );
    const preview = invokeCard(p.body);
    expect(cardText(preview)).toContain('Følgegruppe for patientapps');
    expect(cardText(preview)).toContain('Opretter 2. møde');
    const ok = await h.post(cardAction(h.fc.url, personalChat(users.anna), users.anna, VERBS.agendaImportConfirm, { pending }));
    expect(cardText(invokeCard(ok.body))).toContain('Følgegruppe for patientapps');
    expect(
      h.services.store
        .read()
        .meetings.filter((m) => m.groupId === g2.id)
        .map((m) => m.number),
    ).toEqual([2, 3, 4]);
  });

  it('carry-over: an item postponed at the meeting is proposed again on the next new meeting', async () => {
    await h.turn(message(h.fc.url, groupChat, users.anna, 'dagsorden 1'));
    await h.fc.waitFor(() => !!meeting(1)!.items[5].card);
    const card = meeting(1)!.items[5].card!.activityId;
    const r = await h.post(
      cardAction(
        h.fc.url,
        groupChat,
        users.gustav,
        VERBS.itemDecide,
        { groupId, meeting: 1, item: 6, outcome: 'postponed', decision: 'Udsat til efteråret.' },
        card,
      ),
    );
    expect(cardText(invokeCard(r.body))).toContain('Udsat');
    now = new Date('2025-06-20T08:00:00.000Z');
    await h.fc.waitFor((calls) => calls.some((c) => c.method === 'PUT' && c.activityId === card));
    // Meeting 4 (18 June, imported above, all undecided) is called off: the previous meeting is 1.
    await h.turn(message(h.fc.url, groupChat, users.anna, 'aflys møde 4'));
    const n = await h.turn(message(h.fc.url, groupChat, users.anna, 'nyt møde 10-09-2025 12:30-14:00'));
    expect(n.sent.filter((c) => c.method === 'POST')[0].body.text).toContain(
      'Overført fra møde 1: 1 punkt ("Forretningsregler for lægesystemerne").',
    );
    const created = h.services.store
      .read()
      .meetings.filter((m) => m.groupId === groupId)
      .at(-1)!;
    expect(created.items.map((i) => i.title)).toContain('Forretningsregler for lægesystemerne');
    expect(created.items.find((i) => i.carriedFrom === 1)).toMatchObject({
      presenter: 'Dorthe',
      recommendation: ['godkender udkastet til forretningsregler'],
    });
  });
});
