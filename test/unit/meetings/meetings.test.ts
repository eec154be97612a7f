import { describe, expect, it } from 'vitest';
import { importAgenda } from '../../../src/app/agenda-import.js';
import {
  cancelMeeting,
  createMeeting,
  defaultMeeting,
  moveMeeting,
  postAgenda,
  recordAgendaCard,
  recordDecision,
  setAttendance,
} from '../../../src/app/meetings.js';
import { DEFAULT_STANDING_ITEMS } from '../../../src/app/groups.js';
import type { Db, Person } from '../../../src/domain/model.js';
import type { OutboxRefOf } from '../../../src/domain/outbox-ref.js';
import { isAppError } from '../../../src/errors.js';
import { anna, bent, gustav, meetingOf, remindersOf, sampleAgenda, setup, stranger } from './fixtures.js';

const create = (
  store: ReturnType<typeof setup>['store'],
  actor: Person,
  date = '2025-06-16',
  start = '12:30',
  end = '14:00',
  location: string | null = 'Mødelokale 2',
) => store.update((db, tx) => createMeeting(db, tx, { groupId: 'g1', actor, date, start, end, location }));

async function refused(p: Promise<unknown>, code: string) {
  const err = await p.then(
    () => null,
    (e) => e,
  );
  expect(isAppError(err, code), `expected ${code}, got ${err}`).toBe(true);
}

describe('nyt møde (createMeeting)', () => {
  it('creates planned meeting 1 with the standing items and plans its reminders in the same write', async () => {
    const { store } = setup();
    const m = await create(store, anna);
    expect(m).toMatchObject({
      number: 1,
      title: '1. møde i Operationel styregruppe',
      date: '2025-06-16',
      start: '12:30',
      end: '14:00',
      location: 'Mødelokale 2',
      status: 'planned',
    });
    expect(m.items.map((i) => i.title)).toEqual(DEFAULT_STANDING_ITEMS);
    expect(m.items.map((i) => i.number)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(remindersOf(store.read(), 1).map((r) => [r.kind, r.status, r.dueAt])).toEqual([
      ['T-14d', 'planned', '2025-06-02T07:00:00.000Z'],
      ['T-2d', 'planned', '2025-06-13T07:00:00.000Z'], // 14 June is a Saturday
      ['T-1h', 'planned', '2025-06-16T09:30:00.000Z'],
      ['T-7d-agenda', 'planned', '2025-06-06T07:00:00.000Z'], // the agenda's publication; 9 June is Whit Monday
    ]);
    expect(store.read().groups[0].counters.meeting).toBe(1);
    expect(store.read().audit.at(-1)).toMatchObject({ action: 'meeting.create', actor: 'aad-anna', target: 'meeting 1' });
  });

  it('the referent may create a meeting; a member or a stranger may not, and nothing changes', async () => {
    const { store } = setup();
    await create(store, gustav);
    const before = JSON.stringify(store.read());
    await refused(create(store, bent, '2025-07-01'), 'not_chair_or_referent');
    await refused(create(store, stranger, '2025-07-01'), 'not_member');
    expect(JSON.stringify(store.read())).toBe(before);
  });

  it('refuses a date in the past, a second meeting on the same date and an end before the start', async () => {
    const { store } = setup();
    await refused(create(store, anna, '2025-04-30'), 'meeting_in_past');
    await create(store, anna);
    await refused(create(store, anna, '2025-06-16', '08:00', '09:00'), 'meeting_exists');
    await refused(create(store, anna, '2025-06-20', '14:00', '12:00'), 'bad_time');
    expect(store.read().meetings).toHaveLength(1);
  });

  it('a cancelled meeting frees its date but never its number', async () => {
    const { store } = setup();
    await create(store, anna);
    await store.update((db, tx) => cancelMeeting(db, tx, { groupId: 'g1', actor: anna, number: 1 }));
    const m = await create(store, anna);
    expect(m.number).toBe(2);
  });
});

describe('carry-over', () => {
  async function heldMeetingWithDecisions() {
    const { store, clock } = setup('2025-02-01T08:00:00.000Z');
    await create(store, anna, '2025-02-24', '08:40', '10:00');
    await store.update((db) => {
      const m = meetingOf(db, 1);
      m.items.splice(
        5,
        0,
        {
          ...m.items[0],
          number: 6,
          title: 'Forretningsregler for lægesystemerne',
          presenter: 'Dorthe',
          recommendation: ['godkender udkastet til forretningsregler'],
          background: 'Erfaringer fra test.',
        },
        { ...m.items[0], number: 7, title: 'Kommunikationsplan', presenter: 'Bent' },
        { ...m.items[0], number: 8, title: 'Budget 2026', presenter: 'Anna' },
      );
      m.items.forEach((it, k) => (it.number = k + 1));
    });
    const decide = (item: number, outcome: 'approved' | 'postponed' | 'noted') =>
      store.update((db, tx) =>
        recordDecision(db, tx, { groupId: 'g1', actor: gustav, meeting: 1, item, outcome, decision: `Beslutning ${item}` }),
      );
    await decide(6, 'postponed'); // forretningsregler: postponed → carried
    await decide(8, 'approved'); // budget: decided → not carried
    await decide(2, 'noted');
    // item 7 (kommunikationsplan) stays undecided → carried
    clock.set('2025-03-01T08:00:00.000Z'); // meeting 1 has taken place
    return { store, clock };
  }

  it('a new meeting proposes the postponed and undecided items of the previous meeting again, before "Eventuelt"', async () => {
    const { store } = await heldMeetingWithDecisions();
    const m = await create(store, gustav, '2025-06-16');
    expect(m.items.map((i) => [i.number, i.title, i.carriedFrom ?? null])).toEqual([
      [1, 'Velkomst og godkendelse af referat', null],
      [2, 'Status på tekniske leverancer', null],
      [3, 'Status på drift og udfordringer', null],
      [4, 'Status på lægesystemerne (aftaler og certificering)', null],
      [5, 'Projektets risikolog', null],
      [6, 'Forretningsregler for lægesystemerne', 1],
      [7, 'Kommunikationsplan', 1],
      [8, 'Eventuelt', null],
    ]);
    const carried = m.items[5];
    expect(carried).toMatchObject({
      presenter: 'Dorthe',
      recommendation: ['godkender udkastet til forretningsregler'],
      background: 'Erfaringer fra test.',
      outcome: null,
      decision: null,
      by: null,
      at: null,
    });
    // The earlier meeting keeps its decision.
    expect(meetingOf(store.read(), 1).items[5]).toMatchObject({ outcome: 'postponed', decision: 'Beslutning 6' });
  });

  it('after an imported agenda, items that are standing topics in other words are not repeated; the postponed one is carried', async () => {
    const { store, clock } = setup();
    await store.update((db, tx) => importAgenda(db, tx, { groupId: 'g1', actor: anna, agenda: sampleAgenda() }));
    for (const [item, outcome] of [
      [1, 'approved'],
      [2, 'noted'],
      [5, 'discussed'],
      [6, 'postponed'],
    ] as const) {
      await store.update((db, tx) => recordDecision(db, tx, { groupId: 'g1', actor: gustav, meeting: 2, item, outcome, decision: null }));
    }
    clock.set('2025-06-20T08:00:00.000Z');
    const m = await create(store, anna, '2025-09-10');
    // "Status på drift" ≈ "Status på drift og udfordringer"; "Status på lægesystemerne (certificering 2025)" ≈ the standing item.
    expect(m.items.filter((i) => i.carriedFrom).map((i) => i.title)).toEqual(['Forretningsregler for lægesystemerne']);
    expect(m.items).toHaveLength(7);
  });

  it('a previous meeting that has not taken place yet carries nothing over', async () => {
    const { store, clock } = await heldMeetingWithDecisions();
    clock.set('2025-02-10T08:00:00.000Z');
    const m = await create(store, anna, '2025-06-16');
    expect(m.items.map((i) => i.title)).toEqual(DEFAULT_STANDING_ITEMS);
  });
});

describe('flyt møde (moveMeeting)', () => {
  it('moves date and time; the planned reminders move in place (same ids), and the change is audited', async () => {
    const { store } = setup();
    await create(store, anna);
    const before = remindersOf(store.read(), 1);
    const { changed } = await store.update((db, tx) =>
      moveMeeting(db, tx, { groupId: 'g1', actor: gustav, number: 1, date: '2025-06-23', start: '09:00', end: '10:30' }),
    );
    expect(changed).toBe(true);
    expect(meetingOf(store.read(), 1)).toMatchObject({ date: '2025-06-23', start: '09:00', end: '10:30' });
    const after = remindersOf(store.read(), 1);
    expect(after.map((r) => r.id)).toEqual(before.map((r) => r.id));
    expect(after.map((r) => [r.kind, r.status, r.dueAt])).toEqual([
      ['T-14d', 'planned', '2025-06-06T07:00:00.000Z'], // 9 June is Whit Monday: the Friday before
      ['T-2d', 'planned', '2025-06-20T07:00:00.000Z'], // 21st is a Saturday: the working day before
      ['T-1h', 'planned', '2025-06-23T06:00:00.000Z'],
      ['T-7d-agenda', 'planned', '2025-06-16T07:00:00.000Z'],
    ]);
    expect(store.read().audit.at(-1)).toMatchObject({
      action: 'meeting.move',
      before: { date: '2025-06-16', start: '12:30', end: '14:00' },
      after: { date: '2025-06-23', start: '09:00', end: '10:30' },
    });
  });

  it('a start time alone keeps the duration; no time keeps the time of day', async () => {
    const { store } = setup();
    await create(store, anna);
    await store.update((db, tx) => moveMeeting(db, tx, { groupId: 'g1', actor: anna, number: 1, date: '2025-06-17', start: '13:00' }));
    expect(meetingOf(store.read(), 1)).toMatchObject({ date: '2025-06-17', start: '13:00', end: '14:30' });
    await store.update((db, tx) => moveMeeting(db, tx, { groupId: 'g1', actor: anna, number: 1, date: '2025-06-18' }));
    expect(meetingOf(store.read(), 1)).toMatchObject({ date: '2025-06-18', start: '13:00', end: '14:30' });
  });

  it('refuses a member, a cancelled meeting, an unknown meeting and a date taken by another meeting', async () => {
    const { store } = setup();
    await create(store, anna);
    await create(store, anna, '2025-10-22');
    await refused(
      store.update((db, tx) => moveMeeting(db, tx, { groupId: 'g1', actor: bent, number: 1, date: '2025-06-18' })),
      'not_chair_or_referent',
    );
    await refused(
      store.update((db, tx) => moveMeeting(db, tx, { groupId: 'g1', actor: anna, number: 1, date: '2025-10-22' })),
      'meeting_exists',
    );
    await refused(
      store.update((db, tx) => moveMeeting(db, tx, { groupId: 'g1', actor: anna, number: 9, date: '2025-10-23' })),
      'meeting_unknown',
    );
    await store.update((db, tx) => cancelMeeting(db, tx, { groupId: 'g1', actor: anna, number: 2 }));
    await refused(
      store.update((db, tx) => moveMeeting(db, tx, { groupId: 'g1', actor: anna, number: 2, date: '2025-10-23' })),
      'meeting_not_planned',
    );
  });
});

describe('aflys møde (cancelMeeting)', () => {
  it('cancels the meeting and its planned reminders, keeps a sent one as history; cancelling again changes nothing', async () => {
    const { store } = setup();
    await create(store, anna);
    await store.update((db) => Object.assign(db.reminders[0], { status: 'sent', sentAt: '2025-06-02T07:00:00.000Z', outboxId: 'o1' }));
    const first = await store.update((db, tx) => cancelMeeting(db, tx, { groupId: 'g1', actor: gustav, number: 1 }));
    expect(first.changed).toBe(true);
    expect(meetingOf(store.read(), 1).status).toBe('cancelled');
    expect(remindersOf(store.read(), 1).map((r) => [r.kind, r.status])).toEqual([
      ['T-14d', 'sent'],
      ['T-2d', 'cancelled'],
      ['T-1h', 'cancelled'],
      ['T-7d-agenda', 'cancelled'],
    ]);
    const audits = store.read().audit.length;
    const again = await store.update((db, tx) => cancelMeeting(db, tx, { groupId: 'g1', actor: gustav, number: 1 }));
    expect(again.changed).toBe(false);
    expect(store.read().audit.length).toBe(audits);
  });

  it('a member cannot cancel', async () => {
    const { store } = setup();
    await create(store, anna);
    await refused(
      store.update((db, tx) => cancelMeeting(db, tx, { groupId: 'g1', actor: bent, number: 1 })),
      'not_chair_or_referent',
    );
    expect(meetingOf(store.read(), 1).status).toBe('planned');
  });
});

describe('recordDecision', () => {
  const decide = (
    store: ReturnType<typeof setup>['store'],
    actor: Person,
    outcome: any = 'approved',
    decision: string | null = 'Referatet er godkendt uden bemærkninger.',
    item = 1,
  ) => store.update((db, tx) => recordDecision(db, tx, { groupId: 'g1', actor, meeting: 1, item, outcome, decision }));

  it('the referent records outcome, decision, who and when; audited with before and after', async () => {
    const { store } = setup();
    await create(store, anna);
    const { item, changed } = await decide(store, gustav);
    expect(changed).toBe(true);
    expect(item).toMatchObject({
      outcome: 'approved',
      decision: 'Referatet er godkendt uden bemærkninger.',
      by: 'aad-gustav',
      byName: 'Gustav Eng',
      at: '2025-05-01T08:00:00.000Z',
    });
    expect(store.read().audit.at(-1)).toMatchObject({
      action: 'item.decide',
      actor: 'aad-gustav',
      target: 'meeting 1 item 1',
      before: { outcome: null, decision: null, by: null, at: null },
      after: { outcome: 'approved', decision: 'Referatet er godkendt uden bemærkninger.', by: 'aad-gustav' },
    });
  });

  it('replaying the same decision changes nothing and adds no audit entry', async () => {
    const { store, clock } = setup();
    await create(store, anna);
    await decide(store, gustav);
    const snapshot = JSON.stringify(store.read());
    clock.set('2025-05-01T08:05:00.000Z');
    const again = await decide(store, gustav);
    expect(again.changed).toBe(false);
    expect(JSON.stringify(store.read())).toBe(snapshot);
  });

  it('the chair changes it later: new outcome and author, the audit keeps the old one', async () => {
    const { store } = setup();
    await create(store, anna);
    await decide(store, gustav);
    await decide(store, anna, 'postponed', 'Udsat til næste møde.');
    expect(meetingOf(store.read(), 1).items[0]).toMatchObject({ outcome: 'postponed', decision: 'Udsat til næste møde.', by: 'aad-anna' });
    expect(store.read().audit.at(-1)).toMatchObject({
      before: { outcome: 'approved', by: 'aad-gustav' },
      after: { outcome: 'postponed', by: 'aad-anna' },
    });
  });

  it('a member is refused and nothing changes', async () => {
    const { store } = setup();
    await create(store, anna);
    const before = JSON.stringify(store.read());
    await refused(decide(store, bent), 'not_chair_or_referent');
    expect(JSON.stringify(store.read())).toBe(before);
  });

  it('refuses once the minutes are approved, on a cancelled meeting, an unknown item and a text over 2000 characters', async () => {
    const { store } = setup();
    await create(store, anna);
    await refused(decide(store, anna, 'approved', 'x'.repeat(2001)), 'decision_too_long');
    await refused(decide(store, anna, 'approved', 'ok', 99), 'item_unknown');
    await refused(decide(store, anna, 'vetoed'), 'bad_input'); // 'rejected' is an outcome now (Ikke godkendt)
    await store.update((db: Db) => (meetingOf(db, 1).minutes.status = 'approved'));
    await refused(decide(store, anna), 'minutes_approved');
    await store.update((db: Db) => {
      meetingOf(db, 1).minutes.status = 'draft';
      meetingOf(db, 1).status = 'cancelled';
    });
    await refused(decide(store, anna), 'meeting_cancelled');
  });

  it('an empty decision text is stored as null (an outcome alone is enough)', async () => {
    const { store } = setup();
    await create(store, anna);
    const { item } = await decide(store, anna, 'noted', '   ');
    expect(item).toMatchObject({ outcome: 'noted', decision: null });
  });
});

describe('attendance', () => {
  it('records present and absent people, changes only what differs, audited', async () => {
    const { store } = setup();
    await create(store, anna);
    const set = (people: Person[], present: boolean, actor: Person = gustav) =>
      store.update((db, tx) => setAttendance(db, tx, { groupId: 'g1', actor, meeting: 1, people, present }));
    await set([anna, gustav], true);
    await set([bent], false);
    expect(meetingOf(store.read(), 1).attendance).toEqual([
      { name: 'Anna Holm', aadObjectId: 'aad-anna', present: true },
      { name: 'Gustav Eng', aadObjectId: 'aad-gustav', present: true },
      { name: 'Bent Lund', aadObjectId: 'aad-bent', present: false },
    ]);
    const audits = store.read().audit.length;
    expect((await set([anna], true)).changed).toEqual([]);
    expect(store.read().audit.length).toBe(audits);
    await set([bent], true);
    expect(meetingOf(store.read(), 1).attendance[2].present).toBe(true);
    await refused(set([anna], false, bent), 'not_chair_or_referent');
  });
});

describe('defaultMeeting', () => {
  it('is the linked meeting, else the next planned one from today', async () => {
    const { store, clock } = setup();
    await create(store, anna, '2025-06-16');
    await create(store, anna, '2025-10-22');
    const g = store.read().groups[0];
    expect(defaultMeeting(store.read(), g, clock.now()).number).toBe(1);
    expect(defaultMeeting(store.read(), g, clock.now(), 2).number).toBe(2);
    clock.set('2025-06-16T20:00:00.000Z'); // still the 16th in Copenhagen
    expect(defaultMeeting(store.read(), g, clock.now()).number).toBe(1);
    clock.set('2025-06-17T08:00:00.000Z');
    expect(defaultMeeting(store.read(), g, clock.now()).number).toBe(2);
  });
});

describe('posting the agenda (outbox)', () => {
  const conversation = {
    serviceUrl: 'https://smba.example/',
    channelId: 'msteams',
    conversationId: '19:g1@thread.v2',
    conversationType: 'groupChat' as const,
    tenantId: 't',
    botId: '28:bot',
  };
  const render = (_g: unknown, m: { items: { number: number }[] }) => ({
    overview: { type: 'message', text: 'overview' },
    items: m.items.map((i) => ({ number: i.number, activity: { type: 'message', text: `item ${i.number}` } })),
  });

  it('queues the overview and every item in order for the chat; the sent ids are recorded per card', async () => {
    const { store } = setup();
    await create(store, anna);
    const r = await store.update((db, tx) => postAgenda(db, tx, { groupId: 'g1', actor: gustav, meeting: 1, conversation, render }));
    expect(r.queued).toBe(7);
    const outbox = store.read().outbox;
    expect(outbox.map((o) => o.purpose)).toEqual(['agenda:g1:1:overview', ...[1, 2, 3, 4, 5, 6].map((n) => `agenda:g1:1:${n}`)]);
    expect(outbox.every((o) => o.status === 'queued' && o.conversation.conversationId === '19:g1@thread.v2')).toBe(true);
    await store.update((db) => {
      for (const [i, o] of db.outbox.entries())
        recordAgendaCard(db, o.ref as OutboxRefOf<'agendaCard'>, { conversationId: o.conversation.conversationId, activityId: `a${i}` });
    });
    expect(meetingOf(store.read(), 1).overviewCard).toEqual({ conversationId: '19:g1@thread.v2', activityId: 'a0' });
    expect(meetingOf(store.read(), 1).items.map((i) => i.card?.activityId)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6']);
  });

  it('a member cannot post the agenda; nothing is queued', async () => {
    const { store } = setup();
    await create(store, anna);
    await refused(
      store.update((db, tx) => postAgenda(db, tx, { groupId: 'g1', actor: bent, meeting: 1, conversation, render })),
      'not_chair_or_referent',
    );
    expect(store.read().outbox).toEqual([]);
  });
});
