/** Minimal valid groups and meetings for the time tests (only the fields scheduling reads matter). */
import type { Db, Group, Meeting, ReminderOffsets } from '../../../src/domain/model.js';
import { defaultReminderOffsets } from '../../../src/domain/reminder-plan.js';
import * as build from '../../helpers/builders.js';

export function group(id = 'g1', opts: { timezone?: string; offsets?: ReminderOffsets } = {}): Group {
  return build.group(id, {
    name: 'Operationel styregruppe FLP',
    createdAt: '2026-01-01T00:00:00.000Z',
    timezone: opts.timezone ?? 'Europe/Copenhagen',
    conversation: build.conversation(`19:${id}`, { conversationType: 'channel', botId: 'b' }),
    reminderOffsets: opts.offsets ?? defaultReminderOffsets(),
  });
}

/** A meeting one hour long from `start`. */
export function meeting(groupId: string, number: number, date: string, start: string, extra: Partial<Meeting> = {}): Meeting {
  return build.meeting(groupId, number, date, {
    start,
    end: `${String(Number(start.slice(0, 2)) + 1).padStart(2, '0')}${start.slice(2)}`,
    location: 'Mødelokale 3',
    createdAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  });
}

/** The reminders of one meeting as kind → [status, dueAt], for compact assertions. */
export const remindersOf = (db: Db, groupId: string, n: number) =>
  db.reminders.filter((r) => r.groupId === groupId && r.meeting === n).map((r) => [r.kind, r.status, r.dueAt]);
