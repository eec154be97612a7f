/** How the reminder cards write an instant and a vote deadline, in the group's zone and language. */
import { addDays, clockTime, formatDanishDate, formatLongDate, instantToLocal, weekdayName } from '../../domain/dates.js';
import type { Locale } from '../../domain/model.js';
import { registerMessages, t } from '../../i18n/index.js';
import messages from '../../i18n/messages/reminders.js';

registerMessages(messages);

/** An instant as the group reads it: "fredag 27. marts 2026 kl. 9.00". */
export function formatWhen(instant: string | Date, zone: string, locale: Locale): string {
  const { date, time } = instantToLocal(instant, zone);
  return t(locale, 'reminders.when', { weekday: weekdayName(date, locale), date: formatDanishDate(date, locale), time: clockTime(time, locale) });
}

/** A vote deadline: one at midnight is the end of the day before ("udgangen af søndag den 29. marts 2026"), never "mandag kl. 0.00". */
export function deadlineWhen(instant: string, zone: string, locale: Locale, after: 'til' | 'alone' = 'alone'): string {
  const { date, time } = instantToLocal(instant, zone);
  if (time !== '00:00') return formatWhen(instant, zone, locale);
  const day = addDays(date, -1);
  return t(locale, after === 'til' ? 'reminders.untilEndOfDay' : 'reminders.endOfDay', { date: formatLongDate(day, locale) });
}
