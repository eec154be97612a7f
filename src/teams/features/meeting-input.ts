/**
 * What people type in the meeting commands, parsed: `nyt møde <dato> <tid–tid> [sted]`,
 * `flyt møde N <dato> [tid–tid]`, `fremmøde …`. Danish and English words, Danish date forms.
 * Split from meetings.ts (the commands and card actions).
 */
import { parseDanishDate, parseTime, parseTimeRange } from '../../domain/dates.js';
import { AppError } from '../../errors.js';
import { exampleDate } from '../../i18n/examples.js';

export const tokens = (s: string) => s.trim().split(/\s+/).filter(Boolean);

/** The longest leading run of words that is a date, and the words after it. */
function leadingDate(words: string[], today: string, zone: string): { date: string; rest: string[] } | null {
  for (let k = Math.min(words.length, 6); k >= 1; k--) {
    const date = parseDanishDate(words.slice(0, k).join(' '), { today, zone });
    if (date) return { date, rest: words.slice(k) };
  }
  return null;
}

/** The longest leading run of words that is a time range ("12:30-14:00", "kl. 12.30 til 14"). */
function leadingRange(words: string[]): { start: string; end: string; rest: string[] } | null {
  for (let k = Math.min(words.length, 5); k >= 1; k--) {
    const r = parseTimeRange(words.slice(0, k).join(' '));
    if (r) return { ...r, rest: words.slice(k) };
  }
  return null;
}

/** A single start time: "13:00", "kl. 13", "kl 13.30" (a bare "13" only after "kl."). */
function leadingTime(words: string[]): { start: string; rest: string[] } | null {
  if (/^kl\.?$/i.test(words[0] ?? '') && words[1]) {
    const start = parseTime(words[1]);
    return start ? { start, rest: words.slice(2) } : null;
  }
  if (/^(kl\.?)?\d{1,2}[:.]\d{2}$/i.test(words[0] ?? '')) {
    const start = parseTime(words[0].replace(/^kl\.?/i, ''));
    return start ? { start, rest: words.slice(1) } : null;
  }
  return null;
}

/** `nyt møde 16-06-2025 12:30-14:00 [sted]` → date, times, location. */
export function parseNewMeeting(
  args: string,
  today: string,
  zone: string,
): { date: string; start: string; end: string; location: string | null } {
  const words = tokens(args);
  if (!words.length) throw new AppError('bad_command', { detail: `nyt møde ${exampleDate(today)} 12.30-14.00 [sted]` });
  const d = leadingDate(words, today, zone);
  if (!d) throw new AppError('bad_date', { value: words.slice(0, 3).join(' ') });
  const r = leadingRange(d.rest);
  if (!r) throw new AppError('bad_time', { value: d.rest.slice(0, 3).join(' ') || '—' });
  return {
    date: d.date,
    start: r.start,
    end: r.end,
    location:
      r.rest
        .join(' ')
        .replace(/^[,;:–-]\s*/, '')
        .trim() || null,
  };
}

/** A meeting number: "3", "nr. 3", "nr3". */
const NUMBER = /^(?:nr\.?)?(\d{1,5})$/i;
export function leadingNumber(words: string[]): { number: number; rest: string[] } | null {
  if (/^nr\.?$/i.test(words[0] ?? '') && NUMBER.test(words[1] ?? ''))
    return { number: Number(NUMBER.exec(words[1])![1]), rest: words.slice(2) };
  const m = NUMBER.exec(words[0] ?? '');
  return m ? { number: Number(m[1]), rest: words.slice(1) } : null;
}

/** `flyt møde N <dato> [tid]` → number, date and (optionally) a new start or range. */
export function parseMoveMeeting(
  args: string,
  today: string,
  zone: string,
): { number: number; date: string; start: string | null; end: string | null } {
  const n = leadingNumber(tokens(args));
  if (!n) throw new AppError('bad_command', { detail: `flyt møde N ${exampleDate(today)} 12.30-14.00` });
  const d = leadingDate(n.rest, today, zone);
  if (!d) throw new AppError('bad_date', { value: n.rest.slice(0, 3).join(' ') || '—' });
  if (!d.rest.length) return { number: n.number, date: d.date, start: null, end: null };
  const r = leadingRange(d.rest);
  if (r && !r.rest.length) return { number: n.number, date: d.date, start: r.start, end: r.end };
  const s = leadingTime(d.rest);
  if (s && !s.rest.length) return { number: n.number, date: d.date, start: s.start, end: null };
  throw new AppError('bad_time', { value: d.rest.join(' ') });
}

const PRESENT = /^(til stede|tilstede|mødt|present|attended)\b/i;
const ABSENT = /^(afbud|fraværende|fravaerende|absent|apologies|apology)\b/i;
const ALL = /^(alle|all|everyone)$/i;

export interface AttendanceCommand {
  number: number | null;
  present: boolean | null;
  /** Names typed (personal chat, or no mentions); empty when @mentions or "alle" are used. */
  names: string[];
  all: boolean;
}

/** `fremmøde [N] [til stede|afbud] [alle | @x … | navn, navn]`. */
export function parseAttendance(args: string): AttendanceCommand {
  let rest = args
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const n = leadingNumber(tokens(rest));
  if (n) rest = n.rest.join(' ');
  let present: boolean | null = null;
  const p = PRESENT.exec(rest) ?? ABSENT.exec(rest);
  if (p) {
    present = PRESENT.test(rest);
    rest = rest.slice(p[0].length).replace(/^[:,]?\s*/, '');
  } else if (rest) {
    throw new AppError('bad_command', { detail: 'fremmøde N til stede @navn / fremmøde N afbud @navn' });
  }
  const all = ALL.test(rest.trim());
  const names = all
    ? []
    : rest
        .split(/\s*(?:,|;|\bog\b|\band\b)\s*/i)
        .map((s) => s.replace(/^@/, '').trim())
        .filter(Boolean);
  return { number: n?.number ?? null, present, names, all };
}
