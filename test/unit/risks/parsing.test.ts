import { describe, expect, it } from 'vitest';
import { parseOverrides, parseVoteArgs } from '../../../src/teams/features/risk-input.js';

const today = '2025-06-02';

describe('risikoafstemning / luk afstemning arguments', () => {
  it('reads risk ids and an optional deadline (Danish and English, with or without a time)', () => {
    expect(parseVoteArgs('', today)).toEqual({ riskIds: [], date: null, time: null, anonymous: false });
    expect(parseVoteArgs('R1 r3, R12', today)).toEqual({ riskIds: ['R1', 'R3', 'R12'], date: null, time: null, anonymous: false });
    expect(parseVoteArgs('frist 16/6', today)).toEqual({ riskIds: [], date: '2025-06-16', time: null, anonymous: false });
    expect(parseVoteArgs('R2 R4 frist 16. juni kl. 12', today)).toEqual({
      riskIds: ['R2', 'R4'],
      date: '2025-06-16',
      time: '12:00',
      anonymous: false,
    });
    expect(parseVoteArgs('deadline June 16 at 9.30', today)).toEqual({ riskIds: [], date: '2025-06-16', time: '09:30', anonymous: false });
    expect(parseVoteArgs('frist 2025-06-20 14:00', today)).toEqual({ riskIds: [], date: '2025-06-20', time: '14:00', anonymous: false });
    expect(parseVoteArgs('om 2 uger', today)).toEqual({ riskIds: [], date: '2025-06-16', time: null, anonymous: false });
    // "anonym"/"anonymous" anywhere among the arguments opens an anonymous round.
    expect(parseVoteArgs('R1 R2 anonym', today)).toEqual({ riskIds: ['R1', 'R2'], date: null, time: null, anonymous: true });
    expect(parseVoteArgs('anonymous deadline June 16', today)).toEqual({ riskIds: [], date: '2025-06-16', time: null, anonymous: true });
    expect(parseVoteArgs('frist 16/6 anonymt', today)).toEqual({ riskIds: [], date: '2025-06-16', time: null, anonymous: true });
  });

  it('refuses a deadline it cannot read', () => {
    expect(() => parseVoteArgs('frist på fredag engang', today)).toThrow(expect.objectContaining({ code: 'bad_deadline' }));
    expect(() => parseVoteArgs('frist 31/2', today)).toThrow(expect.objectContaining({ code: 'bad_deadline' }));
    expect(() => parseVoteArgs('frist 16/6 kl. 25', today)).toThrow(expect.objectContaining({ code: 'bad_deadline' }));
  });

  it('reads the chair’s overrides in both languages and refuses unknown colours', () => {
    expect(parseOverrides('')).toEqual({});
    expect(parseOverrides('R1=rød, R3 gul r4:green')).toEqual({ R1: 'red', R3: 'yellow', R4: 'green' });
    expect(() => parseOverrides('R1=lilla')).toThrow(expect.objectContaining({ code: 'bad_rating' }));
    expect(() => parseOverrides('alle røde')).toThrow(expect.objectContaining({ code: 'bad_command' }));
  });
});
