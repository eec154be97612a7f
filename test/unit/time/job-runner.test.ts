import { afterEach, describe, expect, it, vi } from 'vitest';
import { createJobRunner, type JobHandler } from '../../../src/scheduler/job-runner.js';
import { addJob, cancelJobs, type JobState } from '../../../src/scheduler/jobs.js';
import { tinyStore } from '../../helpers/tiny-store.js';

const T0 = Date.parse('2026-06-02T07:00:00Z');
const at = (min: number) => new Date(T0 + min * 60_000);

function setup(handlers: Record<string, JobHandler>, extra: Partial<Parameters<typeof createJobRunner>[0]> = {}) {
  let now = at(0);
  const clock = { now: () => now };
  const store = tinyStore({ clock });
  const runner = createJobRunner({ store, clock, handlers, ...extra });
  return { store, runner, clock, setNow: (d: Date) => (now = d), job: (id: string) => store.db.jobs.find((j) => j.id === id) as JobState };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('job runner', () => {
  it('runs due pending jobs oldest first and leaves future ones alone', async () => {
    const ran: string[] = [];
    const { store, runner, job } = setup({ close: async (j) => void ran.push(String(j.payload.round)) });
    const [a, b, c] = await store.update((db, tx) => [
      addJob(db, tx, { kind: 'close', dueAt: at(5), payload: { round: 'late' } }),
      addJob(db, tx, { kind: 'close', dueAt: at(1), payload: { round: 'early' } }),
      addJob(db, tx, { kind: 'close', dueAt: at(60), payload: { round: 'future' } }),
    ]);
    const report = await runner.tick(at(10));
    expect(ran).toEqual(['early', 'late']);
    expect(report.jobs).toEqual({ done: 2, retried: 0, failed: 0 });
    expect(job(a.id)).toMatchObject({ status: 'done', doneAt: at(10).toISOString(), attempts: 1, claimedAt: null });
    expect(job(b.id).status).toBe('done');
    expect(job(c.id).status).toBe('pending');
  });

  it('records the claim durably before the handler runs', async () => {
    let seen: JobState | undefined;
    const { store, runner } = setup({
      k: async (j) => void (seen = structuredClone(store.db.jobs.find((x) => x.id === j.id) as JobState)),
    });
    await store.update((db, tx) => addJob(db, tx, { kind: 'k', dueAt: at(0) }));
    await runner.tick(at(1));
    expect(seen).toMatchObject({ status: 'pending', attempts: 1, claimedAt: at(1).toISOString() });
  });

  it('retries a failing handler with growing backoff, then marks it failed', async () => {
    const attempts: number[] = [];
    const { store, runner, job } = setup(
      {
        flaky: async (_j, ctx) => {
          attempts.push(ctx.attempt);
          throw new Error('connector down');
        },
      },
      { maxAttempts: 3 },
    );
    const j = await store.update((db, tx) => addJob(db, tx, { kind: 'flaky', dueAt: at(0) }));
    await runner.tick(at(0));
    expect(job(j.id)).toMatchObject({ status: 'pending', error: 'connector down', dueAt: at(1).toISOString() });
    await runner.tick(at(0.5)); // not due yet
    await runner.tick(at(1));
    expect(job(j.id).dueAt).toBe(at(3).toISOString()); // 2 minutes after the second attempt
    const report = await runner.tick(at(3));
    expect(report.jobs.failed).toBe(1);
    expect(job(j.id)).toMatchObject({ status: 'failed', attempts: 3, error: 'connector down', doneAt: at(3).toISOString() });
    expect(attempts).toEqual([1, 2, 3]);
  });

  it('does not repeat a job blindly after a crash: waits for the lease, then says it is a recovery', async () => {
    let alive = true;
    const { store, job } = setup({});
    const j = await store.update((db, tx) => addJob(db, tx, { kind: 'close', dueAt: at(0) }));
    const clock = { now: () => at(0) };
    // First process: the handler is running when the process dies (its result write is refused).
    const first = createJobRunner({ store: store.view(() => alive), clock, handlers: { close: async () => void (alive = false) } });
    await first.tick(at(0));
    expect(job(j.id)).toMatchObject({ status: 'pending', attempts: 1, claimedAt: at(0).toISOString() });

    const calls: Array<{ attempt: number; recovered: boolean }> = [];
    const second = createJobRunner({
      store,
      clock,
      handlers: { close: async (_j, ctx) => void calls.push({ attempt: ctx.attempt, recovered: ctx.recovered }) },
    });
    await second.tick(at(1));
    expect(calls).toEqual([]); // still inside the 5-minute lease
    await second.tick(at(5));
    expect(calls).toEqual([{ attempt: 2, recovered: true }]);
    expect(job(j.id).status).toBe('done');
  });

  it('gives up on a job that keeps killing the process', async () => {
    const { store, job } = setup({});
    const j = await store.update((db, tx) => addJob(db, tx, { kind: 'poison', dueAt: at(0) }));
    let runs = 0;
    for (let i = 0; i < 4; i++) {
      let alive = true;
      const r = createJobRunner({
        store: store.view(() => alive),
        clock: { now: () => at(0) },
        handlers: {
          poison: async () => {
            runs++;
            alive = false;
          },
        },
        maxAttempts: 3,
      });
      await r.tick(at(i * 10));
    }
    expect(runs).toBe(3);
    expect(job(j.id)).toMatchObject({ status: 'failed', attempts: 3 });
    expect(job(j.id).error).toMatch(/gave up after 3 runs/);
  });

  it('fails a job with no handler at once (a wiring bug, not worth retrying)', async () => {
    const { store, runner, job } = setup({});
    const j = await store.update((db, tx) => addJob(db, tx, { kind: 'nobody', dueAt: at(0) }));
    await runner.tick(at(0));
    expect(job(j.id)).toMatchObject({ status: 'failed', attempts: 1, error: 'no handler for job kind "nobody"' });
  });

  it('does not write to the store when nothing is due', async () => {
    const { store, runner } = setup({ k: async () => {} });
    await store.update((db, tx) => addJob(db, tx, { kind: 'k', dueAt: at(60) }));
    const before = store.writes;
    for (let m = 0; m < 30; m++) await runner.tick(at(m));
    expect(store.writes).toBe(before);
  });

  it('never runs two ticks at once', async () => {
    let release!: () => void;
    let runs = 0;
    const { store, runner } = setup({
      slow: () => {
        runs++;
        return new Promise<void>((r) => (release = r));
      },
    });
    await store.update((db, tx) => addJob(db, tx, { kind: 'slow', dueAt: at(0) }));
    const t1 = runner.tick(at(0));
    const t2 = runner.tick(at(0));
    expect(t2).toBe(t1);
    await vi.waitFor(() => expect(runs).toBe(1));
    release();
    await t1;
    expect(runs).toBe(1);
  });

  it('cancels pending jobs only, and validates new ones', async () => {
    const { store, runner } = setup({ k: async () => {} });
    await store.update((db, tx) => {
      addJob(db, tx, { kind: 'k', dueAt: at(0), payload: { round: 'R1' } });
      addJob(db, tx, { kind: 'k', dueAt: at(90), payload: { round: 'R1' } });
      addJob(db, tx, { kind: 'k', dueAt: at(90), payload: { round: 'R2' } });
    });
    await runner.tick(at(1)); // the first is done now
    const removed = await store.update((db) => cancelJobs(db, (j) => j.payload.round === 'R1'));
    expect(removed).toHaveLength(1);
    expect(store.db.jobs.map((j) => [j.payload.round, j.status])).toEqual([
      ['R1', 'done'],
      ['R2', 'pending'],
    ]);
    await expect(store.update((db, tx) => addJob(db, tx, { kind: 'k', dueAt: 'next week' }))).rejects.toThrow(RangeError);
    const j = await runner.schedule({ kind: 'k', dueAt: '2026-06-02T09:00:00+02:00' });
    expect(j.dueAt).toBe('2026-06-02T07:00:00.000Z');
  });

  it('runs the sweeps after the jobs and survives a failing one', async () => {
    const order: string[] = [];
    const { store, runner } = setup(
      { k: async () => void order.push('job') },
      {
        sweeps: [
          {
            name: 'broken',
            run: async () => {
              throw new Error('boom');
            },
          },
          { name: 'reminders', run: async () => (order.push('sweep'), { sent: 1 }) },
        ],
      },
    );
    await store.update((db, tx) => addJob(db, tx, { kind: 'k', dueAt: at(0) }));
    const report = await runner.tick(at(0));
    expect(order).toEqual(['job', 'sweep']);
    expect(report.sweeps).toEqual({ reminders: { sent: 1 } });
  });

  it('polls with an unref’d interval and ticks once at start', async () => {
    vi.useFakeTimers({ now: at(0) });
    let ticks = 0;
    const store = tinyStore();
    const runner = createJobRunner({
      store,
      clock: { now: () => new Date() },
      handlers: {},
      sweeps: [{ name: 'count', run: async () => ({ n: ++ticks }) }],
    });
    const setIntervalSpy = vi.spyOn(globalThis, 'setInterval');
    runner.start(60_000);
    await vi.advanceTimersByTimeAsync(0);
    expect(ticks).toBe(1);
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(ticks).toBe(4);
    expect(setIntervalSpy).toHaveBeenCalledTimes(1);
    expect((setIntervalSpy.mock.results[0].value as NodeJS.Timeout).hasRef()).toBe(false); // never holds the process open
    await runner.stop();
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(ticks).toBe(4);
  });
});
