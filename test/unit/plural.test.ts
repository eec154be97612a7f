import { describe, expect, it } from 'vitest';
import { plural } from '../../src/i18n/plural.js';

describe('plural()', () => {
  it('singular for exactly one, plural otherwise, in both languages', () => {
    expect([0, 1, 2].map((n) => plural('da', n, 'risk'))).toEqual(['0 risici', '1 risiko', '2 risici']);
    expect([1, 2].map((n) => plural('da', n, 'decision'))).toEqual(['1 beslutning', '2 beslutninger']);
    expect([1, 3].map((n) => plural('da', n, 'upcomingMeeting'))).toEqual(['1 kommende møde', '3 kommende møder']);
    expect([1, 2].map((n) => plural('en', n, 'risk'))).toEqual(['1 risk', '2 risks']);
    expect([1, 2].map((n) => plural('en', n, 'person'))).toEqual(['1 person', '2 people']);
  });
});
