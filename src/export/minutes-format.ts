import { DateTime } from 'luxon';
import { clockRange, clockTime } from '../domain/dates.js';
import { RATINGS, type Locale, type Member, type Rating } from '../domain/model.js';
import { minutesLabels } from './minutes-labels.js';

/** Shared text formatting for the minutes and the escalation memo (dates, names, tallies). */

const luxonLocale = (locale: Locale): string => (locale === 'en' ? 'en-GB' : 'da');

function calendarDate(date: string, locale: Locale): DateTime {
  // Stored calendar dates are local `YYYY-MM-DD`; a stray full ISO instant is cut to its date.
  return DateTime.fromISO(date.slice(0, 10), { zone: 'UTC' }).setLocale(luxonLocale(locale));
}

/** "mandag den 16. juni 2025" / "Monday 16 June 2025" — the header's date in words. */
export function dateInWords(date: string, locale: Locale): string {
  const d = calendarDate(date, locale);
  if (!d.isValid) return date;
  return d.toFormat(locale === 'en' ? 'cccc d MMMM yyyy' : "cccc 'den' d. MMMM yyyy");
}

/** "1. august 2025" / "1 August 2025" — dates inside tables and lists. */
export function dateText(date: string, locale: Locale): string {
  const d = calendarDate(date, locale);
  if (!d.isValid) return date;
  return d.toFormat(locale === 'en' ? 'd MMMM yyyy' : 'd. MMMM yyyy');
}

/** An instant shown in the group's time zone: "17. juni 2025 kl. 10.00". */
export function instantText(iso: string, zone: string, locale: Locale): string {
  const d = DateTime.fromISO(iso, { zone: 'UTC' }).setZone(zone).setLocale(luxonLocale(locale));
  if (!d.isValid) return iso;
  return locale === 'en' ? d.toFormat("d MMMM yyyy 'at' HH:mm") : d.toFormat("d. MMMM yyyy 'kl.' H.mm");
}

/** The local calendar date of an instant, for comparing with meeting dates. */
export function localDate(iso: string, zone: string): string {
  const d = DateTime.fromISO(iso, { zone: 'UTC' }).setZone(zone);
  return d.isValid ? d.toISODate()! : iso.slice(0, 10);
}

/** "12.30–14.00": Danish writes clock times with a dot, English with a colon (clockTime). */
export function timeRange(start: string, end: string, locale: Locale): string {
  if (!start && !end) return '';
  return end ? clockRange(start, end, locale) : clockTime(start, locale);
}

/** Stored ids (Entra object ids, `29:` Teams ids) are meaningless on paper. */
const looksLikeId = (s: string) => /^29:/.test(s) || /^[0-9a-f]{8}-[0-9a-f]{4}-/i.test(s);

/**
 * The display name for a stored person id: the roster's name, else the value itself when it
 * already reads as a name, else null (better to leave it out than print a GUID).
 */
export function nameOf(roster: readonly Member[], id: string | null | undefined): string | null {
  if (!id) return null;
  const m = roster.find((r) => r.aadObjectId === id || r.teamsId === id);
  if (m) return m.name;
  return looksLikeId(id) ? null : id;
}

/** Collapses whitespace and cuts long texts at a word boundary, so the minutes stay short. */
export function shorten(text: string | null, max: number): string | null {
  if (!text) return null;
  const flat = text.replace(/\s+/g, ' ').trim();
  if (!flat) return null;
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[,;:.\s]+$/, '')} …`;
}

/** "2 grøn, 1 gul, 3 rød" — every colour shown, so a zero is visibly a zero. */
export function tallyText(tally: Record<Rating, number> | null, locale: Locale): string | null {
  if (!tally) return null;
  const words = minutesLabels(locale).ratingWord;
  return RATINGS.map((r) => `${tally[r] ?? 0} ${words[r]}`).join(', ');
}

export function ratingText(rating: Rating | null, locale: Locale): string {
  const l = minutesLabels(locale);
  return rating ? l.ratingWord[rating] : l.notRated;
}

/** Natural order for ids such as R2 < R10 and A3 < A12. */
export const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id, 'en', { numeric: true });
