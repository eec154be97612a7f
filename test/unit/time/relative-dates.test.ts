import { describe, expect, it } from 'vitest';
import { parseDanishDate } from '../../../src/domain/dates.js';
import { parseRelativeDate } from '../../../src/domain/relative-dates.js';

// Tuesday 10 June 2025
const opts = { today: '2025-06-10', zone: 'Europe/Copenhagen' };
const read = (text: string) => parseDanishDate(text, opts);

describe('relative dates, Danish', () => {
  it.each([
    ['i morgen', '2025-06-11'],
    ['næste fredag', '2025-06-13'],
    ['på fredag', '2025-06-13'],
    ['fredag', '2025-06-13'],
    ['Fredag.', '2025-06-13'],
    ['næste tirsdag', '2025-06-17'], // said on a Tuesday: a week later, never today
    ['fredag i næste uge', '2025-06-20'],
    ['fredag næste uge', '2025-06-20'],
    ['om to uger', '2025-06-24'],
    ['om 2 uger', '2025-06-24'],
    ['om fjorten dage', '2025-06-24'],
    ['om tre dage', '2025-06-13'],
    ['om en måned', '2025-07-10'],
    ['ultimo juni', '2025-06-30'],
    ['ultimo februar', '2026-02-28'],
    ['ultimo februar 2028', '2028-02-29'],
    ['primo juli', '2025-07-01'],
    ['medio juni', '2025-06-15'],
    ['medio maj', '2026-05-15'], // May is past this year: next year's
    ['i slutningen af august', '2025-08-31'],
    ['udgangen af september', '2025-09-30'],
    ['ultimo måneden', '2025-06-30'],
    ['ultimo næste måned', '2025-07-31'],
  ])('reads %s as %s', (text, want) => {
    expect(read(text)).toBe(want);
  });
});

describe('relative dates, English', () => {
  it.each([
    ['tomorrow', '2025-06-11'],
    ['next Friday', '2025-06-13'],
    ['on Friday', '2025-06-13'],
    ['this Friday', '2025-06-13'],
    ['Friday next week', '2025-06-20'],
    ['in two weeks', '2025-06-24'],
    ['in 2 weeks', '2025-06-24'],
    ['in three days', '2025-06-13'],
    ['in a month', '2025-07-10'],
    ['end of June', '2025-06-30'],
    ['the end of June', '2025-06-30'],
    ['by the end of June 2026', '2026-06-30'],
    ['mid-June', '2025-06-15'],
    ['beginning of July', '2025-07-01'],
    ['end of the month', '2025-06-30'],
    ['end of next month', '2025-07-31'],
  ])('reads %s as %s', (text, want) => {
    expect(read(text)).toBe(want);
  });
});

describe('relative dates: what is not a date', () => {
  it.each([
    'næste',
    'snart',
    'om lidt',
    'om to år',
    'in two fortnights',
    'ultimo',
    'end of',
    'end of juno',
    'næste måned',
    'næste fredag eller lørdag',
    'constructor',
    'om constructor uger',
    'ultimo constructor',
    'toString',
  ])('refuses %j', (text) => {
    expect(read(text)).toBeNull();
  });

  it('refuses a 100 KB text quickly, whatever it is made of (no pattern backtracks over it)', () => {
    const shapes = [
      '.'.repeat(100_000) + 'x',
      'a '.repeat(50_000),
      'end of '.repeat(15_000) + 'juni',
      'næste '.repeat(17_000),
      '1'.repeat(100_000),
      '-'.repeat(100_000) + 'juni',
    ];
    const started = performance.now();
    for (const text of shapes) expect(read(text)).toBeNull();
    // the relative patterns themselves, without parseDanishDate's length cap in front
    for (const text of [...shapes, 'om ' + 'to'.repeat(50_000) + ' uger', 'næste ' + 'a'.repeat(100_000) + ' næste uge'])
      expect(parseRelativeDate(text, opts.today)).toBeNull();
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
