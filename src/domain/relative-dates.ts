/**
 * Dates said relative to today, as people write them in a steering group's chat, Danish and
 * English: "i morgen", "næste fredag", "om to uger", "ultimo juni", "tomorrow", "next Friday",
 * "in two weeks", "end of June". Numbers as digits or words. Pure: the caller passes today's
 * local date; nothing here reads the clock.
 *
 * Every pattern is anchored and made of single quantifiers over disjoint parts, and the input is
 * already trimmed, lower case, single-spaced and length-capped by parseDanishDate: linear time.
 */
import { DateTime } from 'luxon';
import { MONTH_NUMBERS as MONTHS } from './month-words.js';

/** ISO weekday 1..7 by word (Danish, English, common short forms). */
const WEEKDAYS: Record<string, number> = {
  mandag: 1,
  monday: 1,
  man: 1,
  mon: 1,
  tirsdag: 2,
  tuesday: 2,
  tirs: 2,
  tue: 2,
  tues: 2,
  onsdag: 3,
  wednesday: 3,
  ons: 3,
  wed: 3,
  torsdag: 4,
  thursday: 4,
  tors: 4,
  thu: 4,
  thurs: 4,
  fredag: 5,
  friday: 5,
  fre: 5,
  fri: 5,
  lørdag: 6,
  loerdag: 6,
  saturday: 6,
  lør: 6,
  sat: 6,
  søndag: 7,
  soendag: 7,
  sunday: 7,
  søn: 7,
  sun: 7,
};

/** Amounts written as words, both languages (what people write for "in two weeks"). */
const NUMBER_WORDS: Record<string, number> = {
  en: 1,
  et: 1,
  én: 1,
  ét: 1,
  a: 1,
  an: 1,
  one: 1,
  to: 2,
  two: 2,
  tre: 3,
  three: 3,
  fire: 4,
  four: 4,
  fem: 5,
  five: 5,
  seks: 6,
  six: 6,
  syv: 7,
  seven: 7,
  otte: 8,
  eight: 8,
  ni: 9,
  nine: 9,
  ti: 10,
  ten: 10,
  elleve: 11,
  eleven: 11,
  tolv: 12,
  twelve: 12,
  fjorten: 14,
  fourteen: 14,
  tyve: 20,
  twenty: 20,
};

const UNITS: Record<string, 'days' | 'weeks' | 'months'> = {
  dag: 'days',
  dage: 'days',
  day: 'days',
  days: 'days',
  d: 'days',
  uge: 'weeks',
  uger: 'weeks',
  week: 'weeks',
  weeks: 'weeks',
  måned: 'months',
  måneder: 'months',
  maaned: 'months',
  maaneder: 'months',
  month: 'months',
  months: 'months',
};

/** Own keys only: typed words such as "constructor" must not reach Object.prototype. */
const get = <T>(table: Record<string, T>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

const plus = (today: string, amount: number, unit: 'days' | 'weeks' | 'months'): string =>
  DateTime.fromISO(today, { zone: 'UTC' })
    .plus({ [unit]: amount })
    .toISODate()!;

const isoWeekday = (date: string): number => DateTime.fromISO(date, { zone: 'UTC' }).weekday;

/** A number typed as digits or as a word ("2", "to", "two"), or null. */
export function readAmount(word: string): number | null {
  if (/^\d{1,3}$/.test(word)) return Number(word);
  return get(NUMBER_WORDS, word) ?? null;
}

/** The first `weekday` strictly after today ("fredag" said on a Friday means a week later). */
function nextWeekday(today: string, weekday: number): string {
  const diff = (weekday - isoWeekday(today) + 7) % 7 || 7;
  return plus(today, diff, 'days');
}

/** `weekday` in the ISO week after today's ("fredag i næste uge", "Friday next week"). */
function weekdayNextWeek(today: string, weekday: number): string {
  return plus(today, 7 - isoWeekday(today) + weekday, 'days');
}

type Part = 'start' | 'middle' | 'end';

/** Day of `month` in `year` for a part of the month: the 1st, the 15th, the last day. */
function dayOfMonth(year: number, month: number, part: Part): string {
  const first = DateTime.fromObject({ year, month, day: 1 }, { zone: 'UTC' });
  const d = part === 'start' ? first : part === 'middle' ? first.set({ day: 15 }) : first.endOf('month');
  return d.toISODate()!;
}

/** "ultimo juni": the part of that month in the given year, or else the next one not in the past. */
function partOfMonth(today: string, part: Part, month: number, year: number | null): string | null {
  if (year !== null) return year >= 2000 && year <= 2200 ? dayOfMonth(year, month, part) : null;
  const y = Number(today.slice(0, 4));
  const thisYear = dayOfMonth(y, month, part);
  return thisYear >= today ? thisYear : dayOfMonth(y + 1, month, part);
}

// Words for the parts of a month ("ultimo juni", "i slutningen af juni", "by the end of June").
const PART_WORDS: [RegExp, Part][] = [
  [/^(?:ultimo|(?:i |ved )?(?:udgangen|slutningen) af|(?:by |at )?(?:the )?end of|late)$/, 'end'],
  [/^(?:medio|(?:i )?midten af|(?:by |in )?(?:the )?middle of|mid)$/, 'middle'],
  [/^(?:primo|(?:i )?(?:starten|begyndelsen) af|(?:at )?(?:the )?(?:start|beginning) of|early)$/, 'start'],
];

const partOf = (words: string): Part | null => PART_WORDS.find(([re]) => re.test(words))?.[1] ?? null;

/**
 * A relative date → 'YYYY-MM-DD', or null when `s` is not one. `s` must already be normalised
 * (trimmed, lower case, single spaces, no trailing punctuation) and short.
 */
export function parseRelativeDate(s: string, today: string): string | null {
  if (/^(?:i dag|idag|today)$/.test(s)) return today;
  if (/^(?:i morgen|imorgen|tomorrow)$/.test(s)) return plus(today, 1, 'days');
  if (/^(?:i overmorgen|overmorgen|(?:the )?day after tomorrow)$/.test(s)) return plus(today, 2, 'days');

  // "om 2 uger", "om to uger", "in two weeks", "om fjorten dage", "in 3 days' time"
  const rel = /^(?:om|in|inden for|within) ([a-zéæøå]+|\d{1,3}) ([a-zæøå]+)(?:'? time)?$/.exec(s);
  if (rel) {
    const n = readAmount(rel[1]);
    const unit = get(UNITS, rel[2]);
    return n !== null && unit ? plus(today, n, unit) : null;
  }

  // "næste fredag", "på fredag", "fredag", "next friday", "this friday", "on friday",
  // "fredag i næste uge", "fredag næste uge", "friday next week"
  const wd = /^(?:(næste|på|next|this|on|kommende|den|by) )?([a-zæøå]+)(?: (i næste uge|næste uge|next week))?$/.exec(s);
  const day = wd ? get(WEEKDAYS, wd[2]) : undefined;
  if (wd && day !== undefined) {
    return wd[3] ? weekdayNextWeek(today, day) : nextWeekday(today, day);
  }

  // "ultimo juni", "ultimo juni 2027", "i slutningen af juni", "end of june", "mid-june", "primo juli"
  const words = s.replace(/-/g, ' ').split(' ');
  const year = /^\d{4}$/.test(words.at(-1) ?? '') ? Number(words.pop()) : null;
  const month = get(MONTHS, (words.pop() ?? '').replace(/\.$/, ''));
  const p = month !== undefined && words.length ? partOf(words.join(' ')) : null;
  if (p) return partOfMonth(today, p, month!, year);

  // "ultimo måneden", "end of the month", "end of this month", "ultimo næste måned", "end of next month"
  const thisMonth =
    /^(?:ultimo|(?:i |ved )?udgangen af|(?:by |at )?(?:the )?end of) (måneden|denne måned|the month|this month|næste måned|next month)$/.exec(
      s,
    );
  if (thisMonth) {
    const base = DateTime.fromISO(today, { zone: 'UTC' }).plus({ months: /næste|next/.test(thisMonth[1]) ? 1 : 0 });
    return base.endOf('month').toISODate();
  }
  return null;
}
