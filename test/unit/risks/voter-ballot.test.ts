/**
 * The voter's own ballot (cards/risk-ballot-voter.json) is the answer to every ballot click: one
 * line per risk, details on demand, a summary with "Ret stemme" after voting — and small.
 */
import { describe, expect, it } from 'vitest';
import { VERBS } from '../../../src/cards/verbs.js';
import { ballotCard } from '../../../src/teams/features/risk-cards.js';
import { checkCard } from '../../cards/gate.js';
import { cardNodes as nodes, cardText } from '../../helpers/card-walk.js';
import { riskWorld, withOpenRound } from '../../helpers/risk-world.js';

const bytes = (card: unknown) => Buffer.byteLength(JSON.stringify(card), 'utf8');

function world() {
  const db = riskWorld();
  const round = withOpenRound(db, { voted: 23 });
  const g = db.groups[0]!;
  const voted = g.roster.find((m) => m.role === 'member' && round.ballots.some((b) => b.voter === m.aadObjectId))!;
  const notVoted = g.roster.find((m) => m.role === 'member' && !round.ballots.some((b) => b.voter === m.aadObjectId))!;
  return { db, round, g, voted, notVoted };
}

describe('the voter’s compact ballot', () => {
  it('answers a ballot click for 10 risks with long titles and a long comment in at most 4 KB', () => {
    const { db, round, g, voted } = world();
    expect(round.riskIds).toHaveLength(10);
    for (const id of round.riskIds)
      db.risks.find((r) => r.id === id)!.title =
        `Forsinket udrulning af forløbsplaner til almen praksis i region ${id} – især hvor lægesystemerne ikke er certificeret`.slice(
          0,
          200,
        );
    round.ballots.find((b) => b.voter === voted.aadObjectId)!.comment = 'Æ'.repeat(1000);
    const card = ballotCard(db, g, round, 'da', voted);
    expect(bytes(card)).toBeLessThanOrEqual(4096);
    expect(checkCard(card)).toEqual([]);
    const en = ballotCard(db, { ...g, locale: 'en' }, round, 'en', voted);
    expect(bytes(en)).toBeLessThanOrEqual(4096);
  });

  it('after voting shows the voter’s choice per risk on one line each, and "Ret stemme" brings the form back with them preselected', () => {
    const { db, round, g, voted } = world();
    const mine = round.ballots.find((b) => b.voter === voted.aadObjectId)!;
    const summary = ballotCard(db, g, round, 'da', voted);
    expect(nodes(summary).filter((n) => n.type === 'Input.ChoiceSet')).toEqual([]);
    const lines = nodes(summary).filter((n) => n.type === 'RichTextBlock');
    expect(lines).toHaveLength(10);
    const word = { green: 'Grøn', yellow: 'Gul', red: 'Rød' } as const;
    const color = { green: 'good', yellow: 'warning', red: 'attention' } as const;
    for (const [i, id] of round.riskIds.entries()) {
      const [title, choice] = lines[i].inlines;
      expect(title.text).toMatch(new RegExp(`^${id} · `));
      const c = mine.choices[id];
      expect(choice).toMatchObject(c ? { text: word[c], color: color[c] } : { text: 'ikke valgt' });
    }
    const edit = nodes(summary).find((n) => n.verb === VERBS.voteRefresh && n.data?.edit === true);
    expect(edit).toMatchObject({ type: 'Action.Execute', title: 'Ret stemme' });
    expect(nodes(summary).some((n) => n.verb === VERBS.voteCast)).toBe(false);

    const form = ballotCard(db, g, round, 'da', voted, { edit: true });
    expect(checkCard(form)).toEqual([]);
    const sets = nodes(form).filter((n) => n.type === 'Input.ChoiceSet');
    expect(Object.fromEntries(sets.map((s) => [s.id, s.value]))).toEqual(
      Object.fromEntries(round.riskIds.map((id) => [`r_${id}`, mine.choices[id] ?? ''])),
    );
    expect(sets.every((s) => s.style === 'compact')).toBe(true);
    // One comment field per risk, inside the risk's details, holding the voter's comment on it.
    for (const id of round.riskIds) expect(nodes(form).find((n) => n.id === `c_${id}`)?.value).toBe(mine.comments?.[id] ?? '');
    expect(nodes(form).filter((n) => n.verb === VERBS.voteCast)).toHaveLength(1);
  });

  it('before voting shows the form; each risk’s details are hidden until its line is tapped', () => {
    const { db, round, g, notVoted } = world();
    const form = ballotCard(db, g, round, 'da', notVoted);
    expect(checkCard(form)).toEqual([]);
    const toggles = nodes(form).filter((n) => n.type === 'Action.ToggleVisibility');
    expect(toggles).toHaveLength(10);
    for (const t of toggles) {
      const target = nodes(form).find((n) => n.id === t.targetElements[0]);
      expect(target).toMatchObject({ isVisible: false });
      expect(target!.items[0].text).toMatch(/Stemmer indtil nu: Grøn \d+ · Gul \d+ · Rød \d+/);
      expect(target!.items[1]).toMatchObject({ type: 'Input.Text', id: t.targetElements[0].replace(/^d_/, 'c_') });
    }
    expect(
      nodes(form)
        .filter((n) => n.type === 'Input.ChoiceSet')
        .every((s) => s.value === ''),
    ).toBe(true);
    // The card refreshes for this voter only: it is theirs.
    expect((form as any).refresh.userIds).toEqual([notVoted.teamsId]);
  });

  it('the chair, observers and closed rounds keep the full ballot', () => {
    const { db, round, g } = world();
    const chair = g.roster.find((m) => m.role === 'chair')!;
    const observer = g.roster.find((m) => m.role === 'observer')!;
    expect(cardText(ballotCard(db, g, round, 'da', chair))).toContain('Luk afstemning');
    expect(nodes(ballotCard(db, g, round, 'da', observer)).some((n) => n.type === 'Action.ToggleVisibility')).toBe(false);
    expect(nodes(ballotCard(db, g, round, 'da', null)).filter((n) => n.type === 'Input.ChoiceSet' && n.style === 'expanded')).toHaveLength(
      10,
    );
  });
});
