/**
 * The group's reminder offsets ("påmindelser 14d 2d 1h kl 09:00"): reading the chair's text and
 * setting them, which re-plans every planned meeting's reminders, vote nudges and vendor reminders
 * in the same write. Re-exported by reminders.ts.
 */
import type { Db, Group, Person, ReminderOffsets } from '../domain/model.js';
import { isHhMm } from '../domain/dates.js';
import {
  DEFAULT_REMINDER_OFFSETS,
  MAX_DAY_OFFSET,
  MAX_HOUR_OFFSET,
  defaultReminderOffsets,
  reminderOffsetProblems,
} from '../domain/reminder-plan.js';
import { personKey } from '../domain/roster.js';
import { AppError } from '../errors.js';
import { requireGroup, requireRight } from './groups.js';
import type { SyncResult, Tx } from './ports.js';
import { syncVendorReminders } from './vendor-reminders.js';

/**
 * The chair's offsets as typed → ReminderOffsets. Tokens: `<n>d` (also "dage", "days"), `<n>h` /
 * `<n>t` (also "timer", "hours"), a time `09:00` / `kl 9.30` / `at 08:30`, or `standard`/`default`.
 * The days and hours given are the whole new set; without any, the current ones are kept (so
 * "påmindelser kl 08:00" only moves the time of day).
 */
export function parseReminderOffsets(text: string, current: ReminderOffsets): ReminderOffsets {
  const raw = text.trim().toLowerCase();
  if (!raw) throw new AppError('reminder_offset_unknown', { token: '' });
  if (/^(standard|default)$/.test(raw)) return defaultReminderOffsets();
  const joined = raw
    .replace(/,/g, ' ')
    // Only from the first digit of a number: retried inside a long digit run, `\d+` rescanned the
    // rest of the run at each position (quadratic).
    .replace(/(?<!\d)(\d+)\s+(dage|dag|days|day|d|timer|time|hours|hour|h|t)\b/g, '$1$2')
    .replace(/\b(kl\.?|at)\s+(?=\d)/g, 'kl');
  const days: number[] = [];
  const hours: number[] = [];
  let atTime: string | null = null;
  for (const token of joined.split(/\s+/).filter(Boolean)) {
    let m: RegExpExecArray | null;
    if ((m = /^(\d{1,4})(dage|dag|days|day|d)$/.exec(token))) {
      const n = Number(m[1]);
      if (n < 1 || n > MAX_DAY_OFFSET) throw new AppError('reminder_offset_range', { value: `${n}d`, max: MAX_DAY_OFFSET, unit: 'd' });
      days.push(n);
    } else if ((m = /^(\d{1,4})(timer|time|hours|hour|h|t)$/.exec(token))) {
      const n = Number(m[1]);
      if (n < 1 || n > MAX_HOUR_OFFSET) throw new AppError('reminder_offset_range', { value: `${n}h`, max: MAX_HOUR_OFFSET, unit: 'h' });
      hours.push(n);
    } else if ((m = /^(?:kl)?(\d{1,2})(?:[:.](\d{2}))?$/.exec(token)) && (token.startsWith('kl') || m[2] !== undefined)) {
      const time = `${m[1].padStart(2, '0')}:${m[2] ?? '00'}`;
      if (!isHhMm(time)) throw new AppError('reminder_offset_time', { token: token.replace(/^kl/, '').slice(0, 10) });
      atTime = time;
    } else throw new AppError('reminder_offset_unknown', { token: token.slice(0, 20) });
  }
  const anyOffset = days.length + hours.length > 0;
  const next: ReminderOffsets = {
    days: anyOffset ? [...new Set(days)].sort((a, b) => b - a) : [...current.days],
    hours: anyOffset ? [...new Set(hours)].sort((a, b) => b - a) : [...current.hours],
    atTime: atTime ?? current.atTime ?? DEFAULT_REMINDER_OFFSETS.atTime,
  };
  const problems = reminderOffsetProblems(next);
  if (problems.length) throw new AppError('reminder_offsets_invalid', { detail: problems.join('; ') });
  return next;
}

export interface SetOffsetsResult {
  group: Group;
  before: ReminderOffsets;
  after: ReminderOffsets;
  meetings: number;
  sync: SyncResult;
}

/**
 * The chair sets the group's reminder offsets; every planned meeting's plan (and every open vote
 * round's nudge, which uses the time of day) is recomputed in the same write. Audited.
 */
export function setReminderOffsets(db: Db, tx: Tx, input: { groupId: string; actor: Person; offsets: ReminderOffsets }): SetOffsetsResult {
  const group = requireGroup(db, input.groupId);
  requireRight(group, input.actor, 'manageRoster', tx);
  const problems = reminderOffsetProblems(input.offsets);
  if (problems.length) throw new AppError('reminder_offsets_invalid', { detail: problems.join('; ') });
  const before = structuredClone(group.reminderOffsets ?? defaultReminderOffsets());
  group.reminderOffsets = { days: [...input.offsets.days], hours: [...input.offsets.hours], atTime: input.offsets.atTime };
  const sync: SyncResult = { created: 0, moved: 0, cancelled: 0, kept: 0 };
  const add = (r: SyncResult) => {
    sync.created += r.created;
    sync.moved += r.moved;
    sync.cancelled += r.cancelled;
    sync.kept += r.kept;
  };
  const planned = db.meetings.filter((m) => m.groupId === group.id && m.status === 'planned');
  for (const m of planned) add(tx.schedule.syncReminderPlan(group.id, m.number));
  for (const v of db.voteRounds.filter((x) => x.groupId === group.id && x.status === 'open'))
    add(tx.schedule.syncVoteNudge(group.id, v.id));
  // Vendor reminders go out at the same time of day.
  for (const v of (db.vendors ?? []).filter((x) => x.groupId === group.id)) {
    const r = syncVendorReminders(db, tx, group.id, v.id);
    add({ created: r.created, moved: 0, cancelled: r.cancelled, kept: r.kept });
  }
  tx.audit({
    actor: personKey(input.actor),
    action: 'reminders.offsets',
    groupId: group.id,
    target: group.id,
    before,
    after: group.reminderOffsets,
  });
  return { group, before, after: group.reminderOffsets, meetings: planned.length, sync };
}
