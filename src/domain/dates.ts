/**
 * Calendar dates and wall-clock times as people type them in a Danish steering group, and the
 * conversion between local wall time (what the model stores) and instants (what schedules use).
 * Pure: the caller passes "today" and the zone; nothing here reads the system clock.
 */
import { DateTime, IANAZone } from 'luxon';
import type { Locale } from './model.js';
import { parseRelativeDate } from './relative-dates.js';

export const DEFAULT_ZONE = 'Europe/Copenhagen';

export const MONTHS_DA = [
  'januar',
  'februar',
  'marts',
  'april',
  'maj',
  'juni',
  'juli',
  'august',
  'september',
  'oktober',
  'november',
  'december',
];
export const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
/** Monday first (ISO weekday 1..7 → index 0..6). */
export const WEEKDAYS_DA = ['mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag', 'søndag'];
export const WEEKDAYS_EN = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** Every spelling we accept for a month, lower case → month 1..12 (both languages, with abbreviations). */
const MONTH_WORDS: ReadonlyMap<string, number> = (() => {
  const m = new Map<string, number>();
  const extra: Record<string, number> = { sept: 9, okt: 10, maj: 5, may: 5 };
  [MONTHS_DA, MONTHS_EN].forEach((names) =>
    names.forEach((name, i) => {
      m.set(name.toLowerCase(), i + 1);
      m.set(name.toLowerCase().slice(0, 3), i + 1);
    }),
  );
  for (const [k, v] of Object.entries(extra)) m.set(k, v);
  return m;
})();

const WEEKDAY_WORDS = [...WEEKDAYS_DA, ...WEEKDAYS_EN.map((w) => w.toLowerCase())];

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;

export const isIsoDate = (s: string): boolean => ISO_DATE.test(s) && DateTime.fromISO(s, { zone: 'UTC' }).isValid;
export const isHhMm = (s: string): boolean => HHMM.test(s);
export const isValidZone = (zone: string): boolean => IANAZone.isValidZone(zone);

/** Checked y-m-d → 'YYYY-MM-DD', or null when the day does not exist (31/2). */
function ymd(y: number, m: number, d: number): string | null {
  const dt = DateTime.fromObject({ year: y, month: m, day: d }, { zone: 'UTC' });
  return dt.isValid ? dt.toISODate() : null;
}

/** Two-digit years mean this century: "16/6/25" is 2025. */
const fullYear = (y: string): number => (y.length <= 2 ? 2000 + Number(y) : Number(y));

/** A day and month without a year: the first such date on or after today (29/2 waits for a leap year). */
function nextOccurrence(day: number, month: number, today: string): string | null {
  if (!ymd(2000, month, day)) return null; // 2000 is a leap year: a day that is not valid then never is
  const startYear = Number(today.slice(0, 4));
  for (let y = startYear; y <= startYear + 8; y++) {
    const d = ymd(y, month, day);
    if (d && d >= today) return d;
  }
  return null;
}

/** No date people type is longer; longer text is refused before any pattern runs on it. */
const MAX_DATE_TEXT = 80;

/**
 * A date as typed in chat → 'YYYY-MM-DD', or null when it is not (or not a real) date.
 * Accepts `2025-06-16`, `16-06-2025`, `16/6/2025`, `16.6.25`, `16/6` (next such date not in the
 * past), `16. juni 2025`, `16 juni`, `June 16, 2025`, `mandag den 16. juni`, `om 2 uger`,
 * `in 3 days`, `i morgen`, `tomorrow`, `i dag`, `i overmorgen`, `næste fredag`, `ultimo juni`, `end of June`
 * (relative-dates.ts). `today` is the local date in `zone`.
 */
export function parseDanishDate(text: string, opts: { today: string; zone?: string }): string | null {
  const today = opts.today;
  if (!isIsoDate(today) || text.length > MAX_DATE_TEXT) return null;
  let s = text
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[.,!?]+$/, '');
  if (!s) return null;

  // Relative words first: they are whole phrases ("i morgen", "næste fredag", "ultimo juni").
  const relative = parseRelativeDate(s, today);
  if (relative) return relative;

  // Drop a leading weekday and "den"/"the" ("mandag den 16. juni", "Monday the 16th of June").
  for (const w of WEEKDAY_WORDS)
    if (s.startsWith(w)) {
      s = s.slice(w.length).replace(/^[ ,]+/, '');
      break;
    }
  s = s.replace(/^(den|the) /, '');

  if (ISO_DATE.test(s)) return ymd(Number(s.slice(0, 4)), Number(s.slice(5, 7)), Number(s.slice(8, 10)));

  // Numeric day-first: 16-06-2025, 16/6/2025, 16.6.25, 16/6-2025, 16/6.
  const num = /^(\d{1,2})\s?[-/.]\s?(\d{1,2})(?:\s?[-/.]\s?(\d{4}|\d{2}))?$/.exec(s);
  if (num) {
    const day = Number(num[1]);
    const month = Number(num[2]);
    return num[3] ? ymd(fullYear(num[3]), month, day) : nextOccurrence(day, month, today);
  }

  // Day then month word: "16. juni 2025", "16 jun.", "16th of June 2025".
  const dm = /^(\d{1,2})(?:\.|st|nd|rd|th)? ?(?:of )?([a-zæøå]+)\.?,? ?(\d{4})?$/.exec(s);
  if (dm) return fromWords(Number(dm[1]), dm[2], dm[3], today);
  // Month word then day: "June 16, 2025", "juni 16".
  const md = /^([a-zæøå]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? ?(\d{4})?$/.exec(s);
  if (md) return fromWords(Number(md[2]), md[1], md[3], today);
  return null;
}

function fromWords(day: number, monthWord: string, year: string | undefined, today: string): string | null {
  const month = MONTH_WORDS.get(monthWord);
  if (!month) return null;
  return year ? ymd(Number(year), month, day) : nextOccurrence(day, month, today);
}

/** "9.00", "09:00", "9", "kl. 9" → '09:00', or null. */
export function parseTime(text: string): string | null {
  const m = /^(?:kl\.? ?)?(\d{1,2})(?:[:.](\d{2}))?$/i.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = m[2] === undefined ? 0 : Number(m[2]);
  if (h > 23 || min > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(min).padStart(2, '0')}`;
}

/**
 * "12:30-14:00", "12.30 til 14.00", "9.00 – 10.30", "kl. 12.30 - kl. 14", "13 to 15" →
 * {start, end} as HH:MM, or null (also when the end is not after the start: meetings never span midnight).
 */
export function parseTimeRange(text: string): { start: string; end: string } | null {
  // Squeezed first: the split pattern's `\s*` then spans at most one space, so it stays linear (an
  // unsqueezed run of n spaces made it retry the run at each of its n positions).
  const parts = text
    .trim()
    .replace(/\s+/g, ' ')
    .split(/ ?(?:[-–—]|\btil\b|\bto\b) ?/i);
  if (parts.length !== 2) return null;
  const start = parseTime(parts[0]);
  const end = parseTime(parts[1]);
  if (!start || !end || end <= start) return null;
  return { start, end };
}

const QUARTER_HOUR = 15 * 60_000;
const offsets = new Map<string, number>();

/**
 * UTC offset of `zone` at instant `ms`, in milliseconds. Memoised per zone and quarter hour of UTC:
 * every zone's offset since 1970 changes only at multiples of 15 minutes, and luxon's lookup (Intl
 * formatToParts) was 6 % of the bot's CPU at 500 clicks/s, one deadline per click. (Only the local mean
 * time of the 19th century had odd offsets; meeting dates are not there.)
 */
function offsetMs(zone: IANAZone, ms: number): number {
  const key = `${zone.name}@${Math.floor(ms / QUARTER_HOUR)}`;
  let off = offsets.get(key);
  if (off === undefined) {
    if (offsets.size >= 4096) offsets.clear();
    off = zone.offset(ms) * 60_000;
    offsets.set(key, off);
  }
  return off;
}

/**
 * Local wall time in `zone` → the instant. DST: a wall time skipped in spring (02:30 on the last
 * Sunday of March) is read with the offset before the gap, i.e. 03:30 summer time; a time that
 * occurs twice in autumn means the first occurrence (both as RFC 5545 specifies for DTSTART).
 * Throws RangeError on malformed input: callers validate user text with parseDanishDate/parseTime.
 */
export function localToInstant(date: string, time: string, zone: string = DEFAULT_ZONE): Date {
  if (!isIsoDate(date) || !isHhMm(time)) throw new RangeError(`bad local date/time: ${date} ${time}`);
  const z = IANAZone.create(zone);
  if (!z.isValid) throw new RangeError(`unknown time zone: ${zone}`);
  const wall = Date.UTC(
    Number(date.slice(0, 4)),
    Number(date.slice(5, 7)) - 1,
    Number(date.slice(8, 10)),
    Number(time.slice(0, 2)),
    Number(time.slice(3, 5)),
  );
  // Offsets a few hours either side cover every real transition; try the earlier offset first.
  const before = offsetMs(z, wall - 6 * 3_600_000);
  const after = offsetMs(z, wall + 6 * 3_600_000);
  for (const off of before >= after ? [before, after] : [after, before]) {
    const instant = wall - off;
    if (offsetMs(z, instant) === off) return new Date(instant);
  }
  return new Date(wall - before); // in the gap: use the offset that applied before it
}

/** An instant → its local date and HH:MM time in `zone`. */
export function instantToLocal(instant: Date | string, zone: string = DEFAULT_ZONE): { date: string; time: string } {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`bad instant: ${String(instant)}`);
  // One offset lookup and plain UTC arithmetic: this runs on every ballot click (the deadline),
  // and a luxon DateTime plus two toFormat calls cost about four times as much.
  const z = IANAZone.create(zone);
  if (!z.isValid) throw new RangeError(`unknown time zone: ${zone}`);
  const iso = new Date(ms + offsetMs(z, ms)).toISOString();
  return { date: iso.slice(0, 10), time: iso.slice(11, 16) };
}

/** 'YYYY-MM-DD' plus/minus whole calendar days (no time zone involved: a date is a date). */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Whole calendar days from one 'YYYY-MM-DD' to another (negative if `to` is earlier); no zone, no DST. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** ISO weekday of a 'YYYY-MM-DD': 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: string): number {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
  return dow === 0 ? 7 : dow;
}

/** 'mandag' / 'Monday'. Danish weekday names are lower case, as Danish writes them. */
export function weekdayName(date: string, locale: Locale = 'da'): string {
  return (locale === 'en' ? WEEKDAYS_EN : WEEKDAYS_DA)[isoWeekday(date) - 1];
}

/** '2025-06-16' → '16. juni 2025' (da) or '16 June 2025' (en). Own tables, so output does not depend on the ICU build. */
export function formatDanishDate(date: string, locale: Locale = 'da'): string {
  const day = Number(date.slice(8, 10));
  const month = Number(date.slice(5, 7)) - 1;
  const year = date.slice(0, 4);
  return locale === 'en' ? `${day} ${MONTHS_EN[month]} ${year}` : `${day}. ${MONTHS_DA[month]} ${year}`;
}

/** 'mandag den 16. juni 2025' / 'Monday 16 June 2025'. */
export function formatLongDate(date: string, locale: Locale = 'da'): string {
  return locale === 'en'
    ? `${weekdayName(date, 'en')} ${formatDanishDate(date, 'en')}`
    : `${weekdayName(date)} den ${formatDanishDate(date)}`;
}

/** Today's local date in `zone` for an instant (what parseDanishDate wants as `today`). */
export const localDate = (now: Date, zone: string = DEFAULT_ZONE): string => instantToLocal(now, zone).date;

/**
 * A stored 'HH:MM' as people read it: Danish writes "9.30" and "12.30" (Dansk Sprognævn: a dot,
 * no leading zero), English "09:30". One format for cards, messages, minutes and exports.
 */
export function clockTime(hhmm: string, locale: Locale = 'da'): string {
  if (locale === 'en') return hhmm.replace('.', ':');
  return hhmm.replace(':', '.').replace(/^0(\d)/, '$1');
}

/** '12:30', '14:00' → "12.30–14.00" (da) / "12:30–14:00" (en), with an en dash. */
export const clockRange = (start: string, end: string, locale: Locale = 'da'): string =>
  `${clockTime(start, locale)}–${clockTime(end, locale)}`;
