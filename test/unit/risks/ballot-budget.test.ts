/**
 * ballotCard() keeps every ballot card under the card budget although it does not serialise a
 * voter's own open-round view on every click (src/teams/features/risks.ts, lastBallotSize).
 */
import { describe, expect, it } from 'vitest';
import { ballotCard } from '../../../src/teams/features/risk-cards.js';
import { riskWorld, withOpenRound } from '../../helpers/risk-world.js';

const bytes = (card: unknown) => Buffer.byteLength(JSON.stringify(card), 'utf8');
const BUDGET = 27.5 * 1024;

describe('ballot card budget', () => {
  it('a voter’s view stays under budget when risk titles grow between clicks (the edit is noticed at once)', () => {
    const db = riskWorld();
    const round = withOpenRound(db, { voted: 10 });
    const g = db.groups[0]!;
    const voter = g.roster.find((m) => m.role === 'member')!;
    // Several clicks: measured once, then trusted.
    for (let i = 0; i < 5; i++) expect(bytes(ballotCard(db, g, round, 'da', voter))).toBeLessThan(BUDGET - 6 * 1024);
    // The texts of the round's risks grow far beyond what the last measurement allows for.
    for (const id of round.riskIds) db.risks.find((r) => r.id === id)!.title = 'Lang titel '.repeat(120);
    const card = ballotCard(db, g, round, 'da', voter);
    expect(bytes(card)).toBeLessThanOrEqual(BUDGET);
  });

  it('a voter with a long comment is measured every time (and gets the compact view when needed)', () => {
    const db = riskWorld();
    const round = withOpenRound(db, { voted: 10 });
    const g = db.groups[0]!;
    const voter = g.roster.find((m) => m.role === 'member' && round.ballots.some((b) => b.voterName === m.name))!;
    ballotCard(db, g, round, 'da', voter); // measured: small
    for (const id of round.riskIds) db.risks.find((r) => r.id === id)!.title = 'x'.repeat(350); // ~20 KB: trusted for a while; +8 KB of comment is over
    // Same text lengths from here on; only the comment grows, to 4,000 characters that JSON escapes.
    ballotCard(db, g, round, 'da', voter);
    round.ballots.find((b) => b.voterName === voter.name)!.comment = '"\\'.repeat(2000);
    expect(bytes(ballotCard(db, g, round, 'da', voter))).toBeLessThanOrEqual(BUDGET);
  });
});
