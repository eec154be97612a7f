/** Minimal valid groups and meetings for the time tests (only the fields scheduling reads matter). */
import type { Db, Group, Meeting, ReminderOffsets } from '../../../src/domain/model.js';
import { defaultReminderOffsets } from '../../../src/domain/reminder-plan.js';

export function group(id = 'g1', opts: { timezone?: string; offsets?: ReminderOffsets } = {}): Group {
  return {
    id,
    name: 'Operationel styregruppe FLP',
    createdAt: '2026-01-01T00:00:00.000Z',
    locale: 'da',
    timezone: opts.timezone ?? 'Europe/Copenhagen',
    conversation: {
      serviceUrl: 'https://smba.example/',
      channelId: 'msteams',
      conversationId: `19:${id}`,
      conversationType: 'channel',
      tenantId: 't',
      botId: 'b',
    },
    roster: [],
    standingItems: [],
    reminderOffsets: opts.offsets ?? defaultReminderOffsets(),
    escalationTarget: null,
    linkedChats: [],
    counters: { meeting: 0, risk: 0, action: 0, round: 0, escalation: 0 },
  };
}

export function meeting(groupId: string, number: number, date: string, start: string, extra: Partial<Meeting> = {}): Meeting {
  return {
    groupId,
    number,
    title: `${number}. møde`,
    date,
    start,
    end: `${String(Number(start.slice(0, 2)) + 1).padStart(2, '0')}${start.slice(2)}`,
    location: 'Mødelokale 3',
    joinUrl: null,
    status: 'planned',
    participants: [],
    attendance: [],
    items: [],
    minutes: { status: 'draft', approvedBy: null, approvedAt: null, amendments: [], version: 0 },
    createdAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

/** The reminders of one meeting as kind → [status, dueAt], for compact assertions. */
export const remindersOf = (db: Db, groupId: string, n: number) =>
  db.reminders.filter((r) => r.groupId === groupId && r.meeting === n).map((r) => [r.kind, r.status, r.dueAt]);
