import { describe, expect, it } from 'vitest';
import { closeRound } from '../../../src/app/votes.js';
import { renderCard } from '../../../src/cards/render.js';
import { ballotView, refreshUserIds, resultView, riskLogView } from '../../../src/cards/views/risks.js';
import { ALL_VERBS, VERBS } from '../../../src/cards/verbs.js';
import { checkCard } from '../../cards/gate.js';
import { cardNodes as nodes, cardText } from '../../helpers/card-walk.js';
import { riskWorld, withOpenRound } from '../../helpers/risk-world.js';
import { txAt } from '../../helpers/tx.js';

const now = new Date('2025-06-10T08:00:00.000Z');

describe('ballot card', () => {
  const db = riskWorld();
  const round = withOpenRound(db, { voted: 23 });
  const g = db.groups[0];
  const shared = renderCard('risk-ballot', ballotView(db, g, round, { locale: 'da', viewer: null }));

  it('has per open risk one ChoiceSet with values exactly green/yellow/red titled grøn/gul/rød, a comment field per risk and one cast action', () => {
    const sets = nodes(shared).filter((n) => n.type === 'Input.ChoiceSet');
    expect(sets.map((s) => s.id)).toEqual(round.riskIds.map((id) => `r_${id}`));
    for (const s of sets)
      expect(s.choices).toEqual([
        { title: '🟢 Grøn', value: 'green' },
        { title: '🟡 Gul', value: 'yellow' },
        { title: '🔴 Rød', value: 'red' },
      ]);
    expect(
      nodes(shared)
        .filter((n) => n.type === 'Input.Text')
        .map((n) => n.id),
    ).toEqual(round.riskIds.map((id) => `c_${id}`));
    const executes = nodes(shared).filter((n) => n.type === 'Action.Execute');
    expect(executes.filter((a) => a.verb === VERBS.voteCast)).toEqual([
      expect.objectContaining({ data: { groupId: 'g1', roundId: 'V1' } }),
    ]);
    for (const a of executes) expect(ALL_VERBS.has(a.verb)).toBe(true);
    expect(checkCard(shared)).toEqual([]);
  });

  it('carries Universal Actions refresh to vote.refresh for the chair first and the voters, at most 60, no observers, no referent', () => {
    expect(shared.refresh).toEqual({
      action: { type: 'Action.Execute', title: 'Opdatér', verb: VERBS.voteRefresh, data: { groupId: 'g1', roundId: 'V1' } },
      userIds: refreshUserIds(g),
    });
    const ids = refreshUserIds(g);
    expect(ids[0]).toBe(g.roster[0].teamsId);
    expect(ids).toHaveLength(56);
    // Observers and the referent do not vote.
    for (const o of g.roster.filter((m) => m.role === 'observer' || m.role === 'referent')) expect(ids).not.toContain(o.teamsId);
    const big = {
      ...g,
      roster: [
        ...g.roster,
        ...g.roster.map((m, i) => ({ ...m, role: 'member' as const, teamsId: `29:extra-${i}`, aadObjectId: `extra-${i}` })),
      ],
    };
    expect(refreshUserIds(big)).toHaveLength(60);
    expect(refreshUserIds(big)[0]).toBe(g.roster[0].teamsId);
  });

  /** Voters whose names appear on the card for another reason (risk owners, the chair who closes). */
  const shownAnyway = new Set([...db.risks.map((r) => r.owner?.name), g.roster[0].name]);

  it('shows counts but no names while open, to everyone, and preselects a voter’s own choices in their view', () => {
    const text = cardText(shared);
    for (const b of round.ballots) if (!shownAnyway.has(b.voterName)) expect(text).not.toContain(b.voterName);
    expect(text).not.toMatch(/(Grøn|Gul|Rød) \(\d+\):/);
    expect(text).toContain('Stemmer afgivet: 23 af 56');
    const mine = round.ballots[4];
    const voter = g.roster.find((m) => m.aadObjectId === mine.voter)!;
    const personal = renderCard('risk-ballot', ballotView(db, g, round, { locale: 'da', viewer: voter }));
    const sets = nodes(personal).filter((n) => n.type === 'Input.ChoiceSet' && n.id.startsWith('r_'));
    expect(Object.fromEntries(sets.map((s) => [s.id.slice(2), s.value]))).toEqual(mine.choices);
    expect(cardText(personal)).not.toMatch(/(Grøn|Gul|Rød) \(\d+\):/);
  });

  it('after the close: the chair sees who voted what, a member sees the result and counts but no names', () => {
    const closedDb = riskWorld();
    const r = withOpenRound(closedDb, { voted: 20 });
    closeRound(closedDb, txAt(closedDb, '2025-06-16T12:00:00.000Z'), { groupId: 'g1', roundId: r.id, actor: closedDb.groups[0].roster[0] });
    const cg = closedDb.groups[0];
    const chair = cardText(renderCard('risk-ballot', ballotView(closedDb, cg, r, { locale: 'da', viewer: cg.roster[0] })));
    const member = renderCard('risk-ballot', ballotView(closedDb, cg, r, { locale: 'da', viewer: cg.roster[3] }));
    for (const b of r.ballots.slice(1)) {
      expect(chair).toContain(b.voterName);
      if (!shownAnyway.has(b.voterName)) expect(cardText(member)).not.toContain(b.voterName);
    }
    expect(chair).toMatch(/(Grøn|Gul|Rød) \(\d+\): /);
    expect(cardText(member)).not.toMatch(/(Grøn|Gul|Rød) \(\d+\):/);
    expect(nodes(member).filter((n) => n.type?.startsWith?.('Input.'))).toEqual([]);
    expect(cardText(member)).toMatch(/Resultat: (Grøn|Gul|Rød)/);
    expect(checkCard(member)).toEqual([]);
  });

  it('pairs every rating word with its colour (English too)', () => {
    const en = renderCard('risk-ballot', ballotView(db, { ...g, locale: 'en' }, round, { locale: 'en', viewer: g.roster[0] }));
    expect(checkCard(en)).toEqual([]);
    const colored = nodes(en).filter(
      (n) => (n.type === 'TextBlock' || n.type === 'TextRun') && /^(· )?(Green|Yellow|Red) \d+$/.test(n.text.trim()),
    );
    expect(colored.map((n) => [n.text.replace(/^\s*· /, '').split(' ')[0], n.color]).slice(0, 3)).toEqual([
      ['Green', 'good'],
      ['Yellow', 'warning'],
      ['Red', 'attention'],
    ]);
  });
});

describe('risk log card', () => {
  it('groups by category with coloured rating, trend and owner, and gives the chair escalate/edit/retire per risk', () => {
    const db = riskWorld();
    const card = renderCard('risk-log', riskLogView(db, db.groups[0], { locale: 'da', now, chairTools: true }));
    expect(checkCard(card)).toEqual([]);
    const text = cardText(card);
    expect(text.indexOf('Udbredelse (3)')).toBeLessThan(text.indexOf('Teknik (4)'));
    expect(text).toContain('▲ forværret siden sidste vurdering'); // R4 yellow → red
    expect(text).toContain('▼ forbedret siden sidste vurdering'); // R5 red → yellow
    expect(text).toContain('Ejer: Driftsleverandøren (Netic)');
    const r4 = nodes(card).find((n) => n.type === 'TextBlock' && n.text === 'Rød');
    expect(r4!.color).toBe('attention');
    const escalate = nodes(card).filter((n) => n.verb === VERBS.riskEscalate);
    expect(escalate).toHaveLength(10);
    expect(escalate[0].data).toEqual({ groupId: 'g1', riskId: 'R1' });
    expect(nodes(card).filter((n) => n.verb === VERBS.riskRetire)).toHaveLength(10);
    const member = renderCard('risk-log', riskLogView(db, db.groups[0], { locale: 'da', now, chairTools: false }));
    expect(nodes(member).filter((n) => n.type?.startsWith?.('Action.'))).toEqual([]);
  });

  it('the chair’s edit form has unique input ids, the roster as owner choices, and save/cancel', () => {
    const db = riskWorld();
    const card = renderCard('risk-log', riskLogView(db, db.groups[0], { locale: 'da', now, chairTools: true, editRiskId: 'R2' }));
    expect(checkCard(card)).toEqual([]);
    const inputs = nodes(card).filter((n) => n.type?.startsWith?.('Input.'));
    expect(inputs.map((i) => i.id)).toEqual(['e_owner_R2', 'e_ownerother_R2', 'e_desc_R2', 'e_actions_R2']);
    expect(inputs[0].choices).toHaveLength(61);
    expect(nodes(card).filter((n) => n.verb === VERBS.riskEdit && n.data?.mode === 'save')).toHaveLength(1);
  });

  it('an empty log says how to add a risk', () => {
    const db = riskWorld();
    db.risks = [];
    const card = renderCard('risk-log', riskLogView(db, db.groups[0], { locale: 'da', now, chairTools: true }));
    expect(cardText(card)).toContain('ny risiko ‹kategori›: ‹titel›');
    expect(checkCard(card)).toEqual([]);
  });
});

describe('result card', () => {
  it('shows each settled rating in its colour with the tally, override and disagreement notes', () => {
    const db = riskWorld();
    const r = withOpenRound(db, { voted: 30 });
    closeRound(db, txAt(db, '2025-06-16T12:00:00.000Z'), {
      groupId: 'g1',
      roundId: r.id,
      actor: db.groups[0].roster[0],
      overrides: { R1: 'green' },
    });
    const card = renderCard('risk-result', resultView(db, db.groups[0], r, 'da'));
    expect(checkCard(card)).toEqual([]);
    expect(cardText(card)).toContain('Fastsat af formanden');
    expect(cardText(card)).toContain('Resultat af risikoafstemning V1');
  });
});
