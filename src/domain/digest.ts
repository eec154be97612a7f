import { addDays, instantToLocal, isoWeekday, isHhMm, localToInstant, parseTime } from './dates.js';
import type { ActionPoint, Db, Escalation, Group, Meeting, Risk } from './model.js';
import { isWorkingDay } from './working-days.js';

/**
 * The weekly digest between meetings ("ugebrev"): with three meetings a year, four months pass
 * between them, so the group hears once a week what moved — and hears nothing in a quiet week.
 */
export interface DigestSettings {
  enabled: boolean;
  /** ISO weekday, 1 = Monday. */
  weekday: number;
  /** Local HH:MM. */
  time: string;
}

export const DEFAULT_DIGEST: DigestSettings = { enabled: true, weekday: 1, time: '09:00' };

export function digestSettingsOf(group: Pick<Group, 'digest'>): DigestSettings {
  return { ...DEFAULT_DIGEST, ...(group.digest ?? {}) };
}

/**
 * The first digest slot strictly after `after`: the configured weekday and time, local. A slot on
 * a public holiday (2. påskedag, 2. pinsedag on a Monday) moves to the next working day, same time.
 */
export function nextDigestAt(settings: DigestSettings, zone: string, after: Date): Date {
  const today = instantToLocal(after, zone).date;
  for (let i = 0; i < 21; i++) {
    const date = addDays(today, i);
    if (isoWeekday(date) !== settings.weekday) continue;
    let day = date;
    // A chosen weekend day is kept: only a working-day slot moves off a holiday.
    if (settings.weekday <= 5) for (let j = 0; j < 10 && !isWorkingDay(day); j++) day = addDays(day, 1);
    const at = localToInstant(day, settings.time, zone);
    if (at.getTime() > after.getTime()) return at;
  }
  throw new RangeError('no digest slot within three weeks');
}

const WEEKDAYS: Record<string, number> = {
  mandag: 1,
  tirsdag: 2,
  onsdag: 3,
  torsdag: 4,
  fredag: 5,
  lørdag: 6,
  søndag: 7,
  monday: 1,
  tuesday: 2,
  wednesday: 3,
  thursday: 4,
  friday: 5,
  saturday: 6,
  sunday: 7,
};

export type DigestCommand = { enabled: boolean } | { weekday: number; time: string | null };

/**
 * "fra" / "off", "til" / "on", or "<weekday> [HH:MM]" ("mandag 09:00", "friday 8.30"). Null when
 * it is none of these (the caller explains the forms).
 */
export function parseDigestCommand(text: string): DigestCommand | null {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 1 && ['fra', 'off', 'stop'].includes(words[0]!)) return { enabled: false };
  if (words.length === 1 && ['til', 'on', 'start'].includes(words[0]!)) return { enabled: true };
  if (words.length < 1 || words.length > 2) return null;
  const weekday = WEEKDAYS[words[0]!];
  if (!weekday) return null;
  if (words.length === 1) return { weekday, time: null };
  const time = parseTime(words[1]!);
  return time && isHhMm(time) ? { weekday, time } : null;
}

/** What the digest reports for one week. Pure: every list is read from `db` as it is at `now`. */
export interface DigestContent {
  newRisks: Risk[];
  reRated: Risk[];
  dueSoon: ActionPoint[];
  overdue: ActionPoint[];
  answers: Escalation[];
  statuses: { meeting: number; item: number; title: string; rating: string; byName: string | null }[];
  nextMeeting: Meeting | null;
  /** Something happened since the last digest; a quiet week sends nothing. */
  changed: boolean;
}

/** Days ahead the digest lists action points that fall due. */
export const DUE_SOON_DAYS = 14;

export function digestContent(db: Readonly<Db>, group: Readonly<Group>, since: Date, now: Date): DigestContent {
  const zone = group.timezone;
  const sinceMs = since.getTime();
  const nowMs = now.getTime();
  const after = (iso: string | null | undefined) => !!iso && Date.parse(iso) > sinceMs && Date.parse(iso) <= nowMs;
  const today = instantToLocal(now, zone).date;
  const sinceDate = instantToLocal(since, zone).date;
  const risks = db.risks.filter((r) => r.groupId === group.id && r.status === 'open');
  const newRisks = risks.filter((r) => after(r.createdAt));
  const reRated = risks.filter((r) => !newRisks.includes(r) && r.history.some((h) => h.date.slice(0, 10) > sinceDate));
  const open = db.actions.filter((a) => a.groupId === group.id && a.status === 'open' && a.due);
  const byDue = (a: ActionPoint, b: ActionPoint) => a.due!.localeCompare(b.due!) || a.id.localeCompare(b.id, 'en', { numeric: true });
  const dueSoon = open.filter((a) => a.due! >= today && a.due! <= addDays(today, DUE_SOON_DAYS)).sort(byDue);
  const overdue = open.filter((a) => a.due! < today).sort(byDue);
  const answers = db.escalations.filter((e) => e.groupId === group.id && after(e.answeredAt));
  const meetings = db.meetings.filter((m) => m.groupId === group.id);
  const statuses = meetings.flatMap((m) =>
    m.items.flatMap((it) =>
      it.status && after(it.status.at)
        ? [{ meeting: m.number, item: it.number, title: it.title, rating: it.status.rating, byName: it.status.byName ?? null }]
        : [],
    ),
  );
  const nextMeeting =
    meetings
      .filter((m) => m.status === 'planned' && m.date >= today)
      .sort((a, b) => a.date.localeCompare(b.date) || a.start.localeCompare(b.start))[0] ?? null;
  const actionMoved = db.actions.some(
    (a) =>
      a.groupId === group.id &&
      (after(a.createdAt) || after(a.doneAt) || (a.status === 'open' && !!a.due && a.due > sinceDate && a.due < today)),
  );
  const changed = newRisks.length + reRated.length + answers.length + statuses.length > 0 || actionMoved;
  return { newRisks, reRated, dueSoon, overdue, answers, statuses, nextMeeting, changed };
}
