import { addDays, isoWeekday } from '../domain/dates.js';

/**
 * Example dates in what the bot shows (help, empty states, errors) are computed from today, so
 * an example is never a date the bot would refuse as past: three weeks ahead, moved off a
 * weekend to the Monday after.
 */
export function exampleDate(today: string): string {
  let d = addDays(today, 21);
  const dow = isoWeekday(d);
  if (dow > 5) d = addDays(d, 8 - dow);
  return `${d.slice(8, 10)}-${d.slice(5, 7)}-${d.slice(0, 4)}`;
}

/** Params every text may use: `{exampleDate}` ("27-12-2026"). */
export const exampleParams = (today: string): { exampleDate: string } => ({ exampleDate: exampleDate(today) });

/** Fills `{exampleDate}` in a text that does not go through t() (command usage lines). */
export const withExamples = (text: string, today: string): string =>
  text.includes('{exampleDate}') ? text.replaceAll('{exampleDate}', exampleDate(today)) : text;
