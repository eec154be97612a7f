import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src/errors.js';
import { parseVoteArgs } from '../../../src/teams/features/risk-input.js';
import { parseNewMeeting } from '../../../src/teams/features/meeting-input.js';

// Tuesday 10 June 2025
const today = '2025-06-10';

describe('relative dates where a vote deadline or a meeting date is read', () => {
  it.each([
    ['R1 R2 frist næste fredag', '2025-06-13', null],
    ['frist i morgen kl. 12', '2025-06-11', '12:00'],
    ['til om to uger', '2025-06-24', null],
    ['frist ultimo juni kl. 16', '2025-06-30', '16:00'],
    ['deadline next Friday', '2025-06-13', null],
    ['deadline tomorrow at 12:00', '2025-06-11', '12:00'],
    ['by end of June', '2025-06-30', null],
    ['until in two weeks', '2025-06-24', null],
  ])('risikoafstemning %s → %s', (args, date, time) => {
    expect(parseVoteArgs(args, today)).toMatchObject({ date, time });
  });

  it('refuses a deadline word followed by something that is not a date, in both languages', () => {
    for (const args of ['frist snart', 'til engang', 'deadline soon', 'until whenever']) {
      try {
        parseVoteArgs(args, today);
        expect.unreachable(args);
      } catch (err) {
        expect(isAppError(err, 'bad_deadline'), args).toBe(true);
      }
    }
  });

  it('nyt møde / new meeting read relative dates too', () => {
    expect(parseNewMeeting('næste tirsdag 12.30-14.00 Mødelokale 2', today, 'Europe/Copenhagen')).toEqual({
      date: '2025-06-17',
      start: '12:30',
      end: '14:00',
      location: 'Mødelokale 2',
    });
    expect(parseNewMeeting('om tre uger 9-10.30', today, 'Europe/Copenhagen')).toMatchObject({
      date: '2025-07-01',
      start: '09:00',
      end: '10:30',
    });
    expect(parseNewMeeting('next Thursday 13:00-15:00', today, 'Europe/Copenhagen')).toMatchObject({
      date: '2025-06-12',
      start: '13:00',
      end: '15:00',
    });
  });
});
