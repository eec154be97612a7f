/**
 * Danish working days: Monday–Friday minus the official public holidays ("helligdage").
 * Only date-holidays entries of `type === 'public'` count: Grundlovsdag (5 June), Juleaftensdag
 * (24 December), 1 May and the like are observances there, and offices are not closed by law.
 * Store Bededag is a public holiday up to 2023 only (abolished from 2024); date-holidays knows this.
 */
// date-holidays' own rule engine on its Danish data alone (scripts/holidays-dk.ts): the package's
// entry point loads every country's rules, ~8 MB of heap the bot would carry for nothing.
import HolidaysParser from 'date-holidays-parser';
import DANISH_CALENDAR from './holidays-dk.json' with { type: 'json' };
import { DEFAULT_ZONE, addDays, instantToLocal, isIsoDate, isoWeekday } from './dates.js';

let holidays: HolidaysParser | null = null;
const byYear = new Map<number, ReadonlySet<string>>();

/** The public-holiday dates of one year, computed once: the calendar data is expensive to load. */
function publicHolidays(year: number): ReadonlySet<string> {
  let set = byYear.get(year);
  if (!set) {
    holidays ??= new HolidaysParser(DANISH_CALENDAR, 'DK');
    // h.date is the local 'YYYY-MM-DD hh:mm:ss' of the holiday's start: its first 10 chars are the date.
    set = new Set(
      holidays
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    byYear.set(year, set);
  }
  return set;
}

function toDate(date: string | Date, zone: string): string {
  if (typeof date === 'string') {
    if (!isIsoDate(date)) throw new RangeError(`bad date: ${date}`);
    return date;
  }
  return instantToLocal(date, zone).date;
}

/** Whether a local date is an official Danish public holiday. */
export function isPublicHoliday(date: string): boolean {
  return publicHolidays(Number(date.slice(0, 4))).has(date);
}

/**
 * Whether `date` is a Danish working day. A 'YYYY-MM-DD' is taken as is; an instant is first
 * turned into its local date in `zone` (a Friday 23:30 UTC is already Saturday in Copenhagen).
 */
export function isWorkingDay(date: string | Date, zone: string = DEFAULT_ZONE): boolean {
  const d = toDate(date, zone);
  return isoWeekday(d) <= 5 && !isPublicHoliday(d);
}

/** `date` itself when it is a working day, else the closest working day before it (rolls back). */
export function previousWorkingDay(date: string | Date, zone: string = DEFAULT_ZONE): string {
  let d = toDate(date, zone);
  // Easter (Thursday to Monday) plus a weekend is the longest Danish run: 10 steps is ample.
  for (let i = 0; i < 10 && !isWorkingDay(d); i++) d = addDays(d, -1);
  return d;
}

/** The last working day strictly before `date` (e.g. the day before a vote deadline). */
export function workingDayBefore(date: string | Date, zone: string = DEFAULT_ZONE): string {
  return previousWorkingDay(addDays(toDate(date, zone), -1));
}

/** The first working day strictly after `date`. */
export function workingDayAfter(date: string | Date, zone: string = DEFAULT_ZONE): string {
  let d = addDays(toDate(date, zone), 1);
  for (let i = 0; i < 10 && !isWorkingDay(d); i++) d = addDays(d, 1);
  return d;
}
