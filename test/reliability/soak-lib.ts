/**
 * Mixed traffic for the soak runs (test/reliability/soak-smoke.test.ts: 30 s in CI;
 * test/reliability/soak.ts: `npm run soak`, 10 min). The real bot (startHarness) on a clock that
 * runs one simulated day per real second, driven open-loop at a fixed rate:
 *
 * - messages (read-mostly commands by members: risks, actions, roles, help, meetings, reminders),
 * - ballots on the open vote round and refreshes of the ballot card,
 * - action points created by the chair and marked done by their owners,
 * - every 30 s a new meeting (20 simulated days ahead) and a new vote round for it; the job
 *   runner ticks every 500 ms, so reminders (T-14d, T-2d, T-1h), vote deadlines and action
 *   nudges fire on the fast-forwarded clock and go out through the outbox.
 *
 * Sampled once a second: RSS, heap after a forced GC, event-loop delay (perf_hooks), the store's
 * size. Nothing here asserts: the callers judge the figures.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DateTime } from 'luxon';
import type { Clock } from '../../src/app/ports.js';
import { buildRegistry, type Registry } from '../../src/teams/registry.js';
import { allFeatures } from '../../src/teams/features/index.js';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { cardAction, groupChat, message, users, type TestUser } from '../helpers/activities.js';
import { percentile } from './figures.js';

setFlagsFromString('--expose-gc');
const gc: () => void = runInNewContext('gc');

export interface SoakOptions {
  seconds: number;
  /** Requests per second (open loop). */
  rate: number;
  /** Seconds at the start that do not count for memory growth. */
  warmupSeconds: number;
  /** Simulated seconds per real second. */
  speed?: number;
  log?: (line: string) => void;
}

export interface Sample {
  t: number;
  rssMb: number;
  heapMb: number;
  eldP99Ms: number;
  storeKb: number;
}

export interface SoakResult {
  seconds: number;
  requests: number;
  rate: number;
  statuses: Record<string, number>;
  /** HTTP status ≥ 500, or the request failed. */
  errors: number;
  /** Handler exceptions and unhandled turn errors logged by the bot. */
  botErrors: string[];
  /** Refusals answered as a message (e.g. a ballot after the deadline): expected now and then. */
  refusals: number;
  skipped: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  eld: { p50Ms: number; p99Ms: number; maxMs: number };
  samples: Sample[];
  rssAfterWarmupMb: number;
  rssEndMb: number;
  rssGrowthPct: number;
  heapAfterWarmupMb: number;
  heapEndMb: number;
  heapGrowthPct: number;
  mix: Record<string, number>;
  fired: { reminders: number; roundsClosed: number; outboxSent: number; outboxOther: number; outboxByStatus: Record<string, number>; meetings: number; actions: number };
}

const MB = 1024 * 1024;
const voters: TestUser[] = [users.anna, users.bent, users.carsten, users.dorthe, users.gustav];
const RATINGS = ['green', 'yellow', 'red'];

export async function soak(opts: SoakOptions): Promise<SoakResult> {
  const speed = opts.speed ?? 86_400;
  const realStart = Date.now();
  const simStart = realStart;
  const clock: Clock = { now: () => new Date(simStart + (Date.now() - realStart) * speed) };
  const h: Harness = await startHarness({ clock });
  const log = opts.log ?? (() => {});
  let registry: Registry;
  registry = buildRegistry(allFeatures(() => registry));
  const name = (id: string) => registry.commands.find((c) => c.id === id)?.names.da[0];

  const botErrors: string[] = [];
  const lg = h.services.log as any;
  const error = lg.error.bind(lg);
  lg.error = (o: any, msg?: string) => {
    botErrors.push(`${msg ?? ''} ${String(o?.err ?? o).split('\n')[0]}`.slice(0, 300));
    return error(o, msg);
  };

  const statuses: Record<string, number> = {};
  const mix: Record<string, number> = {};
  const latencies: number[] = [];
  let requests = 0;
  let errors = 0;
  let refusals = 0;
  let skipped = 0;
  let inFlight = 0;

  async function send(kind: string, activity: object) {
    if (inFlight >= 200) {
      skipped++;
      return;
    }
    inFlight++;
    requests++;
    mix[kind] = (mix[kind] ?? 0) + 1;
    const t0 = performance.now();
    try {
      const res = await fetch(`${h.bot.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity), signal: AbortSignal.timeout(20_000) });
      const text = await res.text();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status >= 500) errors++;
      if (text.includes('application/vnd.microsoft.activity.message') && text.includes('⚠')) refusals++;
    } catch {
      errors++;
      statuses.failed = (statuses.failed ?? 0) + 1;
    } finally {
      latencies.push(performance.now() - t0);
      inFlight--;
    }
  }

  const db = () => h.services.store.read();
  const g = () => db().groups[0];
  const simDate = (days: number) => DateTime.fromJSDate(clock.now()).setZone('Europe/Copenhagen').plus({ days });
  const openRound = () => db().voteRounds.find((v) => v.groupId === g().id && v.status === 'open');
  let n = 0;
  let lastNewAction = -Infinity;
  const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)];

  /** One request of the mix (weights: reads 55, ballots 25, refresh 8, action done 7, action new 5). */
  function next(): [string, object] {
    const r = Math.random() * 100;
    const url = h.fc.url;
    if (r < 55) {
      const cmd = pick(['risks', 'actions', 'roles', 'help', 'meetings', 'reminders', 'minutes'].map(name).filter(Boolean) as string[]);
      return [`message ${cmd}`, message(url, groupChat, pick(voters.slice(1)), cmd)];
    }
    const round = openRound();
    if (r < 80 && round) {
      const data: Record<string, unknown> = { groupId: round.groupId, roundId: round.id };
      for (const id of round.riskIds) data[`r_${id}`] = pick(RATINGS);
      return ['ballot', cardAction(url, groupChat, pick(voters), 'vote.cast', data, round.card?.activityId ?? 'ballot')];
    }
    if (r < 88 && round) return ['ballot refresh', cardAction(url, groupChat, pick(voters), 'vote.refresh', { groupId: round.groupId, roundId: round.id })];
    const open = db().actions.filter((a) => a.groupId === g().id && a.status === 'open');
    if (r < 95 && open.length) {
      const a = pick(open);
      const owner = voters.find((v) => v.aadObjectId === a.owner.aadObjectId) ?? users.anna;
      return ['action done', cardAction(url, groupChat, owner, 'action.done', { groupId: a.groupId, actionId: a.id })];
    }
    // Action points stay realistic: a new one at most every 2 s, and only while fewer than 15 are open.
    if (open.length >= 15 || performance.now() - lastNewAction < 2000) {
      if (!open.length) {
        const cmd = pick(['risks', 'actions', 'meetings', 'reminders'].map(name).filter(Boolean) as string[]);
        return [`message ${cmd}`, message(url, groupChat, pick(voters.slice(1)), cmd)];
      }
      const a = pick(open);
      const owner = voters.find((v) => v.aadObjectId === a.owner.aadObjectId) ?? users.anna;
      return ['action done', cardAction(url, groupChat, owner, 'action.done', { groupId: a.groupId, actionId: a.id })];
    }
    const owner = pick(voters.slice(1));
    lastNewAction = performance.now();
    return ['action new', message(url, groupChat, users.anna, `${name('action') ?? 'handling'} Følg op på punkt ${++n} frist ${simDate(14).toFormat('dd-MM-yyyy')}`, [owner])];
  }

  // The chair plans a meeting 20 simulated days ahead and opens a vote round for it, now and every 30 s.
  async function planMeeting() {
    const d = simDate(20);
    await send('new meeting', message(h.fc.url, groupChat, users.anna, `${name('new-meeting') ?? 'nyt møde'} ${d.toFormat('dd-MM-yyyy')} 12:30-14:00 Mødelokale 2`));
    if (openRound()) await send('close vote', message(h.fc.url, groupChat, users.anna, name('vote-close') ?? 'luk afstemning'));
    await send('open vote', message(h.fc.url, groupChat, users.anna, name('risk-vote') ?? 'risikoafstemning'));
  }
  // Risks to vote on.
  for (const title of ['Teknik: Svartider over det aftalte niveau', 'Udbredelse: For få praksisser', 'Prioritering: Konkurrerende projekter']) {
    await send('new risk', message(h.fc.url, groupChat, users.anna, `${name('risk-new') ?? 'ny risiko'} ${title}`));
  }
  await planMeeting();

  const eld = monitorEventLoopDelay({ resolution: 10 });
  eld.enable();
  const samples: Sample[] = [];
  const sampleEld = monitorEventLoopDelay({ resolution: 10 });
  sampleEld.enable();
  const started = performance.now();
  const until = started + opts.seconds * 1000;
  const timers: NodeJS.Timeout[] = [];
  // Open loop: every 20 ms, send what the rate owes since the start (a late timer catches up).
  let issued = 0;
  timers.push(
    setInterval(() => {
      const owed = Math.floor(((performance.now() - started) / 1000) * opts.rate) - issued;
      for (let k = 0; k < owed; k++) {
        issued++;
        const [kind, activity] = next();
        void send(kind, activity);
      }
    }, 20),
  );
  let ticking = false;
  timers.push(
    setInterval(() => {
      if (ticking) return;
      ticking = true;
      void h.bot.runner.tick().catch((err) => botErrors.push(`tick ${String(err)}`)).finally(() => (ticking = false));
    }, 500),
  );
  timers.push(setInterval(() => void planMeeting(), 30_000));
  const storeKb = () => Math.round(Buffer.byteLength(JSON.stringify(db())) / 1024);
  const sample = () => {
    // A forced full GC (so the heap figure is live data, not garbage) every 5 s; the event-loop
    // monitors are paused around it so our own GC pause is not counted as the bot's delay.
    const t = Math.round((performance.now() - started) / 1000);
    if (t % 5 === 0) {
      eld.disable();
      sampleEld.disable();
      gc();
      eld.enable();
      sampleEld.enable();
    }
    const m = process.memoryUsage();
    const s: Sample = { t, rssMb: m.rss / MB, heapMb: m.heapUsed / MB, eldP99Ms: sampleEld.percentile(99) / 1e6, storeKb: storeKb() };
    sampleEld.reset();
    samples.push(s);
    if (s.t % 10 === 0) log(`t=${s.t}s requests=${requests} rss=${s.rssMb.toFixed(0)}MB heap=${s.heapMb.toFixed(0)}MB eld.p99=${s.eldP99Ms.toFixed(1)}ms store=${s.storeKb}KB 5xx/failed=${errors} bot errors=${botErrors.length}`);
  };
  timers.push(setInterval(sample, 1000));
  while (performance.now() < until) await new Promise((r) => setTimeout(r, 200));
  for (const t of timers) clearInterval(t);
  // Let requests in flight and the outbox finish.
  const drainUntil = Date.now() + 20_000;
  while (inFlight > 0 && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 50));
  eld.disable();
  sampleEld.disable();
  sample();

  const final = db();
  const fired = {
    reminders: final.reminders.filter((r) => r.status === 'sent').length,
    roundsClosed: final.voteRounds.filter((v) => v.status === 'closed').length,
    outboxSent: final.outbox.filter((o) => o.status === 'sent').length,
    outboxOther: final.outbox.filter((o) => o.status !== 'sent').length,
    outboxByStatus: final.outbox.reduce<Record<string, number>>((acc, o) => ((acc[`${o.status} ${o.purpose.split(':')[0]}`] = (acc[`${o.status} ${o.purpose.split(':')[0]}`] ?? 0) + 1), acc), {}),
    meetings: final.meetings.length,
    actions: final.actions.length,
  };
  if (process.env.SOAK_DEBUG_CLOSE) {
    const step = async (what: string, p: () => Promise<unknown>) => {
      const t = Date.now();
      await Promise.race([p(), new Promise((r) => setTimeout(r, 10_000))]);
      log(`${what}: ${Date.now() - t} ms`);
    };
    const d = h.services.delivery as any;
    await step('runner.stop', () => h.bot.runner.stop());
    await step('updater via delivery.stop', () => d.stop());
  }
  const closing = Date.now();
  await Promise.race([h.close(), new Promise((r) => setTimeout(r, 15_000))]);
  if (Date.now() - closing > 14_000) {
    log('bot did not close within 15 s');
    botErrors.push('close() took longer than 15 s');
  }

  // Only the samples taken right after a forced GC count for memory.
  const after = samples.filter((s) => s.t >= opts.warmupSeconds && s.t % 5 === 0);
  const base = after[0] ?? samples[0];
  const end = samples.at(-1)!;
  // The mean of the last 10 % of samples (one sample can catch the GC mid-work).
  const tail = after.slice(-Math.max(3, Math.round(after.length / 10)));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const rssEnd = mean(tail.map((s) => s.rssMb));
  const heapEnd = mean(tail.map((s) => s.heapMb));
  return {
    seconds: opts.seconds,
    requests,
    rate: requests / opts.seconds,
    statuses,
    errors,
    botErrors,
    refusals,
    skipped,
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    eld: { p50Ms: eld.percentile(50) / 1e6, p99Ms: eld.percentile(99) / 1e6, maxMs: eld.max / 1e6 },
    samples,
    rssAfterWarmupMb: base.rssMb,
    rssEndMb: rssEnd,
    rssGrowthPct: ((rssEnd - base.rssMb) / base.rssMb) * 100,
    heapAfterWarmupMb: base.heapMb,
    heapEndMb: heapEnd,
    heapGrowthPct: ((heapEnd - base.heapMb) / base.heapMb) * 100,
    mix,
    fired: { ...fired },
  };
  void end;
}

/** One line for the figures table. */
export function describeSoak(r: SoakResult): string {
  return (
    `${r.requests} requests in ${r.seconds} s (${r.rate.toFixed(0)}/s; ${Object.entries(r.mix).sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k} ${v}`).join(', ')}); ` +
    `5xx/failed ${r.errors}, bot errors ${r.botErrors.length}; latency p50 ${r.latencyP50Ms.toFixed(0)} ms, p99 ${r.latencyP99Ms.toFixed(0)} ms; ` +
    `event-loop delay p50 ${r.eld.p50Ms.toFixed(1)} ms, p99 ${r.eld.p99Ms.toFixed(1)} ms, max ${r.eld.maxMs.toFixed(0)} ms; ` +
    `RSS ${r.rssAfterWarmupMb.toFixed(0)} → ${r.rssEndMb.toFixed(0)} MB (${r.rssGrowthPct >= 0 ? '+' : ''}${r.rssGrowthPct.toFixed(1)} % after ${r.samples.length ? 'warm-up' : ''}), heap ${r.heapAfterWarmupMb.toFixed(0)} → ${r.heapEndMb.toFixed(0)} MB; ` +
    `fired on the fast clock: ${r.fired.reminders} reminders, ${r.fired.roundsClosed} vote rounds closed, outbox ${Object.entries(r.fired.outboxByStatus).map(([k, v]) => `${k} ${v}`).join(', ')}, ${r.fired.meetings} meetings, ${r.fired.actions} action points`
  );
}
