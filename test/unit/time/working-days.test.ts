import { describe, expect, it } from 'vitest';
import { isPublicHoliday, isWorkingDay, previousWorkingDay, workingDayAfter, workingDayBefore } from '../../../src/domain/working-days.js';

describe('Danish working days', () => {
  it('treats Saturday and Sunday as days off', () => {
    expect(isWorkingDay('2026-03-27')).toBe(true); // Friday
    expect(isWorkingDay('2026-03-28')).toBe(false);
    expect(isWorkingDay('2026-03-29')).toBe(false);
    expect(isWorkingDay('2026-03-30')).toBe(true);
  });

  it.each([
    ['2026-01-01', 'Nytårsdag'],
    ['2026-04-02', 'Skærtorsdag'],
    ['2026-04-03', 'Langfredag'],
    ['2026-04-06', 'Anden påskedag'],
    ['2026-05-14', 'Kristi himmelfartsdag'],
    ['2026-05-25', 'Anden pinsedag'],
    ['2026-12-25', 'Juledag'],
    ['2025-12-26', 'Anden juledag'],
  ])('%s (%s) is a public holiday', (date) => {
    expect(isPublicHoliday(date)).toBe(true);
    expect(isWorkingDay(date)).toBe(false);
  });

  it('counts observances (Grundlovsdag, Juleaften, 1. maj) as working days', () => {
    expect(isWorkingDay('2026-06-05')).toBe(true); // Friday, Grundlovsdag
    expect(isWorkingDay('2026-12-24')).toBe(true); // Thursday, Juleaftensdag
    expect(isWorkingDay('2026-05-01')).toBe(true); // Friday, 1. maj
  });

  it('knows Store Bededag was abolished from 2024', () => {
    expect(isWorkingDay('2023-05-05')).toBe(false); // Store Bededag 2023
    expect(isWorkingDay('2024-04-26')).toBe(true); // would have been Store Bededag 2024
  });

  it('reads an instant in the given zone', () => {
    // Friday 23:30 UTC is Saturday 00:30 in Copenhagen, still Friday in New York.
    const instant = new Date('2026-03-27T23:30:00Z');
    expect(isWorkingDay(instant, 'Europe/Copenhagen')).toBe(false);
    expect(isWorkingDay(instant, 'America/New_York')).toBe(true);
  });

  it('rolls back to a working day, and finds the one strictly before', () => {
    expect(previousWorkingDay('2026-03-27')).toBe('2026-03-27');
    expect(previousWorkingDay('2026-03-29')).toBe('2026-03-27');
    expect(previousWorkingDay('2026-04-06')).toBe('2026-04-01'); // Easter Monday → the Wednesday before
    expect(workingDayBefore('2026-03-30')).toBe('2026-03-27');
    expect(workingDayBefore('2026-03-27')).toBe('2026-03-26');
    expect(workingDayBefore('2026-04-07')).toBe('2026-04-01');
    expect(workingDayBefore('2027-01-04')).toBe('2026-12-31');
    expect(workingDayAfter('2026-04-02')).toBe('2026-04-07');
  });

  it('refuses a malformed date', () => {
    expect(() => isWorkingDay('2026-13-01')).toThrow(RangeError);
  });
});

describe('the Danish calendar extract (src/domain/holidays-dk.json)', () => {
  it('is exactly date-holidays’ data for Denmark: rerun scripts/holidays-dk.ts after upgrading date-holidays', async () => {
    const { danishExtract } = await import('../../../scripts/holidays-dk.js');
    const committed = (await import('../../../src/domain/holidays-dk.json', { with: { type: 'json' } })).default;
    expect(committed).toEqual(await danishExtract());
  });

  it('gives the same public holidays as date-holidays itself, 1990–2060', async () => {
    const Holidays = (await import('date-holidays')).default;
    const full = new Holidays('DK');
    for (let year = 1990; year <= 2060; year++) {
      const expected = full
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10));
      const got: string[] = [];
      for (let day = new Date(Date.UTC(year, 0, 1)); day.getUTCFullYear() === year; day.setUTCDate(day.getUTCDate() + 1)) {
        const iso = day.toISOString().slice(0, 10);
        if (isPublicHoliday(iso)) got.push(iso);
      }
      expect(got, String(year)).toEqual([...expected].sort());
    }
  });
});
