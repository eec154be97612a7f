/**
 * Pure view model for cards/meetings-calendar.json: the answer to the meetings card's calendar
 * button — a signed link to the group's planned meetings as an .ics file, what the file holds and
 * until when the link works; or, without planned meetings, a plain "there is nothing to add".
 */
import type { Group, Locale, Meeting } from '../../domain/model.js';
import { clockTime, DEFAULT_ZONE, formatDanishDate, instantToLocal } from '../../domain/dates.js';
import { registerMessages, t } from '../../i18n/index.js';
import messages from '../../i18n/messages/calendar.js';
import { whenText } from './meetings.js';

registerMessages(messages);

/** The list on the card stops here: the count says how many there are; the file has them all. */
export const MAX_LISTED = 12;

export interface CalendarLink {
  url: string;
  filename: string;
  expiresAt: Date;
}

export interface CalendarViewInput {
  locale: Locale;
  group: Group;
  /** The meetings in the file (src/app/calendar-file.ts calendarMeetings), in file order. */
  meetings: Meeting[];
  /** Null when there is nothing to link to. */
  link: CalendarLink | null;
}

export function calendarView(input: CalendarViewInput) {
  const { locale, group, meetings, link } = input;
  const L = (k: string, p?: Record<string, string | number>) => t(locale, k, p);
  const zone = group.timezone || DEFAULT_ZONE;
  const hasLink = !!link && meetings.length > 0;
  const again = hasLink ? L('calendar.again') : L('calendar.retry');
  return {
    title: L('calendar.title', { group: group.name }),
    intro: hasLink ? L('calendar.intro') : L('calendar.none', { group: group.name }),
    hasLink,
    facts: hasLink
      ? [
          { title: L('calendar.fact.file'), value: link.filename },
          { title: L('calendar.fact.holds'), value: meetings.length === 1 ? L('calendar.holds1') : L('calendar.holds', { count: meetings.length }) },
          // With its date: a link made late in the evening works until after midnight.
          { title: L('calendar.fact.until'), value: untilText(L, link.expiresAt, zone, locale) },
        ]
      : [],
    expiry: hasLink ? L('calendar.expiry', { again }) : '',
    download: hasLink ? L('calendar.download', { filename: link.filename }) : '',
    url: hasLink ? link.url : '',
    listTitle: hasLink ? L('calendar.list') : '',
    meetings: (hasLink ? meetings.slice(0, MAX_LISTED) : []).map((m) => ({
      heading: `${m.number}. ${m.title.replace(/^\d+\.\s*/, '')}`,
      when: [whenText(locale, m), m.location?.trim()].filter(Boolean).join(' · '),
    })),
    more: hasLink && meetings.length > MAX_LISTED ? L('calendar.more', { n: meetings.length - MAX_LISTED }) : '',
    again,
    groupId: group.id,
    lang: locale,
  };
}

function untilText(L: (k: string, p?: Record<string, string | number>) => string, expiresAt: Date, zone: string, locale: Locale): string {
  const { date, time } = instantToLocal(expiresAt, zone);
  return L('calendar.until', { date: formatDanishDate(date, locale), time: clockTime(time, locale) });
}
