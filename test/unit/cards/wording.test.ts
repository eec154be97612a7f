import { describe, expect, it } from 'vitest';
import { renderCard } from '../../../src/cards/render.js';
import { rosterView, welcomeView } from '../../../src/cards/views/core.js';
import { reminderPlanView } from '../../../src/cards/views/reminders.js';
import { deadlineWhen } from '../../../src/cards/views/when.js';
import { ballotView, deadlineText, resultView } from '../../../src/cards/views/risks.js';
import { outboxView } from '../../../src/cards/views/escalations.js';
import { closeRound } from '../../../src/app/votes.js';
import { riskWorld, withOpenRound } from '../../helpers/risk-world.js';
import type { Group, Meeting, Member, Role } from '../../../src/domain/model.js';
import { t } from '../../../src/i18n/index.js';
import { cardText } from '../../helpers/card-walk.js';
import { txAt } from '../../helpers/tx.js';

/** Card words a Danish member reads at a glance (issue #14): each check fails on the old wording. */
const member = (name: string, role: Role): Member => ({ name, role, aadObjectId: `aad-${name}`, teamsId: `29:${name}`, organisation: null });
const group = (roster: Member[]): Group =>
  ({ id: 'g1', name: 'Operationel styregruppe', locale: 'da', timezone: 'Europe/Copenhagen', roster, reminderOffsets: { days: [14, 2], hours: [1], atTime: '09:00' } }) as unknown as Group;
const roster = [member('Anna Holm', 'chair'), member('Gustav Eng', 'referent'), member('Bent Lund', 'member'), member('Carsten Vang', 'member'), member('Erik Sand', 'observer')];

describe('card wording', () => {
  it('the roster says "Referent (1)" and "Observatør (1)" (not "Referenter (1)"), plural from two', () => {
    const text = cardText(renderCard('roster', rosterView('da', group(roster))));
    expect(text).toContain('Referent (1)');
    expect(text).not.toContain('Referenter (1)');
    expect(text).toContain('Observatør (1)');
    expect(text).toContain('Medlemmer (2)');
    expect(cardText(renderCard('roster', rosterView('en', group(roster))))).toContain('Minute-taker (1)');
  });

  it('the welcome card counts the chair and the members as "Medlemmer", not the referent or the observer', () => {
    const facts = welcomeView('da', 'group', group(roster)).facts;
    expect(facts.find((f) => f.title === 'Medlemmer')?.value).toBe('3');
  });

  it('reminder settings are not called "Indstilling" (that is the agenda item\'s recommendation)', () => {
    const meeting = { groupId: 'g1', number: 2, date: '2025-06-16', start: '12:30', end: '14:00', status: 'planned', title: '2. møde' } as unknown as Meeting;
    const v = reminderPlanView({ locale: 'da', group: group(roster), meeting, reminders: [] });
    expect(v.facts[0].title).toBe('Påmindelser');
    expect(t('da', 'reminders.plan.none', { offsets: 'x' })).not.toMatch(/indstilling/i);
  });

  it('a retired risk is "lukket" and the button says "Luk risiko"; no Danish text says "udfas"', () => {
    expect(t('da', 'risklog.button.retire')).toBe('Luk risiko');
    for (const key of ['risklog.retired', 'risklog.retired.done', 'ballot.retired', 'error.risk_retired', 'error.limit_open_risks']) {
      expect(t('da', key, { count: 1, id: 'R1', max: 50 })).not.toMatch(/udfas/i);
    }
  });

  it('the result card explains a disagreement once and marks the risks it concerns (not the sentence on every risk)', () => {
    const db = riskWorld();
    const r = withOpenRound(db, { voted: 30 });
    closeRound(db, txAt(db, new Date('2025-06-16T12:00:00.000Z')), { groupId: 'g1', roundId: r.id, actor: db.groups[0].roster[0] });
    const text = cardText(renderCard('risk-result', resultView(db, db.groups[0], r, 'da')));
    expect(text.match(/spænder over hele skalaen/g)).toHaveLength(1);
    expect(text).toMatch(/⚠ Uenighed om R\d+(, R\d+)*: stemmerne spænder over hele skalaen/);
    const marks = text.match(/^⚠ Uenighed$/gm) ?? [];
    const disputed = /⚠ Uenighed om ([^:]+):/.exec(text)![1].split(', ');
    expect(marks).toHaveLength(disputed.length);
  });

  it('an end-of-day deadline reads "til og med søndag den 20. december 2026", never "mandag … kl. 00:00"', () => {
    // Midnight between Sunday 20 and Monday 21 December 2026 in Copenhagen (UTC+1).
    expect(deadlineText('2026-12-20T23:00:00.000Z', 'da', 'Europe/Copenhagen')).toBe('og med søndag den 20. december 2026');
    expect(deadlineText('2026-12-20T23:00:00.000Z', 'en', 'Europe/Copenhagen')).toMatch(/^the end of Sunday,? 20 December 2026$/);
    expect(deadlineText('2026-12-21T11:00:00.000Z', 'da', 'Europe/Copenhagen')).toMatch(/^mandag den 21\. december 2026 kl\. 12[.:]00$/);
    const db = riskWorld();
    const round = withOpenRound(db, { voted: 3 });
    round.deadline = '2026-12-20T23:00:00.000Z';
    const text = cardText(renderCard('risk-ballot', ballotView(db, db.groups[0], round, { locale: 'da', viewer: null })));
    expect(text).toContain('Åben til og med søndag den 20. december 2026');
    expect(text).not.toMatch(/kl\. 00[.:]00/);
  });

  it('a vote deadline at midnight in the reminders reads "til og med" / "udgangen af" the day before', () => {
    expect(deadlineWhen('2026-12-20T23:00:00.000Z', 'Europe/Copenhagen', 'da', 'til')).toBe('og med søndag den 20. december 2026');
    expect(deadlineWhen('2026-12-20T23:00:00.000Z', 'Europe/Copenhagen', 'da')).toBe('udgangen af søndag den 20. december 2026');
    expect(deadlineWhen('2026-12-20T23:00:00.000Z', 'Europe/Copenhagen', 'en')).toMatch(/^the end of Sunday,? 20 December 2026$/);
    expect(deadlineWhen('2026-12-21T16:00:00.000Z', 'Europe/Copenhagen', 'da')).not.toMatch(/udgangen|og med/);
  });

  it('the outbox card tells a Danish chair what went wrong in plain Danish; the HTTP error and internal ids only behind "Detaljer"', () => {
    const item = (id: string, purpose: string, lastError: string, status: 'failed' | 'uncertain') =>
      ({ id, groupId: 'g1', conversation: { conversationType: 'channel' }, activity: {}, purpose, status, attempts: 2, createdAt: '2025-06-16T11:05:00.000Z', nextAttemptAt: '2025-06-16T11:05:00.000Z', sentAt: null, activityId: null, lastError }) as any;
    const g = { ...group(roster), escalationTarget: { name: 'DAP-styregruppen' } } as any;
    const card = renderCard('outbox', outboxView('da', g, [
      item('o-57', 'escalation:g1:E2', 'POST /v3/conversations/x/activities → 504 GatewayTimeout: upstream', 'uncertain'),
      item('o-61', 'reminder:T-2d', 'POST /v3/conversations/x/activities → 403 Forbidden: bot not in roster', 'failed'),
    ]));
    const shown = (n: any): string[] => (n?.isVisible === false ? [] : Array.isArray(n) ? n.flatMap(shown) : n && typeof n === 'object' ? [...(n.type === 'TextBlock' ? [String(n.text)] : []), ...Object.values(n).flatMap(shown)] : []);
    const visible = shown(card.body).join('\n');
    expect(visible).toContain('Eskalering E2 til DAP-styregruppen');
    expect(visible).toContain('Påmindelse om mødet');
    expect(visible).toContain('Teams svarede ikke i tide — beskeden kan være kommet frem.');
    expect(visible).toContain('Teams gav ikke botten adgang til samtalen');
    expect(visible).not.toMatch(/504|403|Gateway|Forbidden|o-57|reminder:T-2d/);
    expect(JSON.stringify(card)).toContain('403 Forbidden'); // still there, behind the toggle
    expect(JSON.stringify(card)).toContain('"type":"Action.ToggleVisibility"');
  });
});
