/**
 * Status reports on a meeting's standing items (technical deliveries, operations, the GP-system
 * vendors, the risk log): which items are standing, who presents them, when the presenters are
 * asked and nudged, and what a valid report is. Pure rules; the use-cases are in
 * src/app/status-requests.ts.
 */
import { AppError } from '../errors.js';
import { DEFAULT_ZONE, addDays, localToInstant } from './dates.js';
import { AOB, core, sameTopic } from './meeting-agenda.js';
import { RATINGS, type AgendaItem, type ItemStatus, type Meeting, type Rating } from './model.js';
import { previousWorkingDay } from './working-days.js';

/** Calendar days before the meeting: the request, then one nudge for what is still missing. */
export const STATUS_REQUEST_DAYS = 10;
export const STATUS_NUDGE_DAYS = 4;
export const STATUS_REQUEST_KIND = 'status-request';
export const STATUS_NUDGE_KIND = 'status-nudge';
export const isStatusReminderKind = (kind: string): boolean => kind === STATUS_REQUEST_KIND || kind === STATUS_NUDGE_KIND;

export const MAX_STATUS_SUMMARY = 500;
export const MAX_STATUS_POINTS = 8;
export const MAX_STATUS_POINT = 200;
export const MAX_STATUS_LINKS = 5;
export const MAX_STATUS_LINK = 500;

/** Welcome and any other business are standing too, but nobody reports a status on them. */
const WELCOME = /^(velkomst|welcome)\b/i;

/**
 * Whether an agenda item is one of the group's standing items that report a status: its title is
 * the same topic as a standing item ("Status på drift" matches "Status på drift og
 * udfordringer"; a parenthesis is ignored), and it is not the welcome or "Eventuelt".
 */
export function isStandingStatusItem(title: string, standingItems: readonly string[]): boolean {
  const t = core(title);
  if (!t || WELCOME.test(t) || AOB.test(t)) return false;
  return standingItems.some((s) => {
    const c = core(s);
    // A one-word title ("Status") is a prefix of every standing item, not the same topic.
    const words = Math.min(c.split(' ').length, t.split(' ').length);
    return !WELCOME.test(c) && !AOB.test(c) && (c === t || (words >= 2 && sameTopic(c, t)));
  });
}

/** The meeting's items that report a status, in agenda order. */
export const standingStatusItems = (meeting: Pick<Meeting, 'items'>, standingItems: readonly string[]): AgendaItem[] =>
  meeting.items.filter((i) => isStandingStatusItem(i.title, standingItems)).sort((a, b) => a.number - b.number);

// ------------------------------------------------------------------------------------------------
// Presenters
// ------------------------------------------------------------------------------------------------

// The matching itself is the roster's (src/domain/roster.ts), shared with the material rights.
export { normaliseName, presenterOf, resolvePresenter, type PresenterMatch } from './roster.js';

// ------------------------------------------------------------------------------------------------
// Timing
// ------------------------------------------------------------------------------------------------

/**
 * `days` calendar days before the meeting's date at `atTime` local, moved back to the previous
 * working day when it lands on a weekend or public holiday (as the other day reminders). ISO.
 */
export function statusReminderAt(meeting: Pick<Meeting, 'date'>, days: number, zone: string = DEFAULT_ZONE, atTime = '09:00'): string {
  return localToInstant(previousWorkingDay(addDays(meeting.date, -days)), atTime, zone).toISOString();
}

/** The request and the nudge of a meeting, each only while it is before the meeting's start. */
export function planStatusReminders(
  meeting: Pick<Meeting, 'date' | 'start' | 'status'>,
  zone: string = DEFAULT_ZONE,
  atTime = '09:00',
): { kind: string; dueAt: string }[] {
  if (meeting.status !== 'planned') return [];
  const startMs = localToInstant(meeting.date, meeting.start, zone).getTime();
  return [
    { kind: STATUS_REQUEST_KIND, dueAt: statusReminderAt(meeting, STATUS_REQUEST_DAYS, zone, atTime) },
    { kind: STATUS_NUDGE_KIND, dueAt: statusReminderAt(meeting, STATUS_NUDGE_DAYS, zone, atTime) },
  ].filter((p) => Date.parse(p.dueAt) < startMs);
}

// ------------------------------------------------------------------------------------------------
// The report itself
// ------------------------------------------------------------------------------------------------

export interface StatusInput {
  rating: unknown;
  summary: unknown;
  /** One point or link a line (as typed in the card), or a list. */
  points?: unknown;
  links?: unknown;
}

export type StatusContent = Pick<ItemStatus, 'rating' | 'summary' | 'points' | 'links'>;

/** An https link a browser can open: no credentials, no spaces, a host name. */
export function isSafeLink(url: string): boolean {
  if (url.length > MAX_STATUS_LINK || /\s/.test(url)) return false;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && !!u.hostname && !u.username && !u.password;
  } catch {
    return false;
  }
}

const lines = (v: unknown): string[] | null => {
  if (v === undefined || v === null) return [];
  const list =
    typeof v === 'string' ? v.split(/\r?\n/) : Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : null;
  return list === null
    ? null
    : list
        .map((s) =>
          s
            .replace(/^\s*[•*·-]\s*/, '')
            .replace(/\s+/g, ' ')
            .trim(),
        )
        .filter(Boolean);
};

/** Checks and tidies a submitted report; refuses with the precise reason. */
export function normaliseStatus(input: StatusInput): StatusContent {
  if (typeof input.rating !== 'string' || !(RATINGS as readonly string[]).includes(input.rating)) throw new AppError('status_bad_rating');
  const summary = typeof input.summary === 'string' ? input.summary.replace(/\r\n/g, '\n').trim() : '';
  if (!summary) throw new AppError('status_summary_missing');
  if (summary.length > MAX_STATUS_SUMMARY)
    throw new AppError('status_summary_too_long', { max: MAX_STATUS_SUMMARY, actual: summary.length });
  const points = lines(input.points);
  const links = lines(input.links);
  if (!points || !links) throw new AppError('bad_input', { detail: 'status' });
  if (points.length > MAX_STATUS_POINTS || points.some((p) => p.length > MAX_STATUS_POINT))
    throw new AppError('status_points_too_many', { max: MAX_STATUS_POINTS, chars: MAX_STATUS_POINT });
  if (links.length > MAX_STATUS_LINKS) throw new AppError('status_links_too_many', { max: MAX_STATUS_LINKS });
  const bad = links.find((l) => !isSafeLink(l));
  if (bad !== undefined) throw new AppError('status_link_invalid', { link: bad.slice(0, 80) });
  return {
    rating: input.rating as Rating,
    summary,
    ...(points.length ? { points } : {}),
    ...(links.length ? { links } : {}),
  };
}

/** The same report again (a re-sent click, or nothing changed). */
export function sameStatus(a: StatusContent | null | undefined, b: StatusContent): boolean {
  if (!a) return false;
  const eq = (x?: string[], y?: string[]) => (x ?? []).join('\n') === (y ?? []).join('\n');
  return a.rating === b.rating && a.summary === b.summary && eq(a.points, b.points) && eq(a.links, b.links);
}
