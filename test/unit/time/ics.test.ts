import { describe, expect, it } from 'vitest';
import { foldIcsLines, meetingsToIcs, meetingUid } from '../../../src/export/ics.js';
import { meeting } from './builders.js';
import { item } from '../../helpers/builders.js';
import { parseIcs } from '../../helpers/ics.js';

const opts = {
  zone: 'Europe/Copenhagen',
  groupName: 'Operationel styregruppe FLP',
  prodId: '-//Styrebot//Styregruppe//DA',
  stamp: new Date('2026-02-01T12:00:00Z'),
};

describe('meetingsToIcs', () => {
  const meetings = [
    meeting('g1', 3, '2026-10-22', '12:30', {
      end: '14:00',
      title: 'Tredje møde; status, risici og "Eventuelt"',
      joinUrl: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc',
      location: null,
    }),
    meeting('g1', 1, '2026-02-24', '08:40', {
      end: '10:00',
      title: '1. Møde',
      location: 'Mødelokale Ærø, Sekretariatet',
      items: [
        item(1, 'Velkommen og godkendelse af dagsorden', { presenter: 'Formanden' }),
        item(2, 'Status på tekniske leverancer til forløbsplaner i almen praksis og udbredelse i regionerne'),
      ],
    }),
    meeting('g1', 2, '2026-06-16', '12:30', { end: '14:00', status: 'cancelled' }),
    meeting('g1', 4, '2026-03-29', '12:00', { end: '13:00', status: 'held' }),
  ];

  it('writes one event per planned meeting with stable UIDs and UTC instants from local time', () => {
    const { calendar, events } = parseIcs(meetingsToIcs(meetings, opts));
    expect(calendar).toMatchObject({ VERSION: '2.0', PRODID: opts.prodId, METHOD: 'PUBLISH', 'X-WR-CALNAME': opts.groupName });
    expect(events.map((e) => e.UID)).toEqual(['g1-1@styrebot', 'g1-3@styrebot']);
    expect(events[0]).toMatchObject({
      DTSTART: '20260224T074000Z', // 08:40 CET
      DTEND: '20260224T090000Z',
      DTSTAMP: '20260201T120000Z',
      SUMMARY: 'Operationel styregruppe FLP: 1. Møde',
      LOCATION: 'Mødelokale Ærø, Sekretariatet',
      STATUS: 'CONFIRMED',
    });
    expect(events[0].DESCRIPTION).toBe(
      '1. Velkommen og godkendelse af dagsorden v. Formanden\n2. Status på tekniske leverancer til forløbsplaner i almen praksis og udbredelse i regionerne',
    );
    expect(events[1]).toMatchObject({
      DTSTART: '20261022T103000Z', // 12:30 CEST
      DTEND: '20261022T120000Z',
      SUMMARY: 'Operationel styregruppe FLP: Tredje møde; status, risici og "Eventuelt"',
      LOCATION: 'Microsoft Teams',
      URL: 'https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc',
      DESCRIPTION: 'Teams: https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc',
    });
  });

  it('is reproducible for the same input and stamp', () => {
    expect(meetingsToIcs(meetings, opts)).toBe(meetingsToIcs([...meetings].reverse(), opts));
  });

  it('writes an empty calendar when nothing is planned', () => {
    expect(parseIcs(meetingsToIcs([], opts)).events).toEqual([]);
  });

  it('keeps UIDs to a safe character set', () => {
    expect(meetingUid({ groupId: '19:abc@thread.tacv2', number: 7 })).toBe('19_abc_thread.tacv2-7@styrebot');
  });
});

describe('foldIcsLines', () => {
  it('folds by octets without splitting a character, and unfolds back to the same text', () => {
    const long = `SUMMARY:${'æøå'.repeat(40)}`;
    const folded = foldIcsLines(`BEGIN:X\r\n${long}\r\nEND:X\r\n`);
    const physical = folded.split('\r\n');
    expect(physical.every((l) => Buffer.byteLength(l) <= 75)).toBe(true);
    expect(physical.slice(2, -2).every((l) => l.startsWith(' '))).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(`BEGIN:X\r\n${long}\r\nEND:X\r\n`);
  });
});
