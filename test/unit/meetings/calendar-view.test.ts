/** The calendar card says until when its link works, with the date: links made late run past midnight. */
import { describe, expect, it } from 'vitest';
import { calendarView } from '../../../src/cards/views/calendar.js';
import { steeringGroup } from '../../helpers/risk-world.js';
import { meeting } from '../time/builders.js';

const until = (locale: 'da' | 'en', expiresAt: string) => {
  const g = { ...steeringGroup(), locale };
  const view = calendarView({
    locale,
    group: g,
    meetings: [meeting('g1', 3, '2026-04-20', '10:00')],
    link: { url: 'https://x/files/t', filename: 'f.ics', expiresAt: new Date(expiresAt) },
  });
  return view.facts.at(-1)!.value;
};

describe('calendar card: link expiry', () => {
  it('gives the local date and time in the group’s zone, across midnight and the DST switch', () => {
    expect(until('da', '2026-03-28T23:30:00.000Z')).toBe('29. marts 2026 kl. 0.30'); // CET, the night summer time starts
    expect(until('da', '2026-03-29T10:15:00.000Z')).toBe('29. marts 2026 kl. 12.15'); // CEST
    expect(until('en', '2026-10-24T22:45:00.000Z')).toMatch(/^25 October 2026, 00:45$/);
  });
});
