/**
 * Writes cards/fixtures/risk-{log,ballot,result}/*.json from the real view models over the
 * realistic world in test/helpers/risk-world.ts. Run after changing the views or the templates:
 *   npx tsx test/unit/risks/card-fixtures.gen.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CARDS_DIR } from '../../../src/cards/render.js';
import { ballotView, resultView, riskLogView } from '../../../src/cards/views/risks.js';
import { voterBallotView } from '../../../src/cards/views/risk-ballot-voter.js';
import { closeRound } from '../../../src/app/votes.js';
import type { Db } from '../../../src/domain/model.js';
import { riskWorld, withOpenRound } from '../../helpers/risk-world.js';
import { txAt } from '../../helpers/tx.js';

const now = new Date('2025-06-10T08:00:00.000Z');

function write(card: string, name: string, data: object) {
  const dir = path.join(CARDS_DIR, 'fixtures', card);
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(data, null, 2) + '\n');
}

/** The voter's own compact ballot (cards/risk-ballot-voter.json): summary, form, edit, English, long titles. */
export function voterFixtures() {
  const db = riskWorld();
  const round = withOpenRound(db, { voted: 23 });
  const g = db.groups[0];
  const member = g.roster[5];
  const withComment = round.ballots.find((b) => b.voter === member.aadObjectId);
  if (withComment) withComment.comment = 'Vi ser samme forsinkelse i region 2 som sidst; udbredelsen bør drøftes på mødet.';
  write('risk-ballot-voter', 'member-voted-summary', voterBallotView(db, g, round, { locale: 'da', viewer: member }));
  write('risk-ballot-voter', 'member-voted-edit', voterBallotView(db, g, round, { locale: 'da', viewer: member, edit: true }));
  write('risk-ballot-voter', 'member-not-voted-form', voterBallotView(db, g, round, { locale: 'da', viewer: g.roster[40] }));
  write(
    'risk-ballot-voter',
    'english-member-summary',
    voterBallotView(db, { ...g, locale: 'en' }, round, { locale: 'en', viewer: member }),
  );
  for (const id of round.riskIds) {
    const r = db.risks.find((x) => x.id === id)!;
    r.title = `${r.title} – især i de regioner, hvor praksisserne endnu ikke er koblet på platformen`;
  }
  write('risk-ballot-voter', 'member-voted-summary-long-titles', voterBallotView(db, g, round, { locale: 'da', viewer: member }));
}

export function generate() {
  // Risk log
  {
    const db = riskWorld();
    withOpenRound(db, { voted: 23 });
    const g = db.groups[0];
    write('risk-log', 'chair-with-tools', riskLogView(db, g, { locale: 'da', now, chairTools: true }));
    write('risk-log', 'member-view', riskLogView(db, g, { locale: 'da', now, chairTools: false }));
    write('risk-log', 'edit-form-60-members', riskLogView(db, g, { locale: 'da', now, chairTools: true, editRiskId: 'R4' }));
    db.risks[1].status = 'retired';
    write('risk-log', 'english-retired', riskLogView(db, { ...g, locale: 'en' }, { locale: 'en', now, chairTools: true }));
    const empty: Db = riskWorld();
    empty.risks = [];
    empty.escalations = [];
    write('risk-log', 'empty', riskLogView(empty, empty.groups[0], { locale: 'da', now, chairTools: true }));
    const many = riskWorld();
    for (let i = 0; i < 12; i++)
      many.risks.push({
        ...structuredClone(many.risks[i % 10]),
        id: `R${11 + i}`,
        title: `${many.risks[i % 10].title} (delprojekt ${i + 1})`,
      });
    write(
      'risk-log',
      'twenty-two-risks-compact-first-12',
      riskLogView(many, many.groups[0], { locale: 'da', now, chairTools: true, compact: true, maxRisks: 12 }),
    );
  }
  // Ballot
  {
    const db = riskWorld();
    const round = withOpenRound(db, { voted: 23 });
    const g = db.groups[0];
    const chair = g.roster[0];
    const observer = g.roster[58];
    write('risk-ballot', 'shared-open', ballotView(db, g, round, { locale: 'da', viewer: null }));
    voterFixtures();
    write('risk-ballot', 'chair-open', ballotView(db, g, round, { locale: 'da', viewer: chair }));
    write('risk-ballot', 'observer-open', ballotView(db, g, round, { locale: 'da', viewer: observer }));

    const twelve = riskWorld();
    for (let i = 0; i < 2; i++)
      twelve.risks.push({
        ...structuredClone(twelve.risks[3 + i]),
        id: `R${11 + i}`,
        title: `${twelve.risks[3 + i].title} i region ${i + 1}`,
      });
    const r12 = withOpenRound(twelve, { voted: 40 });
    write('risk-ballot', 'shared-open-12-risks', ballotView(twelve, twelve.groups[0], r12, { locale: 'da', viewer: null }));
    write(
      'risk-ballot',
      'chair-open-12-risks',
      ballotView(twelve, twelve.groups[0], r12, { locale: 'da', viewer: twelve.groups[0].roster[0] }),
    );

    const empty = riskWorld();
    const r0 = withOpenRound(empty, { voted: 0 });
    write('risk-ballot', 'shared-no-ballots', ballotView(empty, empty.groups[0], r0, { locale: 'da', viewer: null }));

    // All 57 voters voted, then closed with an override on R2.
    const full = riskWorld();
    const rf = withOpenRound(full, { voted: 57 });
    closeRound(full, txAt(full, new Date('2025-06-16T12:00:00.000Z')), {
      groupId: 'g1',
      roundId: rf.id,
      actor: full.groups[0].roster[0],
      overrides: { R2: 'red' },
    });
    const gf = full.groups[0];
    // 57 voters × 10 risks of names is over budget in full: the bot sends the compact view.
    write('risk-ballot', 'chair-closed-57-voters-compact', ballotView(full, gf, rf, { locale: 'da', viewer: gf.roster[0], compact: true }));
    write('risk-ballot', 'member-closed', ballotView(full, gf, rf, { locale: 'da', viewer: gf.roster[7] }));
    write('risk-ballot', 'shared-closed', ballotView(full, gf, rf, { locale: 'da', viewer: null }));
    write('risk-result', 'closed-with-override', resultView(full, gf, rf, 'da'));
    write('risk-result', 'english', resultView(full, { ...gf, locale: 'en' }, rf, 'en'));

    const none = riskWorld();
    const rn = withOpenRound(none, { voted: 0 });
    closeRound(none, txAt(none, new Date('2025-06-16T12:00:00.000Z')), { groupId: 'g1', roundId: rn.id, actor: null });
    write('risk-result', 'no-ballots-deadline', resultView(none, none.groups[0], rn, 'da'));
  }
}

generate();
