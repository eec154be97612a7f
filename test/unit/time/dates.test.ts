import { describe, expect, it } from 'vitest';
import {
  addDays,
  formatDanishDate,
  formatLongDate,
  instantToLocal,
  localToInstant,
  parseDanishDate,
  parseTime,
  parseTimeRange,
  weekdayName,
} from '../../../src/domain/dates.js';

const CPH = 'Europe/Copenhagen';
const opts = { today: '2025-06-10', zone: CPH };

describe('parseDanishDate', () => {
  it.each([
    ['16-06-2025', '2025-06-16'],
    ['16/6/2025', '2025-06-16'],
    ['16.6.2025', '2025-06-16'],
    ['16/6-2025', '2025-06-16'],
    ['16/6/25', '2025-06-16'],
    ['2025-06-16', '2025-06-16'],
    ['16. juni 2025', '2025-06-16'],
    ['16 juni 2025', '2025-06-16'],
    ['16. jun. 2025', '2025-06-16'],
    ['16 June 2025', '2025-06-16'],
    ['June 16, 2025', '2025-06-16'],
    ['16th of June 2025', '2025-06-16'],
    ['mandag den 16. juni 2025', '2025-06-16'],
    ['Monday 16 June', '2025-06-16'],
    ['  16. JUNI 2025.  ', '2025-06-16'],
    ['1. maj 2026', '2026-05-01'],
    ['3 okt 2025', '2025-10-03'],
    ['24. februar 2026', '2026-02-24'],
  ])('reads %s as %s', (text, want) => {
    expect(parseDanishDate(text, opts)).toBe(want);
  });

  it('takes a day and month without a year as the next such date that is not in the past', () => {
    expect(parseDanishDate('16/6', opts)).toBe('2025-06-16');
    expect(parseDanishDate('10/6', opts)).toBe('2025-06-10'); // today is not the past
    expect(parseDanishDate('9/6', opts)).toBe('2026-06-09');
    expect(parseDanishDate('16 juni', opts)).toBe('2025-06-16');
    expect(parseDanishDate('2. januar', opts)).toBe('2026-01-02');
    expect(parseDanishDate('29/2', opts)).toBe('2028-02-29'); // waits for the leap year
  });

  it.each([
    ['om 2 uger', '2025-06-24'],
    ['in 2 weeks', '2025-06-24'],
    ['om 3 dage', '2025-06-13'],
    ['in 3 days', '2025-06-13'],
    ['om en uge', '2025-06-17'],
    ['in a week', '2025-06-17'],
    ['i morgen', '2025-06-11'],
    ['imorgen', '2025-06-11'],
    ['tomorrow', '2025-06-11'],
    ['i dag', '2025-06-10'],
    ['i overmorgen', '2025-06-12'],
    ['om 1 måned', '2025-07-10'],
  ])('reads the relative %s as %s', (text, want) => {
    expect(parseDanishDate(text, opts)).toBe(want);
  });

  it('counts relative days across a year end and a DST switch as calendar days', () => {
    expect(parseDanishDate('om 3 dage', { today: '2025-12-30', zone: CPH })).toBe('2026-01-02');
    expect(parseDanishDate('i morgen', { today: '2026-03-28', zone: CPH })).toBe('2026-03-29');
    expect(parseDanishDate('i morgen', { today: '2026-03-29', zone: CPH })).toBe('2026-03-30');
  });

  it.each(['', 'snart', '31/2/2025', '32. juni', '16 juno 2025', '2025-02-30', '16/13', 'om x uger', 'om 2 år', '12:30'])(
    'refuses %j',
    (text) => {
      expect(parseDanishDate(text, opts)).toBeNull();
    },
  );
});

describe('parseTimeRange', () => {
  it.each([
    ['12:30-14:00', { start: '12:30', end: '14:00' }],
    ['12.30 til 14.00', { start: '12:30', end: '14:00' }],
    ['9.00 – 10.30', { start: '09:00', end: '10:30' }],
    ['kl. 8.40 - 10', { start: '08:40', end: '10:00' }],
    ['13 to 15', { start: '13:00', end: '15:00' }],
    ['08:40—10:00', { start: '08:40', end: '10:00' }],
  ])('reads %s', (text, want) => {
    expect(parseTimeRange(text)).toEqual(want);
  });

  it.each(['14:00-12:30', '25:00-26:00', '12:60-13:00', '12:30', 'noon-1pm', '12-13-14'])('refuses %j', (text) => {
    expect(parseTimeRange(text)).toBeNull();
  });

  it('reads a single time', () => {
    expect(parseTime('9')).toBe('09:00');
    expect(parseTime('kl. 9.05')).toBe('09:05');
    expect(parseTime('24:00')).toBeNull();
  });
});

describe('local time ↔ instant', () => {
  it('uses summer and winter offsets', () => {
    expect(localToInstant('2026-06-16', '12:30', CPH).toISOString()).toBe('2026-06-16T10:30:00.000Z');
    expect(localToInstant('2026-02-24', '08:40', CPH).toISOString()).toBe('2026-02-24T07:40:00.000Z');
  });

  it('reads a wall time skipped by the spring switch with the offset before the gap', () => {
    expect(localToInstant('2026-03-29', '02:30', CPH).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(instantToLocal(new Date('2026-03-29T01:30:00Z'), CPH)).toEqual({ date: '2026-03-29', time: '03:30' });
  });

  it('takes the first occurrence of a wall time repeated by the autumn switch', () => {
    expect(localToInstant('2026-10-25', '02:30', CPH).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(localToInstant('2026-10-25', '03:00', CPH).toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });

  it('round-trips every quarter hour across both 2026 switches', () => {
    for (const date of ['2026-03-28', '2026-03-29', '2026-03-30', '2026-10-24', '2026-10-25', '2026-10-26']) {
      for (let q = 0; q < 96; q++) {
        const time = `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`;
        if (date === '2026-03-29' && time >= '02:00' && time < '03:00') continue; // does not exist
        expect(instantToLocal(localToInstant(date, time, CPH), CPH)).toEqual({ date, time });
      }
    }
  });

  it('works in another zone and refuses nonsense', () => {
    expect(localToInstant('2026-06-16', '12:30', 'America/New_York').toISOString()).toBe('2026-06-16T16:30:00.000Z');
    expect(() => localToInstant('2026-02-30', '12:00', CPH)).toThrow(RangeError);
    expect(() => localToInstant('2026-06-16', '12:00', 'Mars/Olympus')).toThrow(RangeError);
    expect(() => instantToLocal('yesterday', CPH)).toThrow(RangeError);
  });
});

describe('formatting', () => {
  it('formats dates in Danish and English', () => {
    expect(formatDanishDate('2025-06-16', 'da')).toBe('16. juni 2025');
    expect(formatDanishDate('2025-06-16', 'en')).toBe('16 June 2025');
    expect(formatDanishDate('2026-03-01')).toBe('1. marts 2026');
    expect(formatLongDate('2025-06-16')).toBe('mandag den 16. juni 2025');
    expect(formatLongDate('2025-06-16', 'en')).toBe('Monday 16 June 2025');
  });

  it('names weekdays', () => {
    expect(weekdayName('2026-03-28')).toBe('lørdag');
    expect(weekdayName('2026-03-29', 'en')).toBe('Sunday');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });
});
