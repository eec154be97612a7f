import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareRatings,
  isDisagreement,
  medianOfTally,
  medianRating,
  settle,
  SEVERITY,
  tallyOf,
  trendOf,
} from '../../../src/domain/votes.js';
import type { Rating, Risk, VoteRound } from '../../../src/domain/model.js';
import { risk as baseRisk, voteRound } from '../../helpers/builders.js';

const G: Rating = 'green';
const Y: Rating = 'yellow';
const R: Rating = 'red';

function round(ballots: Array<Record<string, Rating>>, overrides: Record<string, Rating> = {}): VoteRound {
  return voteRound('g1', 'V1', ['R1', 'R2', 'R3'], {
    meeting: 2,
    ballots: ballots.map((choices, i) => ({
      voter: `aad-${i}`,
      voterName: `Voter ${i}`,
      choices,
      comment: null,
      at: '2025-06-02T08:00:00.000Z',
    })),
    overrides,
  });
}

const risk = (ratings: Rating[]): Risk =>
  baseRisk('g1', 'R1', {
    title: 'Forsinket certificering',
    rating: ratings.at(-1) ?? null,
    history: ratings.map((rating, i) => ({
      date: `2025-0${i + 1}-01`,
      rating,
      tally: { green: 0, yellow: 0, red: 0 },
      disagreement: false,
      round: null,
      meeting: null,
    })),
  });

describe('median rule', () => {
  it('no votes gives no median', () => {
    expect(medianRating([])).toBeNull();
  });

  it('an odd number of votes gives the middle vote', () => {
    expect(medianRating([R])).toBe(R);
    expect(medianRating([G, Y, R])).toBe(Y);
    expect(medianRating([R, G, G])).toBe(G);
    expect(medianRating([Y, R, R, G, R])).toBe(R);
  });

  it('between two middle votes the more severe one counts', () => {
    expect(medianRating([G, R])).toBe(R);
    expect(medianRating([G, Y])).toBe(Y);
    expect(medianRating([G, G, Y, Y])).toBe(Y);
    expect(medianRating([G, G, G, R])).toBe(G); // both middle votes green
    expect(medianRating([G, Y, R, R])).toBe(R);
  });

  it('does not depend on the order of the votes, and is one of the two middle votes, the more severe (property)', () => {
    const rating = fc.constantFrom<Rating>(G, Y, R);
    fc.assert(
      fc.property(fc.array(rating, { minLength: 1, maxLength: 60 }), (votes) => {
        const sorted = [...votes].sort((a, b) => SEVERITY[a] - SEVERITY[b]);
        const n = sorted.length;
        const lower = sorted[Math.floor((n - 1) / 2)];
        const upper = sorted[Math.floor(n / 2)];
        const m = medianRating(votes)!;
        expect(m).toBe(SEVERITY[upper] >= SEVERITY[lower] ? upper : lower);
        expect(medianRating([...votes].reverse())).toBe(m);
        expect(medianOfTally(tallyOf(votes))).toBe(m);
        expect(medianOfTally(tallyOf([]))).toBeNull();
      }),
    );
  });
});

describe('disagreement, comparison, trend', () => {
  it('flags a disagreement only when the votes span green to red', () => {
    expect(isDisagreement(tallyOf([G, R]))).toBe(true);
    expect(isDisagreement(tallyOf([G, Y, Y, R]))).toBe(true);
    expect(isDisagreement(tallyOf([G, Y]))).toBe(false);
    expect(isDisagreement(tallyOf([Y, R, R]))).toBe(false);
    expect(isDisagreement(tallyOf([]))).toBe(false);
  });

  it('compares ratings by severity', () => {
    expect(compareRatings(G, R)).toBe('worse');
    expect(compareRatings(R, Y)).toBe('better');
    expect(compareRatings(Y, Y)).toBe('same');
  });

  it('the trend compares the last settled rating with the one before it', () => {
    expect(trendOf(risk([]))).toBeNull();
    expect(trendOf(risk([Y]))).toBeNull();
    expect(trendOf(risk([Y, R]))).toBe('worse');
    expect(trendOf(risk([R, Y]))).toBe('better');
    expect(trendOf(risk([G, G]))).toBe('same');
    expect(trendOf(risk([R, G, Y]))).toBe('worse');
  });
});

describe('settlement of a round', () => {
  it('per risk: the tally of each voter’s choice, the median, the disagreement flag', () => {
    const s = settle(round([{ R1: G, R2: Y }, { R1: R, R2: Y }, { R1: Y }]));
    expect(s).toEqual([
      { riskId: 'R1', tally: { green: 1, yellow: 1, red: 1 }, median: Y, override: null, rating: Y, disagreement: true },
      { riskId: 'R2', tally: { green: 0, yellow: 2, red: 0 }, median: Y, override: null, rating: Y, disagreement: false },
      { riskId: 'R3', tally: { green: 0, yellow: 0, red: 0 }, median: null, override: null, rating: null, disagreement: false },
    ]);
  });

  it('the chair’s override wins over the median, also where nobody voted', () => {
    const s = settle(round([{ R1: G }, { R1: G }]), { R1: R, R3: Y });
    expect(s.find((x) => x.riskId === 'R1')).toMatchObject({ median: G, override: R, rating: R });
    expect(s.find((x) => x.riskId === 'R3')).toMatchObject({ median: null, override: Y, rating: Y });
  });
});
