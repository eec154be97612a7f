import { describe, expect, it } from 'vitest';
import { parseAttendance, parseMoveMeeting, parseNewMeeting } from '../../../src/teams/features/meeting-input.js';

const today = '2025-05-01';
const zone = 'Europe/Copenhagen';
const code = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (e) {
    return (e as { code?: string }).code;
  }
};

describe('nyt møde arguments', () => {
  it.each([
    ['16-06-2025 12:30-14:00', { date: '2025-06-16', start: '12:30', end: '14:00', location: null }],
    [
      '16-06-2025 12:30-14:00 Mødelokale 2, Sekretariatet',
      { date: '2025-06-16', start: '12:30', end: '14:00', location: 'Mødelokale 2, Sekretariatet' },
    ],
    ['16. juni 2025 kl. 12.30 til 14.00 Via Teams', { date: '2025-06-16', start: '12:30', end: '14:00', location: 'Via Teams' }],
    ['mandag den 16. juni 12.30 – 14', { date: '2025-06-16', start: '12:30', end: '14:00', location: null }],
    ['16/6 9-10:30 Lokale 1', { date: '2025-06-16', start: '09:00', end: '10:30', location: 'Lokale 1' }],
    ['June 16, 2025 1:30 to 3 - Room 4', { date: '2025-06-16', start: '01:30', end: '03:00', location: 'Room 4' }],
  ])('%s', (args, want) => {
    expect(parseNewMeeting(args, today, zone)).toEqual(want);
  });

  it('says what is wrong: no arguments, no date, no time, end before start', () => {
    expect(code(() => parseNewMeeting('', today, zone))).toBe('bad_command');
    expect(code(() => parseNewMeeting('snart 12:30-14:00', today, zone))).toBe('bad_date');
    expect(code(() => parseNewMeeting('16-06-2025 Lokale 2', today, zone))).toBe('bad_time');
    expect(code(() => parseNewMeeting('16-06-2025 14:00-12:00', today, zone))).toBe('bad_time');
    expect(code(() => parseNewMeeting('31-02-2025 12:00-13:00', today, zone))).toBe('bad_date');
  });
});

describe('flyt møde arguments', () => {
  it.each([
    ['2 23-06-2025', { number: 2, date: '2025-06-23', start: null, end: null }],
    ['2 23-06-2025 9:00-10:30', { number: 2, date: '2025-06-23', start: '09:00', end: '10:30' }],
    ['nr. 3 23. juni 2025 kl. 13', { number: 3, date: '2025-06-23', start: '13:00', end: null }],
    ['3 23/6 13:30', { number: 3, date: '2025-06-23', start: '13:30', end: null }],
  ])('%s', (args, want) => {
    expect(parseMoveMeeting(args, today, zone)).toEqual(want);
  });

  it('needs a meeting number and a date; junk after the date is refused, not ignored', () => {
    expect(code(() => parseMoveMeeting('23-06-2025', today, zone))).toBe('bad_command');
    expect(code(() => parseMoveMeeting('2', today, zone))).toBe('bad_date');
    expect(code(() => parseMoveMeeting('møde 2 23-06-2025', today, zone))).toBe('bad_command');
    expect(code(() => parseMoveMeeting('2 i morgen eller så', today, zone))).toBe('bad_time');
  });
});

describe('fremmøde arguments', () => {
  it('reads number, status and who, in both languages', () => {
    expect(parseAttendance('')).toEqual({ number: null, present: null, names: [], all: false });
    expect(parseAttendance('2')).toEqual({ number: 2, present: null, names: [], all: false });
    expect(parseAttendance('2 til stede <at>Bent Lund</at> <at>Carsten Vang</at>')).toEqual({
      number: 2,
      present: true,
      names: [],
      all: false,
    });
    expect(parseAttendance('afbud Bent Lund, Carsten og Dorthe Kjær')).toEqual({
      number: null,
      present: false,
      names: ['Bent Lund', 'Carsten', 'Dorthe Kjær'],
      all: false,
    });
    expect(parseAttendance('3 til stede alle')).toEqual({ number: 3, present: true, names: [], all: true });
    expect(parseAttendance('1 absent @Erik')).toEqual({ number: 1, present: false, names: ['Erik'], all: false });
  });

  it('refuses a status it does not know', () => {
    expect(code(() => parseAttendance('2 måske Bent'))).toBe('bad_command');
  });
});
