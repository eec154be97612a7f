import { describe, expect, it } from 'vitest';
import type { Reminder } from '../../../src/domain/model.js';
import { createReminderSweep, dueReminders, syncReminderPlan, type SendReminder } from '../../../src/scheduler/reminders.js';
import { tinyStore } from '../../helpers/tiny-store.js';
import { group, meeting } from './builders.js';

const iso = (s: string) => new Date(s);

/**
 * Group g1 with meeting 1 on Tuesday 16 June 2026 12:30 and its default plan (T-14d, T-2d, T-1h).
 * Its agenda was already sent by hand, so no T-7d-agenda row is planned: these tests are about the
 * sweep, not the kinds (the agenda's publication: test/unit/time/reminder-sync.test.ts).
 */
async function setup() {
  const store = tinyStore({ clock: { now: () => iso('2026-05-01T08:00:00Z') } });
  store.db.groups.push(group('g1'));
  store.db.meetings.push(meeting('g1', 1, '2026-06-16', '12:30', { agendaSentAt: '2026-05-01T08:00:00.000Z' }));
  await store.update((db, tx) => syncReminderPlan(db, tx, 'g1', 1));
  const sent: Array<{ id: string; status: string }> = [];
  const send: SendReminder = async (r) => {
    // What the outbox sees: the reminder is already durably claimed.
    sent.push({ id: r.id, status: store.db.reminders.find((x) => x.id === r.id)!.status });
    return { outboxId: `out-${r.id}` };
  };
  return { store, sent, send, kind: (k: string) => store.db.reminders.find((r) => r.kind === k)! };
}

describe('dueReminders', () => {
  it('selects due reminders, flags late ones, and expires those whose meeting has begun', async () => {
    const { store } = await setup();
    expect(dueReminders(store.db, iso('2026-06-02T06:59:59Z')).send).toEqual([]);
    const onTime = dueReminders(store.db, iso('2026-06-02T07:04:00Z'));
    expect(onTime.send.map((s) => [s.reminder.kind, s.late])).toEqual([['T-14d', false]]);
    const later = dueReminders(store.db, iso('2026-06-16T10:29:00Z'));
    expect(later.send.map((s) => [s.reminder.kind, s.late])).toEqual([
      ['T-14d', true],
      ['T-2d', true],
      ['T-1h', true],
    ]);
    const begun = dueReminders(store.db, iso('2026-06-16T10:30:00Z'));
    expect(begun.send).toEqual([]);
    expect(begun.expire.map((r) => r.kind)).toEqual(['T-14d', 'T-2d', 'T-1h']);
  });

  it('cancels reminders of a cancelled meeting and of closed rounds and done actions', async () => {
    const { store } = await setup();
    store.db.meetings[0].status = 'cancelled';
    store.db.reminders.push({
      id: 'v',
      groupId: 'g1',
      meeting: null,
      kind: 'nudge-vote',
      to: null,
      dueAt: '2026-06-01T07:00:00.000Z',
      status: 'planned',
      late: false,
      sentAt: null,
      outboxId: null,
      ref: 'R9',
    });
    const sel = dueReminders(store.db, iso('2026-06-03T07:00:00Z'));
    expect(sel.cancel.map((r) => r.id).sort()).toEqual([store.db.reminders[0].id, 'v'].sort());
  });

  it('resumes a reminder stuck in sending by a dead process, unless this process is sending it', async () => {
    const { store, kind } = await setup();
    kind('T-2d').status = 'sending';
    expect(dueReminders(store.db, iso('2026-06-12T07:30:00Z')).resume.map((r) => r.kind)).toEqual(['T-2d']);
    expect(dueReminders(store.db, iso('2026-06-12T07:30:00Z'), { inFlight: new Set([kind('T-2d').id]) }).resume).toEqual([]);
    expect(dueReminders(store.db, iso('2026-06-16T11:00:00Z')).uncertain.map((r) => r.kind)).toEqual(['T-2d']);
  });
});

describe('reminder sweep', () => {
  it('claims, sends and records each due reminder once', async () => {
    const { store, sent, send, kind } = await setup();
    const sweep = createReminderSweep({ store, send });
    expect(await sweep.run(iso('2026-06-02T07:00:00Z'))).toMatchObject({ sent: 1, late: 0 });
    expect(sent).toEqual([{ id: kind('T-14d').id, status: 'sending' }]);
    expect(kind('T-14d')).toMatchObject({
      status: 'sent',
      outboxId: `out-${kind('T-14d').id}`,
      sentAt: '2026-06-02T07:00:00.000Z',
      late: false,
    });
    await sweep.run(iso('2026-06-02T07:01:00Z'));
    expect(sent).toHaveLength(1);
  });

  it('does not write when nothing is due', async () => {
    const { store, send } = await setup();
    const sweep = createReminderSweep({ store, send });
    const before = store.writes;
    await sweep.run(iso('2026-06-01T07:00:00Z'));
    expect(store.writes).toBe(before);
  });

  it('puts a reminder back when the send fails and sends it on a later tick, flagged late when over 5 minutes', async () => {
    const { store, send, kind } = await setup();
    Object.assign(kind('T-14d'), { status: 'sent', sentAt: '2026-06-02T07:00:00.000Z', outboxId: 'o0' });
    let failures = 7;
    const flaky: SendReminder = (r) => (failures-- > 0 ? Promise.reject(new Error('outbox full')) : send(r));
    const sweep = createReminderSweep({ store, send: flaky });
    for (let m = 0; m <= 7; m++) {
      const counts = await sweep.run(new Date(Date.parse('2026-06-12T07:00:00Z') + m * 60_000));
      expect(counts.failed).toBe(m < 7 ? 1 : 0);
      if (m < 7) expect(kind('T-2d').status).toBe('planned');
    }
    expect(kind('T-2d')).toMatchObject({ status: 'sent', late: true, sentAt: '2026-06-12T07:07:00.000Z' });
  });

  it('expires (and audits) reminders that could not go out before the meeting began', async () => {
    const { store, sent, send } = await setup();
    const sweep = createReminderSweep({ store, send });
    const counts = await sweep.run(iso('2026-06-16T10:31:00Z'));
    expect(counts).toMatchObject({ sent: 0, expired: 3 });
    expect(sent).toEqual([]);
    expect(store.db.reminders.every((r: Reminder) => r.status === 'expired')).toBe(true);
    expect(store.db.audit.map((a) => a.action)).toEqual(['reminder.expired', 'reminder.expired', 'reminder.expired']);
  });

  it('records nothing as sent when the process dies after the claim; the next process resends once', async () => {
    const { store, send, kind } = await setup();
    let alive = true;
    const outbox = new Map<string, string>();
    // An idempotent outbox, keyed on the reminder id (the port's contract).
    const idempotent: SendReminder = async (r) => {
      if (!outbox.has(r.id)) outbox.set(r.id, (await send(r)).outboxId);
      return { outboxId: outbox.get(r.id)! };
    };
    // The outbox takes the message, then the process dies before it can record "sent".
    const dying = createReminderSweep({
      store: store.view(() => alive),
      send: async (r) => {
        const out = await idempotent(r);
        alive = false;
        return out;
      },
    });
    await dying.run(iso('2026-06-02T07:00:00Z'));
    expect(kind('T-14d').status).toBe('sending');
    const next = createReminderSweep({ store, send: idempotent });
    expect(await next.run(iso('2026-06-02T07:01:00Z'))).toMatchObject({ resumed: 1, sent: 1 });
    expect(kind('T-14d')).toMatchObject({ status: 'sent', outboxId: `out-${kind('T-14d').id}` });
    expect(outbox.size).toBe(1);
  });
});

describe('stored instants in another format', () => {
  it('are still compared correctly (hand-written offsets, missing milliseconds)', async () => {
    const { store } = await setup();
    store.db.reminders.push(
      {
        id: 'x1',
        groupId: 'g1',
        meeting: 1,
        kind: 'nudge-action',
        to: 'u',
        dueAt: '2026-06-12T09:00:00+02:00',
        status: 'planned',
        late: false,
        sentAt: null,
        outboxId: null,
        ref: null,
      },
      {
        id: 'x2',
        groupId: 'g1',
        meeting: 1,
        kind: 'nudge-action',
        to: 'v',
        dueAt: '2026-06-12T07:00:01Z',
        status: 'planned',
        late: false,
        sentAt: null,
        outboxId: null,
        ref: null,
      },
    );
    const ids = (at: string) =>
      dueReminders(store.db, iso(at))
        .send.map((s) => s.reminder.id)
        .filter((id) => id.startsWith('x'));
    expect(ids('2026-06-12T06:59:59.999Z')).toEqual([]);
    expect(ids('2026-06-12T07:00:00.000Z')).toEqual(['x1']);
    expect(ids('2026-06-12T07:00:01.000Z')).toEqual(['x1', 'x2']);
  });
});
