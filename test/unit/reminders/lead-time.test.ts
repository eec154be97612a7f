/**
 * The lead time on a meeting reminder ("Om 14 dage", "I morgen", "om 20 minutter") comes from the
 * time actually left when the card is made, not from the reminder's kind: a reminder sent late
 * after downtime, or moved to the working day before, says how long there really is. Days are
 * calendar days in the group's zone (Europe/Copenhagen), summer time included.
 */
import { describe, expect, it } from 'vitest';
import { leadTime, reminderView, type ReminderViewInput } from '../../../src/cards/views/reminders.js';
import type { Group, Locale, Meeting } from '../../../src/domain/model.js';
import { conversation, group as baseGroup, meeting, member } from '../../helpers/builders.js';

const ZONE = 'Europe/Copenhagen';
const MIN = 60_000;

const group: Group = baseGroup('g1', {
  name: 'Operationel styregruppe FLP',
  createdAt: '2026-01-01T00:00:00.000Z',
  conversation: conversation('19:group'),
  roster: [member('Anna Holm', 'chair')],
  counters: { meeting: 2, risk: 0, action: 0, round: 0, escalation: 0 },
});

const meetingOn = (date: string, start = '10:00', end = '12:00'): Meeting =>
  meeting('g1', 2, date, {
    title: '2. Møde',
    start,
    end,
    location: 'Mødelokale Ærø, Sekretariatet',
    createdAt: '2026-01-01T00:00:00.000Z',
  });

/** Monday 30 March 2026 at 10:00 summer time (08:00Z); summer time begins Sunday 29 March at 02:00. */
const spring = meetingOn('2026-03-30');
/** Monday 26 October 2026 at 10:00 winter time (09:00Z); summer time ends Sunday 25 October at 03:00. */
const autumn = meetingOn('2026-10-26');

const days = (now: string, m: Meeting = spring, locale: Locale = 'da') =>
  leadTime(locale, { now: new Date(now), meeting: m, zone: ZONE, short: false });
const hours = (msBefore: number, m: Meeting = spring, locale: Locale = 'da') => {
  const start = m === spring ? Date.parse('2026-03-30T08:00:00.000Z') : Date.parse('2026-10-26T09:00:00.000Z');
  return leadTime(locale, { now: new Date(start - msBefore), meeting: m, zone: ZONE, short: true });
};

function title(kind: string, now: string, opts: { late?: boolean; dueAt?: string; locale?: Locale; meeting?: Meeting } = {}): string {
  const input: ReminderViewInput = {
    locale: opts.locale ?? 'da',
    group,
    reminder: { kind, dueAt: opts.dueAt ?? now, late: opts.late ?? false, ref: null },
    meeting: opts.meeting ?? spring,
    audience: 'group',
    people: [],
    now: new Date(now),
    actions: [],
    rounds: [],
    counts: {},
  };
  return reminderView(input).data.title;
}

describe('lead time in calendar days (day reminders)', () => {
  it('on time: T-14d says 14 days, even though summer time makes it 13 days and 23 hours', () => {
    expect(days('2026-03-16T08:00:00.000Z')).toBe('om 14 dage'); // Monday 16 March 09:00 winter time
    expect(title('T-14d', '2026-03-16T08:00:00.000Z')).toBe('Om 14 dage: 2. Møde');
    expect(title('T-14d', '2026-03-16T08:00:00.000Z', { locale: 'en' })).toBe('In 14 days: 2. Møde');
  });

  it('on time across the autumn change: 14 days and one hour is still 14 days', () => {
    expect(days('2026-10-12T07:00:00.000Z', autumn)).toBe('om 14 dage'); // Monday 12 October 09:00 summer time
    expect(title('T-14d', '2026-10-12T07:00:00.000Z', { meeting: autumn, locale: 'en' })).toBe('In 14 days: 2. Møde');
  });

  it('late: T-14d sent after downtime with 7 days left says 7 days, and still says it is late', () => {
    const view = reminderView({
      locale: 'da',
      group,
      reminder: { kind: 'T-14d', dueAt: '2026-03-16T08:00:00.000Z', late: true, ref: null },
      meeting: spring,
      audience: 'group',
      people: [],
      now: new Date('2026-03-23T08:00:00.000Z'),
      actions: [],
      rounds: [],
      counts: {},
    });
    expect(view.data.title).toBe('Om 7 dage: 2. Møde');
    expect(view.summary).toBe('Om 7 dage: 2. Møde');
    expect(view.data.late).toBe(
      'Påmindelsen kommer forsinket: den skulle være sendt mandag 16. marts 2026 kl. 9.00, men styrebot kørte ikke på det tidspunkt.',
    );
    expect(title('T-14d', '2026-03-23T08:00:00.000Z', { late: true, locale: 'en' })).toBe('In 7 days: 2. Møde');
  });

  it('a T-2d moved from Saturday to Friday says 3 days (calendar days to the Monday meeting)', () => {
    expect(title('T-2d', '2026-03-27T08:00:00.000Z')).toBe('Om 3 dage: 2. Møde');
    expect(title('T-2d', '2026-10-23T07:00:00.000Z', { meeting: autumn, locale: 'en' })).toBe('In 3 days: 2. Møde');
  });

  it('tomorrow and today, in both languages', () => {
    expect(title('T-2d', '2026-03-29T07:00:00.000Z', { late: true })).toBe('I morgen: 2. Møde');
    expect(title('T-2d', '2026-03-29T07:00:00.000Z', { late: true, locale: 'en' })).toBe('Tomorrow: 2. Møde');
    expect(title('T-2d', '2026-03-30T05:00:00.000Z', { late: true })).toBe('I dag: 2. Møde');
    expect(title('T-14d', '2026-03-30T05:00:00.000Z', { late: true, locale: 'en' })).toBe('Today: 2. Møde');
  });

  it('counts from Copenhagen midnight, not UTC midnight — in winter time (UTC+1) and summer time (UTC+2)', () => {
    // Saturday 28 March, winter time: 23:59 local is 22:59Z, 00:01 Sunday local is 23:01Z (the same UTC date).
    expect(days('2026-03-28T22:59:00.000Z')).toBe('om 2 dage');
    expect(days('2026-03-28T23:01:00.000Z')).toBe('i morgen');
    // Sunday 29 March, summer time since 02:00: 23:59 local is 21:59Z, 00:01 Monday local is 22:01Z.
    expect(days('2026-03-29T21:59:00.000Z')).toBe('i morgen');
    expect(days('2026-03-29T22:01:00.000Z')).toBe('i dag');
    // Autumn: Saturday 24 October 23:59 summer time is 21:59Z; Sunday 25 October 23:59 winter time is 22:59Z.
    expect(days('2026-10-24T21:59:00.000Z', autumn)).toBe('om 2 dage');
    expect(days('2026-10-24T22:01:00.000Z', autumn)).toBe('i morgen');
    expect(days('2026-10-25T22:59:00.000Z', autumn, 'en')).toBe('tomorrow');
    expect(days('2026-10-25T23:01:00.000Z', autumn, 'en')).toBe('today');
  });
});

describe('lead time in hours and minutes (hour reminders)', () => {
  it('on time: T-1h says one hour; the minute poll sending it 30 seconds later changes nothing', () => {
    expect(hours(60 * MIN)).toBe('om 1 time');
    expect(hours(59.5 * MIN)).toBe('om 1 time');
    expect(hours(60 * MIN, spring, 'en')).toBe('in 1 hour');
    expect(title('T-1h', '2026-03-30T07:00:00.000Z')).toBe('Mødet begynder om 1 time, kl. 10.00: 2. Møde');
    expect(title('T-1h', '2026-03-30T07:00:00.000Z', { locale: 'en' })).toBe('The meeting starts in 1 hour, at 10:00: 2. Møde');
  });

  it('late: minutes when under an hour is left, rounded to 5 minutes from a quarter of an hour', () => {
    expect(title('T-1h', '2026-03-30T07:40:00.000Z', { late: true, dueAt: '2026-03-30T07:00:00.000Z' })).toBe(
      'Mødet begynder om 20 minutter, kl. 10.00: 2. Møde',
    );
    expect(title('T-1h', '2026-03-30T07:40:00.000Z', { late: true, locale: 'en' })).toBe(
      'The meeting starts in 20 minutes, at 10:00: 2. Møde',
    );
    expect(hours(22 * MIN)).toBe('om 20 minutter');
    expect(hours(7 * MIN)).toBe('om 7 minutter');
    expect(hours(1 * MIN)).toBe('om 1 minut');
    expect(hours(1 * MIN, spring, 'en')).toBe('in 1 minute');
    expect(hours(10 * 1000)).toBe('nu');
  });

  it('hours and minutes for longer hour reminders; from a day on, calendar days', () => {
    expect(hours(90 * MIN)).toBe('om 1 time og 30 minutter');
    expect(hours(150 * MIN, spring, 'en')).toBe('in 2 hours and 30 minutes');
    expect(hours(120 * MIN)).toBe('om 2 timer');
    expect(hours(23 * 60 * MIN)).toBe('om 23 timer');
    expect(hours(24 * 60 * MIN)).toBe('i morgen');
    expect(hours(72 * 60 * MIN, spring, 'en')).toBe('in 3 days');
    expect(title('T-24h', '2026-03-29T08:00:00.000Z')).toBe('Mødet begynder i morgen, kl. 10.00: 2. Møde');
  });

  it('counts real time across the spring change: 01:30 winter time to 03:30 summer time is one hour', () => {
    const night = meetingOn('2026-03-29', '03:30', '04:00'); // 01:30Z
    expect(leadTime('da', { now: new Date('2026-03-29T00:30:00.000Z'), meeting: night, zone: ZONE, short: true })).toBe('om 1 time');
    // …and in autumn, 02:30 summer time to 03:30 winter time is two hours, not one.
    const autumnNight = meetingOn('2026-10-25', '03:30', '04:00'); // 02:30Z (winter time)
    expect(leadTime('en', { now: new Date('2026-10-25T00:30:00.000Z'), meeting: autumnNight, zone: ZONE, short: true })).toBe('in 2 hours');
  });
});
