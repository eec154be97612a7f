import { describe, expect, it } from 'vitest';
import {
  addPendingImport,
  cancelPendingImport,
  confirmPendingImport,
  importAgenda,
  importAgendaAsOperator,
  importGroupFor,
  pickImportGroup,
  planAgendaImport,
} from '../../../src/app/agenda-import.js';
import { createMeeting, recordDecision } from '../../../src/app/meetings.js';
import { DEFAULT_STANDING_ITEMS } from '../../../src/app/groups.js';
import { emptyDb } from '../../../src/domain/model.js';
import { isAppError } from '../../../src/errors.js';
import { anna, bent, group, gustav, meetingOf, remindersOf, sampleAgenda, setup, withGroup } from './fixtures.js';

async function refused(p: Promise<unknown>, code: string) {
  const err = await p.then(
    () => null,
    (e) => e,
  );
  expect(isAppError(err, code), `expected ${code}, got ${err}`).toBe(true);
}

describe('importAgenda', () => {
  it('imports the sample as meeting 2 with every item, and its two proposed dates as planned meetings 3 and 4', async () => {
    const { store } = setup();
    const agenda = sampleAgenda();
    const r = await store.update((db, tx) => importAgenda(db, tx, { groupId: 'g1', actor: anna, agenda }));
    expect(r).toMatchObject({
      meeting: 2,
      filled: false,
      items: 7,
      date: '2025-06-16',
      start: '12:30',
      end: '14:00',
      existing: [],
      renumbered: null,
      warnings: [],
    });
    expect(r.created).toEqual([
      { number: 3, date: '2025-10-22', start: '12:30', end: '14:00' },
      { number: 4, date: '2026-02-04', start: '09:00', end: '10:30' },
    ]);
    const db = store.read();
    const m2 = meetingOf(db, 2);
    expect(m2).toMatchObject({
      title: '2. Møde i den operationelle styregruppe for forløbsplaner',
      location: 'Via Teams',
      status: 'planned',
    });
    expect(m2.participants).toEqual(agenda.participants);
    expect(m2.items).toHaveLength(7);
    expect(m2.items[4]).toMatchObject({ ...agenda.items[4], outcome: null, decision: null, by: null, at: null });
    expect(meetingOf(db, 3).items.map((i) => i.title)).toEqual(DEFAULT_STANDING_ITEMS);
    expect(meetingOf(db, 4)).toMatchObject({ date: '2026-02-04', start: '09:00', end: '10:30', status: 'planned' });
    expect(db.groups[0].counters.meeting).toBe(4);
    // Reminders for all three, in the same write: T-14d, T-2d, T-1h and the agenda's publication T-7d-agenda.
    expect(
      [2, 3, 4].map((n) =>
        remindersOf(db, n)
          .map((r) => r.kind)
          .sort(),
      ),
    ).toEqual([2, 3, 4].map(() => ['T-14d', 'T-1h', 'T-2d', 'T-7d-agenda']));
    expect(db.audit.map((a) => [a.action, a.target])).toEqual([
      ['agenda.import', 'meeting 2'],
      ['meeting.create', 'meeting 3'],
      ['meeting.create', 'meeting 4'],
    ]);
  });

  it('an agenda for the date of an already planned meeting fills that meeting instead of duplicating it', async () => {
    const { store } = setup();
    await store.update((db, tx) =>
      createMeeting(db, tx, { groupId: 'g1', actor: anna, date: '2025-06-16', start: '13:00', end: '14:00', location: 'Lokale 1' }),
    );
    const ids = remindersOf(store.read(), 1).map((r) => r.id);
    const r = await store.update((db, tx) => importAgenda(db, tx, { groupId: 'g1', actor: gustav, agenda: sampleAgenda() }));
    expect(r).toMatchObject({ meeting: 1, filled: true, renumbered: { document: 2, number: 1 } });
    const db = store.read();
    expect(db.meetings.filter((m) => m.date === '2025-06-16')).toHaveLength(1);
    expect(meetingOf(db, 1)).toMatchObject({
      start: '12:30',
      end: '14:00',
      location: 'Via Teams',
      title: '2. Møde i den operationelle styregruppe for forløbsplaner',
    });
    expect(meetingOf(db, 1).items.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // The T-1h reminder moved with the new start time, in place.
    expect(remindersOf(db, 1).map((x) => x.id)).toEqual(ids);
    expect(remindersOf(db, 1).find((x) => x.kind === 'T-1h')?.dueAt).toBe('2025-06-16T09:30:00.000Z');
    expect(r.created.map((c) => c.number)).toEqual([2, 3]);
  });

  it('a proposed date that is already planned is kept, not duplicated; importing the same file twice changes no meeting count', async () => {
    const { store } = setup();
    await store.update((db, tx) => createMeeting(db, tx, { groupId: 'g1', actor: anna, date: '2025-10-22', start: '12:30', end: '14:00' }));
    const r = await store.update((db, tx) => importAgenda(db, tx, { groupId: 'g1', actor: anna, agenda: sampleAgenda() }));
    expect(r).toMatchObject({ meeting: 2, existing: [1] });
    expect(r.created.map((c) => [c.number, c.date])).toEqual([[3, '2026-02-04']]);
    const again = await store.update((db, tx) => importAgenda(db, tx, { groupId: 'g1', actor: anna, agenda: sampleAgenda() }));
    expect(again).toMatchObject({ meeting: 2, filled: true, created: [], existing: [1, 3] });
    expect(store.read().meetings).toHaveLength(3);
  });

  it('refuses to overwrite a planned meeting that already has decisions, and changes nothing', async () => {
    const { store } = setup();
    await store.update((db, tx) => importAgenda(db, tx, { groupId: 'g1', actor: anna, agenda: sampleAgenda() }));
    await store.update((db, tx) =>
      recordDecision(db, tx, { groupId: 'g1', actor: anna, meeting: 2, item: 1, outcome: 'approved', decision: 'Godkendt.' }),
    );
    const before = JSON.stringify(store.read());
    await refused(
      store.update((db, tx) => importAgenda(db, tx, { groupId: 'g1', actor: anna, agenda: sampleAgenda() })),
      'agenda_meeting_has_decisions',
    );
    expect(JSON.stringify(store.read())).toBe(before);
  });

  it('takes the next free number when the document’s number is used by another meeting', async () => {
    const { store } = setup();
    await store.update((db, tx) => createMeeting(db, tx, { groupId: 'g1', actor: anna, date: '2025-05-20', start: '09:00', end: '10:00' }));
    await store.update((db, tx) => createMeeting(db, tx, { groupId: 'g1', actor: anna, date: '2025-05-27', start: '09:00', end: '10:00' }));
    const r = await store.update((db, tx) => importAgenda(db, tx, { groupId: 'g1', actor: anna, agenda: sampleAgenda() }));
    expect(r).toMatchObject({ meeting: 3, renumbered: { document: 2, number: 3 } });
    expect(r.created.map((c) => c.number)).toEqual([4, 5]);
  });

  it('refuses a member, an agenda without a time for a new meeting, and one without a date', async () => {
    const { store } = setup();
    await refused(
      store.update((db, tx) => importAgenda(db, tx, { groupId: 'g1', actor: bent, agenda: sampleAgenda() })),
      'not_chair_or_referent',
    );
    await refused(
      store.update((db, tx) => importAgenda(db, tx, { groupId: 'g1', actor: anna, agenda: { ...sampleAgenda(), start: null, end: null } })),
      'agenda_no_time',
    );
    await refused(
      store.update((db, tx) => importAgenda(db, tx, { groupId: 'g1', actor: anna, agenda: { ...sampleAgenda(), date: null } })),
      'agenda_no_date',
    );
    expect(store.read().meetings).toEqual([]);
  });

  it('the preview plan says what would happen without changing anything', () => {
    const db = withGroup();
    const plan = planAgendaImport(db, 'g1', sampleAgenda());
    expect(plan.target).toEqual({ number: 2, existing: false, date: '2025-06-16', start: '12:30', end: '14:00' });
    expect(plan.proposals.map((p) => [p.number, p.existing])).toEqual([
      [3, false],
      [4, false],
    ]);
    expect(db.meetings).toEqual([]);
  });
});

describe('operator import (CLI / admin socket)', () => {
  it('goes to the only group, or the one named with --group; refuses no group and several groups', async () => {
    const { store } = setup();
    const r = await importAgendaAsOperator(store, { agenda: sampleAgenda() });
    expect(r).toMatchObject({ groupId: 'g1', meeting: 2 });
    expect(store.read().audit[0].actor).toBe('cli');
    const two = withGroup();
    two.groups.push(group('g2', { name: 'Anden gruppe' }));
    expect(() => importGroupFor(two)).toThrow(/cli_several_groups/);
    expect(importGroupFor(two, 'Anden gruppe').id).toBe('g2');
    expect(() => importGroupFor(two, 'g9')).toThrow(/cli_group_unknown/);
    expect(() => importGroupFor(emptyDb())).toThrow(/no_group/);
  });

  it('refuses a malformed payload', async () => {
    const { store } = setup();
    await refused(importAgendaAsOperator(store, { agenda: { items: 'x' } }), 'bad_input');
  });
});

describe('pending imports (Teams upload)', () => {
  it('preview → Importér imports once; a re-sent click returns the first result without importing again', async () => {
    const { store } = setup();
    const p = await store.update((db, tx) =>
      addPendingImport(db, tx, { actor: gustav, candidates: ['g1'], filename: 'dagsorden.docx', agenda: sampleAgenda() }),
    );
    expect(p).toMatchObject({ groupId: 'g1', status: 'pending', by: 'aad-gustav' });
    const first = await store.update((db, tx) => confirmPendingImport(db, tx, { id: p.id, actor: gustav }));
    expect(first.result).toMatchObject({ meeting: 2 });
    const again = await store.update((db, tx) => confirmPendingImport(db, tx, { id: p.id, actor: gustav }));
    expect(again.result).toBeNull();
    expect(again.pending.result).toEqual({ meeting: 2, filled: false, created: [3, 4] });
    expect(store.read().meetings).toHaveLength(3);
  });

  it('only the uploader may confirm or cancel; a cancelled one cannot be imported', async () => {
    const { store } = setup();
    const p = await store.update((db, tx) =>
      addPendingImport(db, tx, { actor: gustav, candidates: ['g1'], filename: 'd.txt', agenda: sampleAgenda() }),
    );
    // Someone else gets the same answer as for an id that does not exist.
    await refused(
      store.update((db, tx) => confirmPendingImport(db, tx, { id: p.id, actor: anna })),
      'import_pending_unknown',
    );
    await store.update((db, tx) => cancelPendingImport(db, tx, { id: p.id, actor: gustav }));
    await refused(
      store.update((db, tx) => confirmPendingImport(db, tx, { id: p.id, actor: gustav })),
      'import_pending_done',
    );
    await refused(
      store.update((db, tx) => confirmPendingImport(db, tx, { id: 'imp-none', actor: gustav })),
      'import_pending_unknown',
    );
    expect(store.read().meetings).toEqual([]);
  });

  it('with several groups the uploader picks one of their own groups first', async () => {
    const db = withGroup();
    db.groups.push(group('g2', { name: 'Anden gruppe' }));
    const { store } = setup(undefined, db);
    const p = await store.update((d, tx) =>
      addPendingImport(d, tx, { actor: anna, candidates: ['g1', 'g2'], filename: 'd.txt', agenda: sampleAgenda() }),
    );
    expect(p.groupId).toBeNull();
    await refused(
      store.update((d, tx) => confirmPendingImport(d, tx, { id: p.id, actor: anna })),
      'import_pick_group',
    );
    await refused(
      store.update((d, tx) => pickImportGroup(d, tx, { id: p.id, actor: anna, groupId: 'g3' })),
      'bad_input',
    );
    await store.update((d, tx) => pickImportGroup(d, tx, { id: p.id, actor: anna, groupId: 'g2' }));
    const r = await store.update((d, tx) => confirmPendingImport(d, tx, { id: p.id, actor: anna }));
    expect(r.result?.groupId).toBe('g2');
    expect(store.read().meetings.every((m) => m.groupId === 'g2')).toBe(true);
  });

  it('drops pending imports older than two days when a new one arrives', async () => {
    const { store, clock } = setup();
    await store.update((db, tx) =>
      addPendingImport(db, tx, { actor: gustav, candidates: ['g1'], filename: 'a.txt', agenda: sampleAgenda() }),
    );
    clock.set('2025-05-04T08:00:00.000Z');
    await store.update((db, tx) =>
      addPendingImport(db, tx, { actor: gustav, candidates: ['g1'], filename: 'b.txt', agenda: sampleAgenda() }),
    );
    expect(store.read().pendingImports?.map((p) => p.filename)).toEqual(['b.txt']);
  });
});
