/**
 * When a risk vote round closes (split from votes.ts): the end of the next planned meeting by
 * default, an explicit local date/time when the chair gives one, within sane bounds.
 */
import type { Db, Group, Meeting } from '../domain/model.js';
import { DEFAULT_ZONE, isHhMm, isIsoDate, localDate, localToInstant } from '../domain/dates.js';
import { AppError } from '../errors.js';

/** Without a planned meeting, a round runs this long. */
export const DEFAULT_ROUND_DAYS = 14;
/** A deadline further out than this is a typo, not a plan. */
export const MAX_ROUND_DAYS = 180;

export const zoneOf = (group: Readonly<Group>) => group.timezone || DEFAULT_ZONE;

function meetingEnd(m: Readonly<Meeting>, zone: string): Date | null {
  try {
    return localToInstant(m.date, isHhMm(m.end) ? m.end : m.start, zone);
  } catch {
    return null;
  }
}

/** The group's next planned meeting (today or later) that has not ended yet at `now`. */
export function nextPlannedMeeting(db: Readonly<Db>, group: Readonly<Group>, now: Date): { meeting: Meeting; end: Date } | null {
  const zone = zoneOf(group);
  const today = localDate(now, zone);
  const upcoming = db.meetings
    .filter((m) => m.groupId === group.id && m.status === 'planned' && m.date >= today)
    .sort((a, b) => (a.date + a.start < b.date + b.start ? -1 : 1));
  for (const meeting of upcoming) {
    const end = meetingEnd(meeting, zone);
    if (end && end.getTime() > now.getTime()) return { meeting, end };
  }
  return null;
}

export interface DeadlineChoice {
  deadline: Date;
  /** The meeting the round belongs to (its date goes into the history), or null. */
  meeting: number | null;
}

/**
 * When a round closes. Default: the end of the next planned meeting (so the group can discuss the
 * spread first), else 14 days from now. In a meeting chat linked to a planned meeting: that
 * meeting's end. An explicit deadline (`frist <dato> [kl. HH:MM]`, local) wins; without a time it
 * means the end of a meeting held that day, else 23:59. The round belongs to the next planned
 * meeting when it closes no later than that meeting's end.
 */
export function chooseDeadline(
  db: Readonly<Db>,
  group: Readonly<Group>,
  now: Date,
  opts: { date?: string | null; time?: string | null; linkedMeeting?: number | null } = {},
): DeadlineChoice {
  const zone = zoneOf(group);
  const next = nextPlannedMeeting(db, group, now);
  let deadline: Date;
  let meeting: number | null = null;
  if (opts.date) {
    if (!isIsoDate(opts.date) || (opts.time && !isHhMm(opts.time)))
      throw new AppError('bad_deadline', { value: `${opts.date} ${opts.time ?? ''}`.trim() });
    const sameDay = db.meetings.find((m) => m.groupId === group.id && m.status === 'planned' && m.date === opts.date);
    deadline = opts.time
      ? localToInstant(opts.date, opts.time, zone)
      : sameDay
        ? (meetingEnd(sameDay, zone) ?? localToInstant(opts.date, '23:59', zone))
        : localToInstant(opts.date, '23:59', zone);
    if (next && deadline.getTime() <= next.end.getTime()) meeting = next.meeting.number;
  } else {
    const linked =
      opts.linkedMeeting != null
        ? db.meetings.find((m) => m.groupId === group.id && m.number === opts.linkedMeeting && m.status === 'planned')
        : undefined;
    const linkedEnd = linked ? meetingEnd(linked, zone) : null;
    if (linked && linkedEnd && linkedEnd.getTime() > now.getTime()) {
      deadline = linkedEnd;
      meeting = linked.number;
    } else if (next) {
      deadline = next.end;
      meeting = next.meeting.number;
    } else {
      deadline = new Date(now.getTime() + DEFAULT_ROUND_DAYS * 86_400_000);
    }
  }
  if (deadline.getTime() <= now.getTime() + 60_000) throw new AppError('deadline_past');
  if (deadline.getTime() > now.getTime() + MAX_ROUND_DAYS * 86_400_000) throw new AppError('deadline_too_far', { days: MAX_ROUND_DAYS });
  return { deadline, meeting };
}
