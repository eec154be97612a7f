/**
 * When a meeting's reminders are due. Pure: meeting + the group's offsets + its zone → instants.
 *
 * Day reminders ("T-14d", "T-2d") go out at `atTime` local, n calendar days before the meeting;
 * one landing on a weekend or public holiday moves back to the previous working day at the same
 * local time (nobody reads a steering-group reminder on a Saturday). Hour reminders ("T-1h") are
 * exact durations before the start and never move: they are about the meeting itself.
 */
import type { Meeting, ReminderOffsets } from './model.js';
import { DEFAULT_ZONE, addDays, instantToLocal, isHhMm, localToInstant } from './dates.js';
import { previousWorkingDay, workingDayBefore } from './working-days.js';

export const DEFAULT_REMINDER_OFFSETS: ReminderOffsets = Object.freeze({ days: [14, 2], hours: [1], atTime: '09:00' }) as ReminderOffsets;
/** A fresh copy for storing on a new group (the constant's arrays must never be shared with stored data). */
export const defaultReminderOffsets = (): ReminderOffsets => ({ days: [14, 2], hours: [1], atTime: '09:00' });

/** Offsets beyond these are almost certainly typos (and would plan reminders months ahead). */
export const MAX_DAY_OFFSET = 90;
export const MAX_HOUR_OFFSET = 72;

export type PlannedMeeting = Pick<Meeting, 'groupId' | 'number' | 'date' | 'start' | 'status'>;
export interface PlannedReminder {
  kind: string;
  /** ISO-8601 UTC instant. */
  dueAt: string;
}

/** Problems with offsets a user is about to save (empty = fine); the settings use-case reports them. */
export function reminderOffsetProblems(o: ReminderOffsets): string[] {
  const problems: string[] = [];
  if (!isHhMm(o.atTime)) problems.push(`atTime must be HH:MM, got "${o.atTime}"`);
  for (const d of o.days)
    if (!Number.isInteger(d) || d < 1 || d > MAX_DAY_OFFSET) problems.push(`day offset ${d} must be a whole number 1–${MAX_DAY_OFFSET}`);
  for (const h of o.hours)
    if (!Number.isInteger(h) || h < 1 || h > MAX_HOUR_OFFSET) problems.push(`hour offset ${h} must be a whole number 1–${MAX_HOUR_OFFSET}`);
  return problems;
}

/**
 * Stored offsets that slipped past validation must not stop a meeting from being saved, so bad
 * entries are dropped here rather than thrown on (reminderOffsetProblems is the place to refuse them).
 */
function usable(o: ReminderOffsets): ReminderOffsets {
  const okDay = (d: number) => Number.isInteger(d) && d >= 1 && d <= MAX_DAY_OFFSET;
  const okHour = (h: number) => Number.isInteger(h) && h >= 1 && h <= MAX_HOUR_OFFSET;
  return {
    days: [...new Set(o.days.filter(okDay))].sort((a, b) => a - b),
    hours: [...new Set(o.hours.filter(okHour))].sort((a, b) => a - b),
    atTime: isHhMm(o.atTime) ? o.atTime : DEFAULT_REMINDER_OFFSETS.atTime,
  };
}

/** n calendar days before `date`, rolled back to a working day, at `atTime` local. */
function dayReminderAt(date: string, n: number, atTime: string, zone: string): Date {
  return localToInstant(previousWorkingDay(addDays(date, -n)), atTime, zone);
}

/**
 * The reminders a planned meeting should get, sorted by due time. Held or cancelled meetings get
 * none. Two reminders that land on the same instant (T-1d and T-2d both rolled back to Friday)
 * are sent once, under the smaller offset; anything not before the start is dropped.
 */
export function planReminders(
  meeting: PlannedMeeting,
  offsets: ReminderOffsets = DEFAULT_REMINDER_OFFSETS,
  zone: string = DEFAULT_ZONE,
): PlannedReminder[] {
  if (meeting.status !== 'planned') return [];
  const o = usable(offsets);
  const startMs = localToInstant(meeting.date, meeting.start, zone).getTime();
  const candidates: Array<{ kind: string; ms: number }> = [
    ...o.days.map((n) => ({ kind: `T-${n}d`, ms: dayReminderAt(meeting.date, n, o.atTime, zone).getTime() })),
    ...o.hours.map((n) => ({ kind: `T-${n}h`, ms: startMs - n * 3_600_000 })),
  ];
  const seen = new Set<number>();
  const plan: PlannedReminder[] = [];
  for (const c of candidates) {
    if (c.ms >= startMs || seen.has(c.ms)) continue;
    seen.add(c.ms);
    plan.push({ kind: c.kind, dueAt: new Date(c.ms).toISOString() });
  }
  return plan.sort((a, b) => (a.dueAt < b.dueAt ? -1 : a.dueAt > b.dueAt ? 1 : 0));
}

/** The meeting's start as an instant. */
export const meetingStart = (meeting: Pick<Meeting, 'date' | 'start'>, zone: string = DEFAULT_ZONE): Date =>
  localToInstant(meeting.date, meeting.start, zone);

/**
 * When to nudge people who have not voted: the last working day before the deadline's local
 * date, at `atTime` local. ISO string.
 */
export function nudgeVoteAt(deadlineIso: string, zone: string = DEFAULT_ZONE, atTime = DEFAULT_REMINDER_OFFSETS.atTime): string {
  const local = instantToLocal(deadlineIso, zone);
  return localToInstant(workingDayBefore(local.date), atTime, zone).toISOString();
}

/** When to chase open action points before a meeting: the T-2d time, whatever the group's offsets. */
export function nudgeActionAt(
  meeting: Pick<Meeting, 'date'>,
  zone: string = DEFAULT_ZONE,
  atTime = DEFAULT_REMINDER_OFFSETS.atTime,
): string {
  return dayReminderAt(meeting.date, 2, atTime, zone).toISOString();
}
