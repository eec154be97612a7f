/**
 * Per-group caps (src/domain/limits.ts), each through its use-case: the refusal comes with a clear
 * Danish and English message and the store is left as it was.
 */
import { describe, expect, it } from 'vitest';
import { createAction, setActionStatus } from '../../../src/app/actions.js';
import { addPendingImport, cancelPendingImport, importAgenda, planAgendaImport } from '../../../src/app/agenda-import.js';
import { buildAgenda } from '../../../src/domain/meeting-agenda.js';
import { addRisk, retireRisk } from '../../../src/app/risks.js';
import { LIMITS } from '../../../src/domain/limits.js';
import type { ActionPoint, Db, Risk } from '../../../src/domain/model.js';
import { isAppError } from '../../../src/errors.js';
import { errorText } from '../../../src/i18n/index.js';
import { actionPoint, item, meeting, risk } from '../../helpers/builders.js';
import { anna, bent, gustav, sampleAgenda, setup } from '../meetings/fixtures.js';

const NOW = '2025-05-01T08:00:00.000Z';

function refusal(fn: () => unknown): { code: string; da: string; en: string } {
  try {
    fn();
  } catch (e) {
    if (isAppError(e)) return { code: e.code, da: errorText('da', e), en: errorText('en', e) };
    throw e;
  }
  throw new Error('expected a refusal');
}

function seedRisks(db: Db, n: number, status: Risk['status'] = 'open'): void {
  for (let i = 1; i <= n; i++) db.risks.push(risk('g1', `R${i}`, { status, createdAt: NOW }));
  db.groups[0].counters.risk = n;
}

function seedActions(db: Db, n: number, status: ActionPoint['status'] = 'open'): void {
  for (let i = 1; i <= n; i++) db.actions.push(actionPoint('g1', `A${i}`, { status, createdAt: NOW }));
  db.groups[0].counters.action = n;
}

describe('caps per group', () => {
  it(`risks: ${LIMITS.openRisks} open at most; retiring one makes room; ${LIMITS.risks} in all at most`, async () => {
    const { store } = setup(NOW);
    await store.update((db) => seedRisks(db, LIMITS.openRisks));
    const add = (title: string) => store.update((db, tx) => addRisk(db, tx, { groupId: 'g1', actor: bent, category: 'Teknik', title }));
    const r = await add('Én for meget').then(
      () => null,
      (e) => e,
    );
    expect(r?.code).toBe('limit_open_risks');
    expect(errorText('da', r)).toContain('Gruppen har 200 åbne risici, og der kan ikke tilføjes flere');
    expect(errorText('en', r)).toContain('The group has 200 open risks and no more can be added');
    expect(store.read().risks).toHaveLength(LIMITS.openRisks);
    await store.update((db, tx) => retireRisk(db, tx, { groupId: 'g1', actor: anna, riskId: 'R1' }));
    expect((await add('Nu er der plads')).id).toBe(`R${LIMITS.openRisks + 1}`);

    const { store: full } = setup(NOW);
    await full.update((db) => seedRisks(db, LIMITS.risks, 'retired'));
    const e = await full
      .update((db, tx) => addRisk(db, tx, { groupId: 'g1', actor: bent, category: 'Teknik', title: 'Ny' }))
      .then(
        () => null,
        (x) => x,
      );
    expect(e?.code).toBe('limit_risks');
    expect(errorText('da', e)).toContain('1000 risici i alt');
  });

  it(`action points: ${LIMITS.openActions} open at most (new or reopened); done ones make room; ${LIMITS.actions} in all at most`, async () => {
    const { store } = setup(NOW);
    await store.update((db) => seedActions(db, LIMITS.openActions));
    const create = () =>
      store.update((db, tx) =>
        createAction(db, tx, {
          groupId: 'g1',
          actor: bent,
          text: 'Én til',
          owner: bent,
          due: null,
          source: { kind: 'chat', meeting: null, item: null, risk: null },
        }),
      );
    const r = await create().then(
      () => null,
      (e) => e,
    );
    expect(r?.code).toBe('limit_open_actions');
    expect(errorText('da', r)).toContain('500 åbne opfølgningspunkter');
    expect(errorText('en', r)).toContain('500 open action points');
    expect(store.read().actions).toHaveLength(LIMITS.openActions);
    await store.update((db, tx) => setActionStatus(db, tx, { groupId: 'g1', actionId: 'A1', actor: anna, status: 'done' }));
    expect((await create()).id).toBe(`A${LIMITS.openActions + 1}`);
    // Full again: A1 cannot be reopened past the cap either.
    const reopen = await store
      .update((db, tx) => setActionStatus(db, tx, { groupId: 'g1', actionId: 'A1', actor: anna, status: 'open' }))
      .then(
        () => null,
        (e) => e,
      );
    expect(reopen?.code).toBe('limit_open_actions');
    expect(store.read().actions.find((a) => a.id === 'A1')!.status).toBe('done');

    const { store: full } = setup(NOW);
    await full.update((db) => seedActions(db, LIMITS.actions, 'done'));
    const e = await full
      .update((db, tx) =>
        createAction(db, tx, {
          groupId: 'g1',
          actor: bent,
          text: 'x',
          owner: bent,
          due: null,
          source: { kind: 'chat', meeting: null, item: null, risk: null },
        }),
      )
      .then(
        () => null,
        (x) => x,
      );
    expect(e?.code).toBe('limit_actions');
  });

  it(`an agenda of more than ${LIMITS.itemsPerMeeting} items is refused before anything is stored (preview and import alike)`, async () => {
    const { store } = setup(NOW);
    const agenda = sampleAgenda();
    const template = agenda.items[0];
    agenda.items = Array.from({ length: LIMITS.itemsPerMeeting + 1 }, (_, i) => ({ ...template, number: i + 1, title: `Punkt ${i + 1}` }));
    const plan = refusal(() => planAgendaImport(store.read(), 'g1', agenda));
    expect(plan.code).toBe('limit_meeting_items');
    expect(plan.da).toBe('Dagsordenen har 41 punkter, men et møde kan højst have 40. Saml nogle af punkterne, og send den igen.');
    expect(plan.en).toBe('The agenda has 41 items, but a meeting can have at most 40. Merge some items and send it again.');
    const e = await store
      .update((db, tx) => importAgenda(db, tx, { groupId: 'g1', actor: anna, agenda }))
      .then(
        () => null,
        (x) => x,
      );
    expect(e?.code).toBe('limit_meeting_items');
    expect(store.read().meetings).toEqual([]);
    agenda.items.length = LIMITS.itemsPerMeeting;
    expect((await store.update((db, tx) => importAgenda(db, tx, { groupId: 'g1', actor: anna, agenda }))).items).toBe(
      LIMITS.itemsPerMeeting,
    );
  });

  it('carry-over into a new meeting stops at the item cap (the standing items always stay)', () => {
    const standing = ['Godkendelse af dagsorden', 'Status', 'Eventuelt'];
    const previous = meeting('g1', 1, '2025-04-01', {
      items: Array.from({ length: 60 }, (_, i) => item(i + 1, `Udsat emne ${i + 1}`, { outcome: 'postponed' })),
    });
    const items = buildAgenda(standing, previous);
    expect(items).toHaveLength(LIMITS.itemsPerMeeting);
    expect(items.at(-1)!.title).toBe('Eventuelt');
    expect(items.at(-2)!.title).toBe(`Udsat emne ${LIMITS.itemsPerMeeting - 3}`);
  });

  it(`pending imports: ${LIMITS.pendingImportsPerPerson} waiting per uploader; cancelling one makes room; others are not affected`, async () => {
    const { store } = setup(NOW);
    const upload = (actor = gustav) =>
      store.update((db, tx) => addPendingImport(db, tx, { actor, candidates: ['g1'], filename: 'dagsorden.txt', agenda: sampleAgenda() }));
    const ids: string[] = [];
    for (let i = 0; i < LIMITS.pendingImportsPerPerson; i++) ids.push((await upload()).id);
    const r = await upload().then(
      () => null,
      (e) => e,
    );
    expect(r?.code).toBe('limit_pending_imports');
    expect(errorText('da', r)).toBe(
      'Du har allerede 5 dagsordener, der venter på "Importér" eller "Annullér". Afslut dem, før du sender en ny.',
    );
    expect(errorText('en', r)).toBe('You already have 5 agendas waiting for "Import" or "Cancel". Finish those before sending a new one.');
    expect(store.read().pendingImports).toHaveLength(LIMITS.pendingImportsPerPerson);
    expect((await upload(anna)).by).toBe('aad-anna');
    await store.update((db, tx) => cancelPendingImport(db, tx, { id: ids[0], actor: gustav }));
    expect((await upload()).status).toBe('pending');
  });
});
