import type { Db, Group, Locale, Meeting } from '../domain/model.js';
import { DEFAULT_ZONE, localToInstant } from '../domain/dates.js';
import { AppError } from '../errors.js';
import { meetingsToIcs } from '../export/ics.js';

/**
 * The group's planned meetings as an iCalendar file (issue #8, point 5). One function for the CLI
 * (`styrebot meetings ics`) and the meetings card's calendar link (GET /files/<token>, f = 'ics'),
 * so both give the same file. All planned meetings are in it, whatever their date: that is what
 * the CLI always wrote, and a meeting nobody marked as held is still "planned" in the store.
 */

export const ICS_PRODID = '-//Styrebot//Styregruppe//DA';
export const CALENDAR_CONTENT_TYPE = 'text/calendar; charset=utf-8';

/** ASCII only, like the minutes files: safe in a Content-Disposition header and any file system. */
export const calendarFilename = (locale: Locale): string => (locale === 'en' ? 'steering-group-meetings.ics' : 'styregruppe-moeder.ics');

/** What the file holds: the group's planned meetings, earliest first (the order of the VEVENTs). */
export function calendarMeetings(db: Readonly<Db>, group: Group): Meeting[] {
  const zone = group.timezone || DEFAULT_ZONE;
  return db.meetings
    .filter((m) => m.groupId === group.id && m.status === 'planned')
    .map((m) => ({ m, ms: localToInstant(m.date, m.start, zone).getTime() }))
    .sort((a, b) => a.ms - b.ms || a.m.number - b.m.number)
    .map((x) => x.m);
}

/** The .ics text; `stamp` is every event's DTSTAMP (the clock's now; the CLI passes none = now). */
export function groupCalendarIcs(db: Readonly<Db>, group: Group, stamp?: Date): string {
  return meetingsToIcs(calendarMeetings(db, group), {
    zone: group.timezone || DEFAULT_ZONE,
    groupName: group.name,
    prodId: ICS_PRODID,
    stamp,
  });
}

export interface CalendarFile {
  bytes: Buffer;
  filename: string;
  contentType: string;
  meetings: number;
}

/** The file as the /files route serves it, generated from the store as it is now. */
export function renderCalendarFile(db: Readonly<Db>, groupId: string, now: Date): CalendarFile {
  const group = db.groups.find((g) => g.id === groupId);
  if (!group) throw new AppError('no_group');
  return {
    bytes: Buffer.from(groupCalendarIcs(db, group, now), 'utf8'),
    filename: calendarFilename(group.locale),
    contentType: CALENDAR_CONTENT_TYPE,
    meetings: calendarMeetings(db, group).length,
  };
}
