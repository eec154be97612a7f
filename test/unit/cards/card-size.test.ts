/**
 * The card budget check bounds a card's JSON size from above without serialising it: the bound
 * must never be below the exact size (else an oversized card would be sent), and for the voter's
 * ballot — every click's answer — it must stay under the budget, so that no click serialises twice.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cardBytes, fitsBudget, jsonBytesAtMost } from '../../../src/cards/card-size.js';
import { CARDS_DIR, cardNames } from '../../../src/cards/render.js';
import { ballotCard } from '../../../src/teams/features/risk-cards.js';
import { riskWorld, withOpenRound } from '../../helpers/risk-world.js';

const awkward = ['', 'a', 'Æøå', '"quoted" \\ back', '\u0000\u001f\t\n', '—…✓', '😀🇩🇰', 'x'.repeat(5000)];

describe('jsonBytesAtMost', () => {
  it('is never below the exact size, for every card template and for awkward values', () => {
    const values: unknown[] = [
      ...cardNames().map((n) => JSON.parse(readFileSync(path.join(CARDS_DIR, `${n}.json`), 'utf8'))),
      ...awkward,
      awkward,
      Object.fromEntries(awkward.map((s, i) => [s || `k${i}`, s])),
      { n: -Number.MIN_VALUE * 3, big: Number.MAX_SAFE_INTEGER, t: true, f: false, z: null, nested: [[[{}]], []] },
    ];
    for (const v of values) expect(jsonBytesAtMost(v)).toBeGreaterThanOrEqual(cardBytes(v));
  });

  it('leaves out what JSON leaves out, and still bounds it', () => {
    const v = { a: undefined, b: [undefined], c: 1 };
    expect(jsonBytesAtMost(v)).toBeGreaterThanOrEqual(cardBytes(v));
  });
});

describe('fitsBudget', () => {
  it('accepts a card just under the budget whose bound is over it (measured exactly), refuses one over it', () => {
    const card = { type: 'AdaptiveCard', body: [{ type: 'TextBlock', text: 'a'.repeat(1000) }] };
    const exact = cardBytes(card);
    expect(jsonBytesAtMost(card)).toBeGreaterThan(exact + 1000);
    expect(fitsBudget(card, exact)).toBe(true);
    expect(fitsBudget(card, exact - 1)).toBe(false);
  });

  it('needs no serialising for the voter’s ballot of 10 risks (the bound is under the card budget)', () => {
    const db = riskWorld();
    const round = withOpenRound(db, { voted: 23 });
    const g = db.groups[0]!;
    const voter = g.roster.find((m) => m.role === 'member' && round.ballots.some((b) => b.voter === m.aadObjectId))!;
    const card = ballotCard(db, g, round, 'da', voter);
    expect(round.riskIds).toHaveLength(10);
    expect(jsonBytesAtMost(card)).toBeLessThan(27.5 * 1024);
  });
});
