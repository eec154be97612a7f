/**
 * Exactly-once reminders under restarts, an outage and a failing send port, with a fake clock.
 *
 * The poller is simulated faithfully (a tick every minute) through two 18-day windows around the
 * 2026 DST switches. Each seed draws: five restarts (three at busy minutes, where a reminder is
 * due, so the crash can land between claim and send or between send and record; two anywhere),
 * a 30-minute outage with no ticks, and a stretch where the send port fails 3 times. A "restart"
 * kills the current incarnation after k of its operations (store writes and sends), then builds a
 * new runner over the same store, as a new process would.
 */
import { describe, expect, it } from 'vitest';
import type { Reminder } from '../../../src/domain/model.js';
import { localToInstant } from '../../../src/domain/dates.js';
import { createJobRunner } from '../../../src/scheduler/job-runner.js';
import { addJob } from '../../../src/scheduler/jobs.js';
import { createReminderSweep, syncReminderPlan, type SendReminder } from '../../../src/scheduler/reminders.js';
import { tinyStore } from '../../helpers/tiny-store.js';
import { group, meeting } from './builders.js';

const MIN = 60_000;
const WINDOWS = [
  [Date.parse('2026-03-14T00:00:00Z'), Date.parse('2026-04-01T00:00:00Z')],
  [Date.parse('2026-10-10T00:00:00Z'), Date.parse('2026-10-28T00:00:00Z')],
];
const MEETINGS: Array<[number, string, string]> = [
  [1, '2026-03-30', '10:00'], // T-2d Saturday → Friday, across the spring switch
  [2, '2026-03-29', '03:30'], // first hour of summer time; T-1h is in winter time
  [3, '2026-03-31', '12:30'],
  [4, '2026-03-26', '12:30'], // cancelled during the run
  [5, '2026-10-26', '10:00'], // T-2d Saturday → Friday, across the autumn switch
  [6, '2026-10-25', '02:30'], // the repeated hour: first occurrence
  [7, '2026-10-27', '08:40'],
];

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function scenario(seed: number) {
  const rnd = mulberry32(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  let now = WINDOWS[0][0];
  const clock = { now: () => new Date(now) };
  const store = tinyStore({ clock });
  store.db.groups.push(group('g1'));
  for (const [n, date, start] of MEETINGS) store.db.meetings.push(meeting('g1', n, date, start));
  // A stale plan for a meeting that is already over: must expire, never be sent.
  store.db.meetings.push(meeting('g1', 9, '2026-03-10', '12:30'));
  store.db.reminders.push({
    id: 'stale',
    groupId: 'g1',
    meeting: 9,
    kind: 'T-1h',
    to: null,
    dueAt: '2026-03-10T10:30:00.000Z',
    status: 'planned',
    late: false,
    sentAt: null,
    outboxId: null,
    ref: null,
  });
  await store.update((db, tx) => {
    for (const [n] of MEETINGS) syncReminderPlan(db, tx, 'g1', n);
    for (let i = 0; i < 3; i++)
      addJob(db, tx, { kind: 'ping', dueAt: new Date(WINDOWS[i % 2][0] + Math.floor(rnd() * 17 * 1440) * MIN), payload: { i } });
  });
  const planned = store.db.reminders.filter((r) => r.status === 'planned' && r.id !== 'stale').map((r) => ({ ...r }));
  const busy = planned.map((r) => Date.parse(r.dueAt));
  const allMinutes = WINDOWS.flatMap(([a, b]) => [a + Math.floor(rnd() * ((b - a) / MIN)) * MIN]);

  const restarts = new Set([...[0, 1, 2].map(() => pick(busy)), ...allMinutes.slice(0, 2)]);
  const outageStart = pick(busy) - Math.floor(rnd() * 10) * MIN;
  const failFrom = pick(busy);
  const cancelAt = Date.parse('2026-03-17T12:00:00Z') + Math.floor(rnd() * 6 * 1440) * MIN; // between M4's T-14d and T-2d

  // The idempotent outbox: one delivery per reminder id, whatever the number of calls.
  const deliveries = new Map<string, { at: number; count: number }>();
  let failuresLeft = 3;
  const outbox: SendReminder = async (r) => {
    if (now >= failFrom && failuresLeft > 0) {
      failuresLeft--;
      throw new Error('outbox unavailable');
    }
    const d = deliveries.get(r.id);
    if (d) return { outboxId: `o-${r.id}` };
    deliveries.set(r.id, { at: now, count: 1 });
    return { outboxId: `o-${r.id}` };
  };
  const jobRuns: Array<{ i: unknown; recovered: boolean }> = [];

  function incarnation(killAfter = Infinity) {
    let ops = 0;
    let alive = true;
    const step = () => {
      if (!alive || ++ops > killAfter) alive = false;
      return alive;
    };
    const enqueueThenDie = rnd() < 0.5;
    const view = store.view(() => step());
    const send: SendReminder = async (r) => {
      if (step()) return outbox(r);
      if (enqueueThenDie) await outbox(r).catch(() => undefined);
      throw new Error('process died');
    };
    const runner = createJobRunner({
      store: view,
      clock,
      handlers: {
        ping: async (j, ctx) => {
          if (step()) jobRuns.push({ i: j.payload.i, recovered: ctx.recovered });
          else throw new Error('process died');
        },
      },
      sweeps: [createReminderSweep({ store: view, send })],
    });
    return runner;
  }

  let runner = incarnation();
  let ticks = 0;
  const seen = { resumed: 0, late: 0, crashedMidTick: 0 };
  for (const [from, to] of WINDOWS) {
    for (now = from; now < to; now += MIN) {
      if (now === cancelAt) {
        await store.update((db, tx) => {
          db.meetings.find((m) => m.number === 4)!.status = 'cancelled';
          syncReminderPlan(db, tx, 'g1', 4);
        });
      }
      if (now >= outageStart && now < outageStart + 30 * MIN) continue;
      if (restarts.has(now)) {
        await incarnation(Math.floor(rnd() * 4)).tick(new Date(now)); // dies after 0–3 operations
        // Left a claim behind: the crash hit between "sending" and "sent".
        if (store.db.reminders.some((r) => r.status === 'sending')) seen.crashedMidTick++;
        runner = incarnation();
        continue;
      }
      const report = await runner.tick(new Date(now));
      const counts = report.sweeps.reminders ?? {};
      seen.resumed += counts.resumed ?? 0;
      seen.late += counts.late ?? 0;
      ticks++;
    }
  }
  return { store, planned, deliveries, jobRuns, ticks, seen: { ...seen, failed: 3 - failuresLeft } };
}

describe('reminders are sent exactly once', () => {
  const seenAll = { resumed: 0, crashedMidTick: 0 };
  it.each([1, 2, 3, 4, 5, 6])('through restarts, an outage and send failures (seed %i)', async (seed) => {
    const { store, planned, deliveries, jobRuns, seen } = await scenario(seed);
    // The scenario really did hit the hard cases (otherwise this test proves nothing).
    expect(seen.failed).toBe(3);
    expect(seen.late).toBeGreaterThanOrEqual(1);
    seenAll.resumed += seen.resumed;
    seenAll.crashedMidTick += seen.crashedMidTick;
    const start = (n: number) => {
      const m = store.db.meetings.find((x) => x.number === n)!;
      return localToInstant(m.date, m.start, 'Europe/Copenhagen').getTime();
    };
    const byId = new Map(store.db.reminders.map((r) => [r.id, r]));
    let sent = 0;
    for (const p of planned) {
      const r = byId.get(p.id) as Reminder;
      if (r.meeting === 4 && r.status === 'cancelled') {
        expect(deliveries.has(r.id)).toBe(false);
        continue;
      }
      expect(r.status, `${r.kind} of meeting ${r.meeting}`).toBe('sent');
      const d = deliveries.get(r.id)!;
      expect(d.count).toBe(1);
      expect(r.outboxId).toBe(`o-${r.id}`);
      expect(d.at).toBeGreaterThanOrEqual(Date.parse(r.dueAt));
      expect(d.at).toBeLessThan(start(r.meeting!)); // never for a meeting that has begun
      const delay = Date.parse(r.sentAt!) - Date.parse(r.dueAt);
      if (delay > 5 * MIN) expect(r.late, `${r.kind} of meeting ${r.meeting} was ${delay / MIN} min late`).toBe(true);
      sent++;
    }
    expect(sent).toBeGreaterThanOrEqual(14);
    expect(byId.get('stale')!.status).toBe('expired');
    expect(deliveries.has('stale')).toBe(false);
    expect(store.db.reminders.some((r) => r.status === 'sending' || r.status === 'planned' || r.status === 'uncertain')).toBe(false);
    // Jobs: each done; a second run only ever as a declared recovery.
    expect(store.db.jobs.every((j) => j.status === 'done')).toBe(true);
    for (const i of [0, 1, 2]) {
      const runs = jobRuns.filter((r) => r.i === i);
      expect(runs.length).toBeGreaterThanOrEqual(1);
      expect(runs.slice(1).every((r) => r.recovered)).toBe(true);
    }
  });

  it('covered crashes in the middle of a tick, resumed by the next process', () => {
    expect(seenAll.crashedMidTick).toBeGreaterThanOrEqual(3);
    expect(seenAll.resumed).toBeGreaterThanOrEqual(1);
  });
});
