import { describe, expect, it } from 'vitest';
import { offsetClock, parseClockOffset } from '../../../src/app/clock-offset.js';
import { isAppError } from '../../../src/errors.js';

describe('parseClockOffset', () => {
  it.each([
    ['+13d', 13 * 86_400_000],
    ['-2h', -2 * 3_600_000],
    ['+90m', 90 * 60_000],
    ['45s', 45_000],
    ['+1w', 7 * 86_400_000],
    ['1d12h', 36 * 3_600_000],
    ['-1d 2h', -26 * 3_600_000],
    ['', 0],
    ['0', 0],
    ['  ', 0],
  ])('reads %j', (text, ms) => {
    expect(parseClockOffset(text)).toBe(ms);
  });

  it('treats a missing value as no offset', () => {
    expect(parseClockOffset(undefined)).toBe(0);
    expect(parseClockOffset(null)).toBe(0);
  });

  it.each(['13', '+13x', 'd', '+-1d', '1.5h', 'two days', '+13d-2h', '++1d'])('refuses %j with a coded error', (text) => {
    let caught: unknown;
    try {
      parseClockOffset(text);
    } catch (err) {
      caught = err;
    }
    expect(isAppError(caught, 'invalid_clock_offset')).toBe(true);
  });
});

describe('offsetClock', () => {
  it('shifts a base clock and follows it', () => {
    let t = Date.parse('2026-06-02T07:00:00Z');
    const base = { now: () => new Date(t) };
    const later = offsetClock(base, parseClockOffset('+13d'));
    expect(later.now().toISOString()).toBe('2026-06-15T07:00:00.000Z');
    t += 60_000;
    expect(later.now().toISOString()).toBe('2026-06-15T07:01:00.000Z');
    expect(offsetClock(base, 0)).toBe(base);
  });
});
