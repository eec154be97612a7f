/**
 * The status request and nudge rows of a meeting (src/scheduler/status-reminders.ts): planned
 * with the meeting, moved with it, cancelled with it, each sent at most once per meeting, and
 * none for a group whose standing items report no status.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_STANDING_ITEMS } from '../../../src/app/groups.js';
import { buildAgenda } from '../../../src/domain/meeting-agenda.js';
import { emptyDb, type Db, type Group, type Meeting } from '../../../src/domain/model.js';
import { syncStatusReminders } from '../../../src/scheduler/status-reminders.js';

function world(standingItems: string[] = [...DEFAULT_STANDING_ITEMS]): Db {
  const db = emptyDb();
  const group = {
    id: 'g1',
    name: 'Styregruppe',
    createdAt: '2026-01-01T00:00:00.000Z',
    locale: 'da',
    timezone: 'Europe/Copenhagen',
    conversation: { serviceUrl: 's', channelId: 'msteams', conversationId: 'c', conversationType: 'groupChat', tenantId: 't', botId: 'b' },
    roster: [],
    standingItems,
    reminderOffsets: { days: [14, 2], hours: [1], atTime: '09:00' },
    escalationTarget: null,
    linkedChats: [],
    counters: { meeting: 1, risk: 0, action: 0, round: 0, escalation: 0 },
  } satisfies Group;
  const meeting: Meeting = {
    groupId: 'g1',
    number: 1,
    title: '1. møde',
    date: '2026-03-30',
    start: '10:00',
    end: '12:00',
    location: null,
    joinUrl: null,
    status: 'planned',
    participants: [],
    attendance: [],
    items: buildAgenda(standingItems, null),
    minutes: { status: 'draft', approvedBy: null, approvedAt: null, amendments: [], version: 1 },
    createdAt: '2026-03-01T00:00:00.000Z',
  };
  db.groups.push(group);
  db.meetings.push(meeting);
  return db;
}

let n = 0;
const tx = (now: string) => ({ now: new Date(now), nextId: (p: string) => `${p}-${++n}` });
const rows = (db: Db) => db.reminders.map((r) => [r.kind, r.dueAt, r.status]);

describe('status reminder rows', () => {
  it('are planned with the meeting: request T-10d, nudge T-4d; syncing again changes nothing', () => {
    const db = world();
    expect(syncStatusReminders(db, tx('2026-03-01T09:00:00Z'), 'g1', 1)).toEqual({ created: 2, moved: 0, cancelled: 0, kept: 0 });
    expect(rows(db)).toEqual([
      ['status-request', '2026-03-20T08:00:00.000Z', 'planned'],
      ['status-nudge', '2026-03-26T08:00:00.000Z', 'planned'],
    ]);
    expect(syncStatusReminders(db, tx('2026-03-02T09:00:00Z'), 'g1', 1)).toEqual({ created: 0, moved: 0, cancelled: 0, kept: 2 });
    expect(db.reminders).toHaveLength(2);
  });

  it('move with the meeting (same rows), but one already sent is never planned again', () => {
    const db = world();
    syncStatusReminders(db, tx('2026-03-01T09:00:00Z'), 'g1', 1);
    const [request, nudge] = db.reminders;
    request.status = 'sent';
    db.meetings[0].date = '2026-04-14'; // Tuesday after Easter
    syncStatusReminders(db, tx('2026-03-21T09:00:00Z'), 'g1', 1);
    expect(rows(db)).toEqual([
      ['status-request', '2026-03-20T08:00:00.000Z', 'sent'],
      ['status-nudge', '2026-04-10T07:00:00.000Z', 'planned'],
    ]);
    expect(db.reminders[1]).toBe(nudge);
  });

  it('a time already past is not planned; a cancelled meeting cancels what is planned', () => {
    const db = world();
    syncStatusReminders(db, tx('2026-03-22T09:00:00Z'), 'g1', 1); // created 8 days ahead
    expect(rows(db)).toEqual([['status-nudge', '2026-03-26T08:00:00.000Z', 'planned']]);
    db.meetings[0].status = 'cancelled';
    syncStatusReminders(db, tx('2026-03-23T09:00:00Z'), 'g1', 1);
    expect(rows(db)).toEqual([['status-nudge', '2026-03-26T08:00:00.000Z', 'cancelled']]);
  });

  it('none for a group whose standing items report no status', () => {
    const db = world(['Velkomst', 'Eventuelt']);
    syncStatusReminders(db, tx('2026-03-01T09:00:00Z'), 'g1', 1);
    expect(db.reminders).toEqual([]);
    const none = world([]);
    syncStatusReminders(none, tx('2026-03-01T09:00:00Z'), 'g1', 1);
    expect(none.reminders).toEqual([]);
  });
});
