/** The closed states of the shared ballot (cards/risk-ballot.json), from the real view over the risk world. */
import { describe, expect, it } from 'vitest';
import { closeRound } from '../../../src/app/votes.js';
import { renderCard } from '../../../src/cards/render.js';
import { ballotView } from '../../../src/cards/views/risks.js';
import { riskWorld, withOpenRound } from '../../helpers/risk-world.js';
import { cardText } from '../../helpers/card-walk.js';
import { txAt } from '../../helpers/tx.js';

function closedBallot(prepare?: (db: ReturnType<typeof riskWorld>) => void) {
  const db = riskWorld();
  prepare?.(db);
  const round = withOpenRound(db, { voted: 30 });
  const g = db.groups[0]!;
  closeRound(db, txAt(db, '2025-06-16T12:00:00.000Z'), { groupId: g.id, roundId: round.id, actor: g.roster[0]! });
  return { db, g, round };
}

describe('the closed ballot', () => {
  it('shows the result without "Nu: ikke vurderet" beside it when the risk had no rating before', () => {
    const { db, g, round } = closedBallot((d) => d.risks.forEach((r) => ((r.rating = null), (r.history = []))));
    const text = cardText(renderCard('risk-ballot', ballotView(db, g, round, { locale: 'da', viewer: null })));
    expect(text).toContain('Resultat: ');
    expect(text).not.toContain('Nu:');
    expect(text).not.toContain('ikke vurderet');
  });

  it('calls the earlier rating "Før" (before), since the result is the rating now', () => {
    const { db, g, round } = closedBallot();
    const text = cardText(renderCard('risk-ballot', ballotView(db, g, round, { locale: 'da', viewer: null })));
    expect(text).toMatch(/Før: (Grøn|Gul|Rød)/);
    expect(text).not.toContain('Nu:');
    const en = cardText(renderCard('risk-ballot', ballotView(db, g, round, { locale: 'en', viewer: null })));
    expect(en).toMatch(/Before: (Green|Yellow|Red)/);
  });

  it('the title has the full width (no column beside it to squeeze "Risikoafstemning V1" mid-word)', () => {
    const { db, g, round } = closedBallot();
    const card = renderCard('risk-ballot', ballotView(db, g, round, { locale: 'da', viewer: null })) as { body: any[] };
    const title = card.body[0].items[0];
    expect(card.body[0].type).toBe('Container');
    expect(title).toMatchObject({ type: 'TextBlock', text: 'Risikoafstemning V1', wrap: true });
  });
});
