/**
 * Dates and time ranges as written in Danish (and English) agendas. Day-first numeric dates
 * ("16.06.2025", "16/6-2025") because the documents are Danish; ISO dates are accepted too.
 * A date without a year is reported, never completed with a guessed year.
 */

import { MONTH_NUMBERS as MONTHS } from '../domain/month-words.js';

// Longest names first so "juni" wins over "jun".
export const MONTH_ALT = Object.keys(MONTHS)
  .sort((a, b) => b.length - a.length)
  .join('|');

export interface DateMatch {
  /** yyyy-mm-dd, or null when the text names a day and month but no (valid) year. */
  iso: string | null;
  index: number;
  end: number;
  raw: string;
}

const pad = (n: number) => String(n).padStart(2, '0');

function toIso(y: number, m: number, d: number): string | null {
  if (y < 100) y += 2000;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return null;
  return `${y}-${pad(m)}-${pad(d)}`;
}

const B = '(?<![\\p{L}\\d])'; // word start that also works next to Danish letters
const PATTERNS: { re: RegExp; read: (m: RegExpExecArray) => string | null }[] = [
  {
    // 16. juni 2025 / 16 June 2025 / 16th June, 2025
    re: new RegExp(`${B}(\\d{1,2})(?:\\.|st|nd|rd|th)?\\s*(${MONTH_ALT})\\.?,?\\s+(\\d{4})(?!\\d)`, 'giu'),
    read: (m) => toIso(+m[3], MONTHS[m[2].toLowerCase()], +m[1]),
  },
  {
    // June 16, 2025
    re: new RegExp(`${B}(${MONTH_ALT})\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})(?!\\d)`, 'giu'),
    read: (m) => toIso(+m[3], MONTHS[m[1].toLowerCase()], +m[2]),
  },
  { re: /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g, read: (m) => toIso(+m[1], +m[2], +m[3]) },
  {
    // 16.06.2025, 16/6/2025, 16-06-2025, 16/6-25 (a two-digit year means 20yy)
    re: /(?<![\d.])(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})(?![\d])/g,
    read: (m) => toIso(+m[3], +m[2], +m[1]),
  },
  {
    // "16. juni" with no year: matched last so that it only fills gaps, and reported as iso=null
    re: new RegExp(`${B}(\\d{1,2})\\.\\s*(${MONTH_ALT})(?![\\p{L}])`, 'giu'),
    read: () => null,
  },
];

/** All dates in `text`, in order, without overlaps (earlier patterns win). */
export function findDates(text: string): DateMatch[] {
  // `found` stays sorted and non-overlapping; each pattern's matches (in text order) are checked
  // against it with one moving pointer and merged in: linear, where a search of every earlier
  // match per match was O(n²) on a text of many dates.
  let found: DateMatch[] = [];
  for (const { re, read } of PATTERNS) {
    re.lastIndex = 0;
    const fresh: DateMatch[] = [];
    let j = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const index = m.index;
      const end = index + m[0].length;
      while (j < found.length && found[j].end <= index) j++;
      if (j < found.length && found[j].index < end) continue;
      fresh.push({ iso: read(m), index, end, raw: m[0] });
    }
    if (fresh.length === 0) continue;
    const merged: DateMatch[] = [];
    let a = 0;
    let b = 0;
    while (a < found.length || b < fresh.length) {
      if (b >= fresh.length || (a < found.length && found[a].index < fresh[b].index)) merged.push(found[a++]);
      else merged.push(fresh[b++]);
    }
    found = merged;
  }
  return found;
}

/** True if the text starts with a day and month name ("1. august 2025."), i.e. is no heading. */
const STARTS_WITH_DATE_RE = new RegExp(`^\\d{1,2}\\.?\\s*(${MONTH_ALT})(?![\\p{L}])`, 'iu');
export function startsWithDate(text: string): boolean {
  return STARTS_WITH_DATE_RE.test(text);
}

export interface TimeRange {
  start: string;
  end: string;
  index: number;
  end_: number;
}

// "8.40 til 10.00", "Kl. 12.30 – 14.00", "12:30-14:00", "kl. 9-10". Without "kl." the start needs
// minutes, so that "uge 40-44" or "punkt 1-3" are not read as times.
const TIME_RANGE_RE =
  /(?<![\p{L}\d.:])((?:fra\s+)?(?:kl\.?\s*|klokken\s+)|fra\s+|from\s+|at\s+)?(\d{1,2})(?:[.:](\d{2}))?\s*(?:-|–|—|til|to)\s*(?:kl\.?\s*)?(\d{1,2})(?:[.:](\d{2}))?(?![\d])/giu;

function readRange(m: RegExpExecArray): TimeRange | null {
  const [, kl, h1, m1, h2, m2] = m;
  if (m1 === undefined && !/kl/i.test(kl ?? '')) return null;
  const a = +h1 * 60 + +(m1 ?? 0);
  const b = +h2 * 60 + +(m2 ?? 0);
  if (+h1 > 23 || +h2 > 24 || +(m1 ?? 0) > 59 || +(m2 ?? 0) > 59 || b <= a) return null;
  const fmt = (min: number) => `${pad(Math.floor(min / 60))}:${pad(min % 60)}`;
  return { start: fmt(a), end: fmt(b), index: m.index, end_: m.index + m[0].length };
}

/** The first plausible time range in `text`. */
export function findTimeRange(text: string): TimeRange | null {
  TIME_RANGE_RE.lastIndex = 0;
  for (let m = TIME_RANGE_RE.exec(text); m; m = TIME_RANGE_RE.exec(text)) {
    const r = readRange(m);
    if (r) return r;
  }
  return null;
}

/** Longer than any written time range ("fra klokken 12.30 til kl. 14.00" is 31 characters). */
const RANGE_WINDOW = 100;

/** A time range right after position `from` (only punctuation, "kl." or "fra" in between). */
export function timeRangeAt(text: string, from: number): TimeRange | null {
  const rest = text.slice(from);
  const lead = /^[\s.,;:]*(?:(?:den|d\.)\s+)?/i.exec(rest)![0].length;
  // Only a window is searched: the range must start right there, and scanning the whole rest of
  // the text for each date made a text of many dates O(n²).
  const window = rest.slice(lead, lead + RANGE_WINDOW);
  const r = findTimeRange(window);
  if (!r || r.index !== 0) return null;
  // A range cut by the window's end must not continue with a digit in the text (its (?!\d) check).
  return r.end_ < window.length || !/\d/.test(rest[lead + r.end_] ?? '') ? r : null;
}

/** A single start time without an end ("kl. 9.00"), for a precise warning. */
export function findSingleTime(text: string): string | null {
  const m = /(?:kl\.?|klokken)\s*(\d{1,2})(?:[.:](\d{2}))?/i.exec(text);
  return m ? `${pad(+m[1])}:${m[2] ?? '00'}` : null;
}
