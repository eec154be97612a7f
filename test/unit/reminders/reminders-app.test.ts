/**
 * The reminder use-cases without Teams: parsing the chair's offsets, who gets a due reminder,
 * the idempotent send port, and the outbox feedback that gives a reminder Teams' activity id.
 */
import { describe, expect, it } from 'vitest';
import type { Tx } from '../../../src/app/ports.js';
import {
  parseReminderOffsets,
  reflectOutbox,
  reminderTargets,
  sendReminderInTx,
  setReminderOffsets,
  type ReminderTarget,
} from '../../../src/app/reminders.js';
import { emptyDb, type ConversationRef, type Db, type Group, type Meeting, type Reminder } from '../../../src/domain/model.js';
import { defaultReminderOffsets } from '../../../src/domain/reminder-plan.js';
import { createTx } from '../../../src/storage/tx.js';
import { isAppError } from '../../../src/errors.js';
import { syncReminderPlan, syncVoteNudge } from '../../../src/scheduler/reminders.js';

const conv = (id: string, type: ConversationRef['conversationType'] = 'groupChat'): ConversationRef => ({
  serviceUrl: 'https://smba.example/',
  channelId: 'msteams',
  conversationId: id,
  conversationType: type,
  tenantId: 't',
  botId: '28:bot',
});
const anna = { name: 'Anna Holm', aadObjectId: 'aad-anna', teamsId: '29:anna' };

function world(nowIso = '2026-03-01T09:00:00.000Z') {
  const db: Db = emptyDb();
  const now = new Date(nowIso);
  const tx: Tx = createTx(db, now, { audit: (e) => void db.audit.push(e) });
  const group: Group = {
    id: 'g1',
    name: 'Operationel styregruppe',
    createdAt: nowIso,
    locale: 'da',
    timezone: 'Europe/Copenhagen',
    conversation: conv('19:group'),
    roster: [
      { ...anna, role: 'chair', organisation: null },
      {
        name: 'Bent Lund',
        aadObjectId: 'aad-bent',
        teamsId: '29:bent',
        role: 'member',
        organisation: null,
        personalChat: conv('a:bent', 'personal'),
      },
      { name: 'Frida Mose', aadObjectId: 'aad-frida', teamsId: '29:frida', role: 'member', organisation: 'Ekstern' },
      { name: 'Olga Obs', aadObjectId: 'aad-olga', teamsId: '29:olga', role: 'observer', organisation: null },
    ],
    standingItems: [],
    reminderOffsets: defaultReminderOffsets(),
    escalationTarget: null,
    linkedChats: [{ conversation: conv('19:meeting_1'), meetingNumber: 1, linkedBy: 'aad-anna', at: nowIso }],
    counters: { meeting: 1, risk: 0, action: 0, round: 0, escalation: 0 },
  };
  const meeting: Meeting = {
    groupId: 'g1',
    number: 1,
    title: '1. møde',
    date: '2026-03-30',
    start: '10:00',
    end: '12:00',
    location: 'Mødelokale 3',
    joinUrl: null,
    status: 'planned',
    participants: [],
    attendance: [],
    items: [],
    minutes: { status: 'draft', approvedBy: null, approvedAt: null, amendments: [], version: 0 },
    createdAt: nowIso,
  };
  db.groups.push(group);
  db.meetings.push(meeting);
  syncReminderPlan(db, tx, 'g1', 1);
  const rem = (kind: string) => db.reminders.find((r) => r.kind === kind)!;
  return { db, tx, group, meeting, rem };
}

const build = (_db: Readonly<Db>, r: Readonly<Reminder>, t: ReminderTarget, _now?: Date) => ({
  type: 'message',
  text: `${r.kind} → ${t.audience} ${t.people.map((p) => p.name).join(',')}`,
});
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (isAppError(e)) return `${e.code} ${JSON.stringify(e.params)}`;
    throw e;
  }
  return 'no error';
};

describe('parseReminderOffsets', () => {
  const current = defaultReminderOffsets();
  it('reads days, hours and a time of day in Danish and English spellings', () => {
    expect(parseReminderOffsets('14d 2d 1h', current)).toEqual({ days: [14, 2], hours: [1], atTime: '09:00' });
    expect(parseReminderOffsets('7 dage, 1 dag 2 timer kl. 8.30', current)).toEqual({ days: [7, 1], hours: [2], atTime: '08:30' });
    expect(parseReminderOffsets('reminders 7d 1d 2h at 08:30'.slice(10), current)).toEqual({ days: [7, 1], hours: [2], atTime: '08:30' });
    expect(parseReminderOffsets('3t 1d 1d', current)).toEqual({ days: [1], hours: [3], atTime: '09:00' });
  });
  it('a time alone keeps the offsets; "standard" restores the defaults', () => {
    expect(parseReminderOffsets('kl 08:00', { days: [7], hours: [2], atTime: '09:00' })).toEqual({
      days: [7],
      hours: [2],
      atTime: '08:00',
    });
    expect(parseReminderOffsets('standard', { days: [7], hours: [], atTime: '10:00' })).toEqual(defaultReminderOffsets());
  });
  it('refuses what it does not understand, out-of-range offsets and impossible times', () => {
    expect(code(() => parseReminderOffsets('snart', current))).toBe('reminder_offset_unknown {"token":"snart"}');
    expect(code(() => parseReminderOffsets('14', current))).toBe('reminder_offset_unknown {"token":"14"}');
    expect(code(() => parseReminderOffsets('200d', current))).toBe('reminder_offset_range {"value":"200d","max":90,"unit":"d"}');
    expect(code(() => parseReminderOffsets('0h', current))).toBe('reminder_offset_range {"value":"0h","max":72,"unit":"h"}');
    expect(code(() => parseReminderOffsets('2d kl 25:00', current))).toBe('reminder_offset_time {"token":"25:00"}');
  });
});

describe('setReminderOffsets', () => {
  it('only the chair; re-plans planned meetings and open rounds in the same write; audited', () => {
    const { db, tx } = world();
    expect(
      code(() =>
        setReminderOffsets(db, tx, {
          groupId: 'g1',
          actor: { name: 'Bent', aadObjectId: 'aad-bent', teamsId: null },
          offsets: { days: [7], hours: [], atTime: '09:00' },
        }),
      ),
    ).toBe('not_chair {}');
    db.voteRounds.push({
      groupId: 'g1',
      id: 'R1',
      status: 'open',
      openedBy: 'aad-anna',
      openedAt: tx.now.toISOString(),
      deadline: '2026-03-20T12:00:00.000Z',
      meeting: 1,
      riskIds: [],
      ballots: [],
      result: null,
      overrides: {},
      closedAt: null,
      closedBy: null,
    });
    syncVoteNudge(db, tx, 'g1', 'R1');
    const res = setReminderOffsets(db, tx, { groupId: 'g1', actor: anna, offsets: { days: [7], hours: [], atTime: '08:00' } });
    expect(res.meetings).toBe(1);
    const planned = db.reminders
      .filter((r) => r.status === 'planned')
      .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.kind.localeCompare(b.kind));
    expect(planned.map((r) => [r.kind, r.dueAt])).toEqual([
      ['nudge-vote', '2026-03-19T07:00:00.000Z'], // the working day before the deadline, now at 08:00
      ['T-7d', '2026-03-23T07:00:00.000Z'],
      // The agenda's publication follows the group's reminder time too (domain/agenda-publication.ts).
      ['T-7d-agenda', '2026-03-23T07:00:00.000Z'],
    ]);
    expect(db.audit.at(-1)).toMatchObject({
      action: 'reminders.offsets',
      actor: 'aad-anna',
      after: { days: [7], hours: [], atTime: '08:00' },
    });
  });
});

describe('reminderTargets', () => {
  it('meeting reminders go to the group; hour reminders also to each linked meeting chat', () => {
    const { db, rem } = world();
    const day = reminderTargets(db, rem('T-14d'));
    expect('targets' in day && day.targets.map((t) => [t.audience, t.conversation.conversationId])).toEqual([['group', '19:group']]);
    const hour = reminderTargets(db, rem('T-1h'));
    expect('targets' in hour && hour.targets.map((t) => [t.key, t.audience, t.conversation.conversationId])).toEqual([
      ['', 'group', '19:group'],
      ['chat:19:meeting_1', 'meeting-chat', '19:meeting_1'],
    ]);
  });

  it('vote nudges: personal chat where one exists, the rest @mentioned together in the group; observers and voters are left out', () => {
    const { db, tx } = world();
    db.voteRounds.push({
      groupId: 'g1',
      id: 'R1',
      status: 'open',
      openedBy: 'aad-anna',
      openedAt: tx.now.toISOString(),
      deadline: '2026-03-20T12:00:00.000Z',
      meeting: 1,
      riskIds: [],
      ballots: [{ voter: 'aad-anna', voterName: 'Anna Holm', choices: {}, comment: null, at: tx.now.toISOString() }],
      result: null,
      overrides: {},
      closedAt: null,
      closedBy: null,
    });
    syncVoteNudge(db, tx, 'g1', 'R1');
    const nudge = db.reminders.find((r) => r.kind === 'nudge-vote')!;
    const res = reminderTargets(db, nudge);
    expect('targets' in res && res.targets.map((t) => [t.key, t.audience, t.people.map((p) => p.name)])).toEqual([
      ['', 'group', ['Frida Mose']],
      ['person:aad-bent', 'personal', ['Bent Lund']],
    ]);
    db.voteRounds[0].ballots.push(
      { voter: 'aad-bent', voterName: 'Bent', choices: {}, comment: null, at: tx.now.toISOString() },
      { voter: '29:frida', voterName: 'Frida', choices: {}, comment: null, at: tx.now.toISOString() }, // a ballot keyed by Teams id counts too
    );
    expect(reminderTargets(db, nudge)).toEqual({ skip: 'everyone has voted' });
  });
});

describe('sendReminderInTx', () => {
  it('queues and marks sent in one write; a second call for the same reminder queues nothing and returns the first item', () => {
    const { db, tx, rem } = world();
    const r = rem('T-1h');
    r.status = 'sending';
    const first = sendReminderInTx(db, tx, r.id, build);
    expect(first).toMatchObject({ outcome: 'queued', queued: 2 });
    expect(db.outbox.map((o) => [o.purpose, o.conversation.conversationId])).toEqual([
      [`reminder:${r.id}`, '19:group'],
      [`reminder:${r.id}:chat:19:meeting_1`, '19:meeting_1'],
    ]);
    expect(r).toMatchObject({ status: 'sent', outboxId: first.outboxId, sentAt: tx.now.toISOString() });
    // After a crash between claim and record the sweep resumes it: nothing new is queued.
    r.status = 'sending';
    const again = sendReminderInTx(db, tx, r.id, build);
    expect(again).toEqual({ outboxId: first.outboxId, outcome: 'existing', queued: 0 });
    expect(db.outbox).toHaveLength(2);
    expect(r.status).toBe('sent');
    expect(db.audit.filter((a) => a.action === 'reminder.sent')).toHaveLength(1);
  });

  it('a reminder with nobody left to tell is cancelled and audited, not sent', () => {
    const { db, tx } = world();
    db.actions.push({
      groupId: 'g1',
      id: 'A1',
      text: 'x',
      owner: { name: 'Bent Lund', aadObjectId: 'aad-bent' },
      due: '2026-03-10',
      status: 'done',
      source: { kind: 'chat', meeting: null, item: null, risk: null },
      createdBy: 'aad-anna',
      createdAt: tx.now.toISOString(),
    });
    db.reminders.push({
      id: 'n1',
      groupId: 'g1',
      meeting: 1,
      kind: 'nudge-action',
      to: 'aad-bent',
      dueAt: '2026-03-27T08:00:00.000Z',
      status: 'sending',
      late: false,
      sentAt: null,
      outboxId: null,
      ref: 'A1',
    });
    expect(sendReminderInTx(db, tx, 'n1', build)).toMatchObject({ outcome: 'skipped', outboxId: '' });
    expect(db.reminders.find((r) => r.id === 'n1')!.status).toBe('cancelled');
    expect(db.outbox).toEqual([]);
    expect(db.audit.at(-1)).toMatchObject({ action: 'reminder.skipped', target: 'n1', after: { reason: 'action closed' } });
  });

  it('a build error leaves nothing half-queued', () => {
    const { db, tx, rem } = world();
    const r = rem('T-1h');
    r.status = 'sending';
    let n = 0;
    expect(() =>
      sendReminderInTx(db, tx, r.id, (...args) =>
        ++n === 2
          ? (() => {
              throw new Error('template');
            })()
          : build(...args),
      ),
    ).toThrow('template');
    expect(db.outbox).toEqual([]);
    expect(r.status).toBe('sending');
  });
});

describe('reflectOutbox', () => {
  it('records Teams’ activity id when delivered; failed or uncertain messages make the reminder failed/uncertain', () => {
    const { db, tx, rem } = world();
    const r = rem('T-1h');
    r.status = 'sending';
    sendReminderInTx(db, tx, r.id, build);
    const [a, b] = db.outbox;
    Object.assign(a, { status: 'sent', activityId: 'act-1' });
    expect(reflectOutbox(db, r.id)).toMatchObject({ status: 'sent', activityId: 'act-1' });
    Object.assign(b, { status: 'uncertain' });
    expect(reflectOutbox(db, r.id)?.status).toBe('uncertain');
    Object.assign(b, { status: 'sent', activityId: 'act-2' }); // the chair re-sent it
    expect(reflectOutbox(db, r.id)?.status).toBe('sent');
    expect(reflectOutbox(db, r.id)).toBeNull(); // nothing changed
    expect(b.ref).toEqual({ kind: 'reminder', reminderId: r.id, target: expect.any(String) });
    expect(b.purpose.startsWith(`reminder:${r.id}:`)).toBe(true);
  });
});
