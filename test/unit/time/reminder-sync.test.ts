import { describe, expect, it } from 'vitest';
import type { Db, VoteRound } from '../../../src/domain/model.js';
import { syncReminderPlan, syncVoteNudge } from '../../../src/scheduler/reminders.js';
import { tinyStore } from '../../helpers/tiny-store.js';
import { group, meeting, remindersOf } from './builders.js';

function setup(nowIso = '2026-05-01T08:00:00.000Z') {
  let now = new Date(nowIso);
  const store = tinyStore({ clock: { now: () => now } });
  store.db.groups.push(group('g1'));
  const sync = (n = 1) => store.update((db, tx) => syncReminderPlan(db, tx, 'g1', n));
  const edit = (fn: (db: Db) => void) => store.update((db) => fn(db));
  return { store, sync, edit, setNow: (iso: string) => (now = new Date(iso)) };
}

const planned = (db: Db) => db.reminders.filter((r) => r.status === 'planned').map((r) => [r.kind, r.dueAt]);

describe('syncReminderPlan', () => {
  it('plans a new meeting, and re-syncing changes nothing', async () => {
    const { store, sync } = setup();
    store.db.meetings.push(meeting('g1', 1, '2026-06-16', '12:30'));
    // The offset reminders and the agenda's publication a week before (domain/agenda-publication.ts).
    expect(await sync()).toEqual({ created: 4, moved: 0, cancelled: 0, kept: 0 });
    expect(remindersOf(store.db, 'g1', 1)).toEqual([
      ['T-14d', 'planned', '2026-06-02T07:00:00.000Z'],
      ['T-2d', 'planned', '2026-06-12T07:00:00.000Z'],
      ['T-1h', 'planned', '2026-06-16T09:30:00.000Z'],
      ['T-7d-agenda', 'planned', '2026-06-09T07:00:00.000Z'],
    ]);
    expect(store.db.reminders[0]).toMatchObject({ to: null, late: false, sentAt: null, outboxId: null });
    expect(await sync()).toEqual({ created: 0, moved: 0, cancelled: 0, kept: 4 });
    expect(store.db.reminders).toHaveLength(4);
  });

  it('moves planned reminders in place when the meeting moves, and keeps the sent ones as they were', async () => {
    const { store, sync, edit, setNow } = setup();
    store.db.meetings.push(meeting('g1', 1, '2026-06-16', '12:30'));
    await sync();
    const [t14, t2] = store.db.reminders.map((r) => r.id);
    await edit((db) => Object.assign(db.reminders[0], { status: 'sent', sentAt: '2026-06-02T07:00:00.000Z', outboxId: 'o1' }));
    setNow('2026-06-05T10:00:00.000Z');
    await edit((db) => (db.meetings[0].date = '2026-06-23'));
    expect(await sync()).toEqual({ created: 1, moved: 3, cancelled: 0, kept: 0 });
    expect(store.db.reminders.find((r) => r.id === t14)).toMatchObject({
      status: 'sent',
      dueAt: '2026-06-02T07:00:00.000Z',
      outboxId: 'o1',
    });
    expect(store.db.reminders.find((r) => r.id === t2)).toMatchObject({ status: 'planned', dueAt: '2026-06-19T07:00:00.000Z' });
    // The new date gets its own "14 days to go", because that instant is still ahead.
    expect(planned(store.db)).toEqual([
      ['T-2d', '2026-06-19T07:00:00.000Z'],
      ['T-1h', '2026-06-23T09:30:00.000Z'],
      ['T-7d-agenda', '2026-06-16T07:00:00.000Z'],
      ['T-14d', '2026-06-09T07:00:00.000Z'],
    ]);
  });

  it('plans only future reminders for a meeting created at short notice', async () => {
    const { store, sync } = setup('2026-06-11T12:00:00.000Z');
    store.db.meetings.push(meeting('g1', 1, '2026-06-16', '12:30'));
    await sync();
    expect(planned(store.db)).toEqual([
      ['T-2d', '2026-06-12T07:00:00.000Z'],
      ['T-1h', '2026-06-16T09:30:00.000Z'],
    ]);
  });

  it('keeps an unchanged reminder that is already due (the runner may be about to send it)', async () => {
    const { store, sync, setNow } = setup();
    store.db.meetings.push(meeting('g1', 1, '2026-06-16', '12:30'));
    await sync();
    setNow('2026-06-12T07:10:00.000Z'); // T-2d due ten minutes ago, not sent yet (outage)
    expect(await sync()).toEqual({ created: 0, moved: 0, cancelled: 0, kept: 4 });
    expect(planned(store.db)).toHaveLength(4);
  });

  it('cancels planned reminders with the meeting, and brings them back if it is planned again', async () => {
    const { store, sync, edit } = setup();
    store.db.meetings.push(meeting('g1', 1, '2026-06-16', '12:30'));
    await sync();
    await edit((db) => (db.meetings[0].status = 'cancelled'));
    expect(await sync()).toEqual({ created: 0, moved: 0, cancelled: 4, kept: 0 });
    expect(store.db.reminders.every((r) => r.status === 'cancelled')).toBe(true);
    await edit((db) => (db.meetings[0].status = 'planned'));
    expect(await sync()).toEqual({ created: 0, moved: 4, cancelled: 0, kept: 0 });
    expect(store.db.reminders).toHaveLength(4);
    expect(planned(store.db)).toHaveLength(4);
  });

  it('follows a change of the group’s offsets', async () => {
    const { store, sync, edit } = setup();
    store.db.meetings.push(meeting('g1', 1, '2026-06-16', '12:30'));
    await sync();
    await edit((db) => (db.groups[0].reminderOffsets = { days: [7], hours: [1], atTime: '10:00' }));
    // The agenda's publication moves to the new time of day (09:00 -> 10:00).
    expect(await sync()).toEqual({ created: 1, moved: 1, cancelled: 2, kept: 1 });
    expect(planned(store.db)).toEqual([
      ['T-1h', '2026-06-16T09:30:00.000Z'],
      ['T-7d-agenda', '2026-06-09T08:00:00.000Z'],
      ['T-7d', '2026-06-09T08:00:00.000Z'],
    ]);
  });

  it('moves the meeting’s action nudges to the new T-2d time and cancels them with it', async () => {
    const { store, sync, edit } = setup();
    store.db.meetings.push(meeting('g1', 1, '2026-06-16', '12:30'));
    await edit((db) =>
      db.reminders.push({
        id: 'n1',
        groupId: 'g1',
        meeting: 1,
        kind: 'nudge-action',
        to: 'aad-1',
        dueAt: '2026-06-12T07:00:00.000Z',
        status: 'planned',
        late: false,
        sentAt: null,
        outboxId: null,
        ref: 'A1',
      }),
    );
    await edit((db) => (db.meetings[0].date = '2026-10-26'));
    await sync();
    expect(store.db.reminders.find((r) => r.id === 'n1')).toMatchObject({
      status: 'planned',
      dueAt: '2026-10-23T07:00:00.000Z',
      to: 'aad-1',
    });
    await edit((db) => (db.meetings[0].status = 'cancelled'));
    await sync();
    expect(store.db.reminders.find((r) => r.id === 'n1')!.status).toBe('cancelled');
  });

  it('refuses an unknown group', async () => {
    const { store } = setup();
    await expect(store.update((db, tx) => syncReminderPlan(db, tx, 'nope', 1))).rejects.toThrow(RangeError);
  });
});

describe('syncVoteNudge', () => {
  const round = (deadline: string, status: VoteRound['status'] = 'open'): VoteRound => ({
    groupId: 'g1',
    id: 'R1',
    status,
    openedBy: 'x',
    openedAt: '2026-03-01T08:00:00.000Z',
    deadline,
    meeting: null,
    riskIds: [],
    ballots: [],
    result: null,
    overrides: {},
    closedAt: null,
    closedBy: null,
  });
  const nudge = (store: ReturnType<typeof setup>['store'], id = 'R1') => store.update((db, tx) => syncVoteNudge(db, tx, 'g1', id));

  it('plans one nudge on the working day before the deadline, moves it, and cancels it when the round closes', async () => {
    const { store, edit } = setup('2026-03-20T08:00:00.000Z');
    store.db.voteRounds.push(round('2026-03-30T10:00:00.000Z'));
    expect(await nudge(store)).toMatchObject({ created: 1 });
    expect(await nudge(store)).toMatchObject({ created: 0, kept: 1 });
    expect(store.db.reminders.map((r) => [r.kind, r.ref, r.dueAt])).toEqual([['nudge-vote', 'R1', '2026-03-27T08:00:00.000Z']]);
    await edit((db) => (db.voteRounds[0].deadline = '2026-04-07T10:00:00.000Z'));
    expect(await nudge(store)).toMatchObject({ moved: 1 });
    expect(store.db.reminders[0].dueAt).toBe('2026-04-01T07:00:00.000Z');
    await edit((db) => (db.voteRounds[0].status = 'closed'));
    expect(await nudge(store)).toMatchObject({ cancelled: 1 });
    expect(store.db.reminders[0].status).toBe('cancelled');
  });

  it('plans no nudge when its time has already passed', async () => {
    const { store } = setup('2026-03-27T12:00:00.000Z');
    store.db.voteRounds.push(round('2026-03-30T10:00:00.000Z'));
    expect(await nudge(store)).toEqual({ created: 0, moved: 0, cancelled: 0, kept: 0 });
  });
});
