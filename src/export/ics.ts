/**
 * The group's planned meetings as an iCalendar file (RFC 5545), for "add to my calendar".
 *
 * Times are written as UTC instants (DTSTART:20260616T103000Z), computed from the local date and
 * time in the group's zone: the `ics` library cannot emit a VTIMEZONE/TZID, and a UTC instant is
 * exact and shown in local time by every client. Floating local times would be wrong for guests
 * in another zone. The UID is stable (`<group>-<number>@styrebot`), so importing the file again
 * after a meeting moved updates the event instead of duplicating it.
 */
import { createEvents, type EventAttributes } from 'ics';
import type { Meeting } from '../domain/model.js';
import { DEFAULT_ZONE, localToInstant } from '../domain/dates.js';

export interface IcsOptions {
  zone?: string;
  groupName: string;
  /** PRODID, e.g. '-//Styrebot//Styregruppe//DA'. */
  prodId: string;
  /** DTSTAMP of every event; pass the clock's now for a reproducible file. Default: now. */
  stamp?: Date;
}

/** UIDs end up in clients' databases for good: keep them to a safe character set. */
export const meetingUid = (m: Pick<Meeting, 'groupId' | 'number'>): string =>
  `${m.groupId.replace(/[^A-Za-z0-9._-]/g, '_')}-${m.number}@styrebot`;

function summary(m: Meeting, groupName: string): string {
  const title = m.title.trim() || `${m.number}. møde`;
  return title.toLowerCase().includes(groupName.toLowerCase()) ? title : `${groupName}: ${title}`;
}

/** The numbered agenda and the join link: what people look for when they open the event. */
function description(m: Meeting): string | undefined {
  const lines = m.items.map((i) => `${i.number}. ${i.title}${i.presenter ? ` v. ${i.presenter}` : ''}`);
  if (m.joinUrl) lines.push(...(lines.length ? [''] : []), `Teams: ${m.joinUrl}`);
  return lines.length ? lines.join('\n') : undefined;
}

function toEvent(m: Meeting, opts: IcsOptions, stampMs: number): EventAttributes {
  const zone = opts.zone ?? DEFAULT_ZONE;
  const start = localToInstant(m.date, m.start, zone).getTime();
  let end = localToInstant(m.date, m.end, zone).getTime();
  if (end <= start) end = start + 3_600_000; // a calendar refuses an event that ends before it starts
  const event: EventAttributes & { timestamp: number } = {
    uid: meetingUid(m),
    title: summary(m, opts.groupName),
    start,
    startInputType: 'utc',
    startOutputType: 'utc',
    end,
    endInputType: 'utc',
    endOutputType: 'utc',
    status: 'CONFIRMED',
    busyStatus: 'BUSY',
    timestamp: stampMs, // DTSTAMP: supported by ics, missing from its typings
  };
  const location = m.location?.trim() || (m.joinUrl ? 'Microsoft Teams' : '');
  if (location) event.location = location;
  const desc = description(m);
  if (desc) event.description = desc;
  if (m.joinUrl && /^https:\/\//.test(m.joinUrl)) event.url = m.joinUrl;
  return event;
}

/**
 * RFC 5545 §3.1: lines SHOULD be at most 75 octets. `ics` folds at 75 characters, and Danish
 * letters are two octets in UTF-8, so unfold and fold again by octets, never inside a character.
 */
export function foldIcsLines(text: string): string {
  const lines = text.replace(/\r\n[ \t]/g, '').split(/\r\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  const out: string[] = [];
  for (const line of lines) {
    let rest = line;
    let limit = 75;
    while (Buffer.byteLength(rest, 'utf8') > limit) {
      let cut = 0;
      let bytes = 0;
      for (const ch of rest) {
        const b = Buffer.byteLength(ch, 'utf8');
        if (bytes + b > limit) break;
        bytes += b;
        cut += ch.length;
      }
      out.push((limit === 75 ? '' : ' ') + rest.slice(0, cut));
      rest = rest.slice(cut);
      limit = 74; // a continuation line starts with one space
    }
    out.push((limit === 75 ? '' : ' ') + rest);
  }
  return out.join('\r\n') + '\r\n';
}

/** One VEVENT per planned meeting (held and cancelled ones are left out), sorted by start. */
export function meetingsToIcs(meetings: readonly Meeting[], opts: IcsOptions): string {
  const stampMs = (opts.stamp ?? new Date()).getTime();
  const events = meetings
    .filter((m) => m.status === 'planned')
    .map((m) => toEvent(m, opts, stampMs))
    .sort((a, b) => (a.start as number) - (b.start as number));
  const { error, value } = createEvents(events, { productId: opts.prodId, calName: opts.groupName, method: 'PUBLISH' });
  if (error || !value) throw new Error(`ics export failed: ${error?.message ?? 'no output'}`);
  return foldIcsLines(value);
}
