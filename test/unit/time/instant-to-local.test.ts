import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { instantToLocal } from '../../../src/domain/dates.js';

/** What luxon says the wall clock reads: the reference the fast path must equal. */
const reference = (ms: number, zone: string) => {
  const dt = DateTime.fromMillis(ms, { zone });
  return { date: dt.toFormat('yyyy-MM-dd'), time: dt.toFormat('HH:mm') };
};

describe('instantToLocal', () => {
  it.each(['Europe/Copenhagen', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC'])(
    'reads the wall clock as luxon does, every 40 minutes through 2026 and its DST changes (%s)',
    (zone) => {
      const from = Date.parse('2025-12-31T00:00:00Z');
      const to = Date.parse('2027-01-02T00:00:00Z');
      let mismatches = 0;
      for (let ms = from; ms < to; ms += 40 * 60_000) {
        const a = instantToLocal(new Date(ms), zone);
        const b = reference(ms, zone);
        if (a.date !== b.date || a.time !== b.time) mismatches++;
      }
      expect(mismatches).toBe(0);
    },
  );

  it('handles instants before 1970 and seconds within the minute', () => {
    expect(instantToLocal('1969-07-20T20:17:40Z', 'Europe/Copenhagen')).toEqual({ date: '1969-07-20', time: '21:17' });
    expect(instantToLocal('2026-03-29T00:59:59.999Z', 'Europe/Copenhagen')).toEqual({ date: '2026-03-29', time: '01:59' });
    expect(instantToLocal('2026-03-29T01:00:00Z', 'Europe/Copenhagen')).toEqual({ date: '2026-03-29', time: '03:00' });
  });

  it('refuses an unknown zone and a bad instant', () => {
    expect(() => instantToLocal('2026-01-01T00:00:00Z', 'Mars/Olympus')).toThrow(/unknown time zone/);
    expect(() => instantToLocal('not a date', 'UTC')).toThrow(/bad instant/);
  });
});
