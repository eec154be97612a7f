/**
 * The bot side of the soak (run by soak-lib.ts as a child process, with IPC): the real bot with
 * a temp store and the fake connector, on a clock that runs `speed` simulated seconds per real
 * second, its job runner ticking every 500 ms. Measures itself — RSS, heap after a forced GC,
 * event-loop delay — so the load generator's own work (in the parent) is not counted.
 *
 * Messages to the parent: ready {url, fcUrl}, state {round, actions} every 250 ms, sample every
 * second, done {fired, botErrors, eld}. From the parent: stop.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Clock } from '../../src/app/ports.js';
import { startHarness } from '../helpers/bot-harness.js';

setFlagsFromString('--expose-gc');
const gc: () => void = runInNewContext('gc');
const send = (msg: unknown) => process.send?.(msg);
const MB = 1024 * 1024;

const speed = Number(process.argv[2] ?? 86_400);
const realStart = Date.now();
const clock: Clock = { now: () => new Date(realStart + (Date.now() - realStart) * speed) };
process.env.STYREBOT_LOG_LEVEL ??= 'silent';
const h = await startHarness({ clock });

const botErrors: string[] = [];
const lg = h.services.log as any;
const error = lg.error.bind(lg);
lg.error = (o: any, msg?: string) => {
  botErrors.push(`${msg ?? ''} ${String(o?.err ?? o).split('\n')[0]}`.slice(0, 300));
  return error(o, msg);
};

const db = () => h.services.store.read();
const eld = monitorEventLoopDelay({ resolution: 10 });
const window = monitorEventLoopDelay({ resolution: 10 });
eld.enable();
window.enable();
const started = performance.now();
const timers: NodeJS.Timeout[] = [];
let ticking = false;
timers.push(
  setInterval(() => {
    if (ticking) return;
    ticking = true;
    void h.bot.runner
      .tick()
      .catch((err) => botErrors.push(`tick ${String(err)}`))
      .finally(() => (ticking = false));
  }, 500),
);
// The fake connector keeps every request it saw (cards of 10–30 KB): forget them as we go, or
// the test rig itself would look like a leak.
timers.push(setInterval(() => void h.fc.calls.splice(0, h.fc.calls.length), 2000));
timers.push(
  setInterval(() => {
    const d = db();
    const g = d.groups[0];
    if (!g) return;
    const round = d.voteRounds.find((v) => v.groupId === g.id && v.status === 'open');
    send({
      type: 'state',
      round: round ? { id: round.id, groupId: round.groupId, riskIds: round.riskIds, card: round.card?.activityId ?? null } : null,
      actions: d.actions
        .filter((a) => a.groupId === g.id && a.status === 'open')
        .map((a) => ({ id: a.id, groupId: a.groupId, owner: a.owner.aadObjectId })),
    });
  }, 250),
);
const sample = () => {
  const t = Math.round((performance.now() - started) / 1000);
  // A forced full GC every 5 s (the heap figure is then live data); the monitors pause around it
  // so the pause the test forces is not counted as the bot's.
  const gcd = t % 5 === 0;
  if (gcd) {
    eld.disable();
    window.disable();
    gc();
    eld.enable();
    window.enable();
  }
  // How much of the heap is the data itself (the store's contents grow by design: audit trail,
  // meetings, ballots): the heap a deep copy of it takes. What is left is the bot's own memory.
  let dataMb = 0;
  if (gcd) {
    eld.disable();
    window.disable();
    const before = process.memoryUsage().heapUsed;
    let copy: unknown = structuredClone(db());
    gc();
    dataMb = (process.memoryUsage().heapUsed - before) / MB;
    copy = null;
    void copy;
    gc();
    eld.enable();
    window.enable();
  }
  const m = process.memoryUsage();
  send({
    type: 'sample',
    sample: {
      t,
      gc: gcd,
      dataMb,
      rssMb: m.rss / MB,
      heapMb: m.heapUsed / MB,
      heapTotalMb: m.heapTotal / MB,
      externalMb: (m.external + m.arrayBuffers) / MB,
      eldP99Ms: window.percentile(99) / 1e6,
      storeKb: Math.round(Buffer.byteLength(JSON.stringify(db())) / 1024),
    },
  });
  window.reset();
};
timers.push(setInterval(sample, 1000));

process.on('message', async (msg: any) => {
  if (msg?.type !== 'stop') return;
  for (const t of timers) clearInterval(t);
  eld.disable();
  sample();
  const d = db();
  const key = (o: { status: string; purpose: string }) => `${o.status} ${o.purpose.split(':')[0]}`;
  const fired = {
    reminders: d.reminders.filter((r) => r.status === 'sent').length,
    roundsClosed: d.voteRounds.filter((v) => v.status === 'closed').length,
    outboxByStatus: d.outbox.reduce<Record<string, number>>((acc, o) => ((acc[key(o)] = (acc[key(o)] ?? 0) + 1), acc), {}),
    meetings: d.meetings.length,
    actions: d.actions.length,
    /** KB of JSON per collection: what the store grew by. */
    storeKb: Object.fromEntries(
      Object.entries(d)
        .filter(([, v]) => Array.isArray(v))
        .map(([k, v]) => [k, Math.round(JSON.stringify(v).length / 1024)]),
    ),
  };
  const t0 = Date.now();
  await Promise.race([h.close(), new Promise((r) => setTimeout(r, 15_000))]);
  if (Date.now() - t0 > 14_000) botErrors.push('close() took longer than 15 s');
  send({
    type: 'done',
    fired,
    botErrors,
    closeMs: Date.now() - t0,
    eld: { p50Ms: eld.percentile(50) / 1e6, p99Ms: eld.percentile(99) / 1e6, maxMs: eld.max / 1e6 },
  });
  setTimeout(() => process.exit(0), 100);
});

send({ type: 'ready', url: h.bot.url, fcUrl: h.fc.url });
