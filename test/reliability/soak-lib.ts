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
 * The bot runs in a child process (soak-bot.ts) and samples itself once a second: RSS, heap
 * after a forced GC (every 5 s), event-loop delay (perf_hooks), the store's size; this process
 * only generates the load. Nothing here asserts: the callers judge the figures.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DateTime } from 'luxon';
import { buildRegistry, type Registry } from '../../src/teams/registry.js';
import { allFeatures } from '../../src/teams/features/index.js';
import { cardAction, groupChat, message, users, type TestUser } from '../helpers/activities.js';
import { percentile } from './figures.js';

const BOT_SCRIPT = fileURLToPath(new URL('./soak-bot.ts', import.meta.url));

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
  /** Taken right after a forced GC (only these count for memory). */
  gc: boolean;
  rssMb: number;
  heapMb: number;
  heapTotalMb: number;
  /** Heap taken by the data (a deep copy of the store's contents), at GC samples. */
  dataMb: number;
  /** Buffers and other memory outside the JS heap. */
  externalMb: number;
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
  /** Heap after GC minus the data's own size: the bot's memory apart from what it stores. */
  ownHeapAfterWarmupMb: number;
  ownHeapEndMb: number;
  ownHeapGrowthPct: number;
  dataAfterWarmupMb: number;
  dataEndMb: number;
  mix: Record<string, number>;
  fired: {
    reminders: number;
    roundsClosed: number;
    outboxByStatus: Record<string, number>;
    meetings: number;
    actions: number;
    storeKb: Record<string, number>;
  };
  closeMs: number;
}

const voters: TestUser[] = [users.anna, users.bent, users.carsten, users.dorthe, users.gustav];
const RATINGS = ['green', 'yellow', 'red'];

export async function soak(opts: SoakOptions): Promise<SoakResult> {
  const speed = opts.speed ?? 86_400;
  const log = opts.log ?? (() => {});
  const child = fork(BOT_SCRIPT, [String(speed)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, STYREBOT_LOG_LEVEL: 'silent' },
  });
  let state: {
    round: { id: string; groupId: string; riskIds: string[]; card: string | null } | null;
    actions: { id: string; groupId: string; owner: string | null }[];
  } = { round: null, actions: [] };
  const samples: Sample[] = [];
  let done: { fired: SoakResult['fired']; botErrors: string[]; eld: SoakResult['eld']; closeMs: number } | null = null;
  const ready = new Promise<{ url: string; fcUrl: string }>((resolve, reject) => {
    child.on('message', (msg: any) => {
      if (msg.type === 'ready') resolve(msg);
      else if (msg.type === 'state') state = msg;
      else if (msg.type === 'sample') {
        samples.push(msg.sample);
        const s: Sample = msg.sample;
        if (s.t % 10 === 0)
          log(
            `t=${s.t}s requests=${requests} rss=${s.rssMb.toFixed(0)}MB heap=${s.heapMb.toFixed(0)}/${s.heapTotalMb.toFixed(0)}MB ext=${s.externalMb.toFixed(0)}MB eld.p99=${s.eldP99Ms.toFixed(1)}ms store=${s.storeKb}KB 5xx/failed=${errors}`,
          );
      } else if (msg.type === 'done') done = msg;
    });
    child.on('exit', (code) => reject(new Error(`soak bot exited (${code}) before it was ready`)));
  });
  const { url: botUrl, fcUrl } = await ready;
  const registry: Registry = buildRegistry(allFeatures(() => registry));
  const name = (id: string) => registry.commands.find((c) => c.id === id)?.names.da[0];

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
      const res = await fetch(`${botUrl}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activity),
        signal: AbortSignal.timeout(20_000),
      });
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

  const simStart = Date.now();
  const simDate = (days: number) =>
    DateTime.fromMillis(simStart + (Date.now() - simStart) * speed)
      .setZone('Europe/Copenhagen')
      .plus({ days });
  let n = 0;
  let lastNewAction = -Infinity;
  const pick = <T>(list: T[]): T => list[Math.floor(Math.random() * list.length)];
  const reads = () => ['risks', 'actions', 'roles', 'help', 'meetings', 'reminders', 'minutes'].map(name).filter(Boolean) as string[];

  /** One request of the mix (weights: reads 70, ballots 12, ballot refresh 8, action points 10). */
  function next(): [string, object] {
    const r = Math.random() * 100;
    if (r < 70) {
      const cmd = pick(reads());
      return [`message ${cmd}`, message(fcUrl, groupChat, pick(voters.slice(1)), cmd)];
    }
    const round = state.round;
    if (r < 82 && round) {
      const data: Record<string, unknown> = { groupId: round.groupId, roundId: round.id };
      for (const id of round.riskIds) data[`r_${id}`] = pick(RATINGS);
      return ['ballot', cardAction(fcUrl, groupChat, pick(voters), 'vote.cast', data, round.card ?? 'ballot')];
    }
    if (r < 90 && round)
      return ['ballot refresh', cardAction(fcUrl, groupChat, pick(voters), 'vote.refresh', { groupId: round.groupId, roundId: round.id })];
    const open = state.actions;
    const done = () => {
      const a = pick(open);
      const owner = voters.find((v) => v.aadObjectId === a.owner) ?? users.anna;
      return ['action done', cardAction(fcUrl, groupChat, owner, 'action.done', { groupId: a.groupId, actionId: a.id })] as [
        string,
        object,
      ];
    };
    if (r < 95 && open.length) return done();
    // Action points stay realistic: a new one at most every 2 s, and only while fewer than 15 are open.
    if (open.length >= 15 || performance.now() - lastNewAction < 2000) {
      if (open.length) return done();
      const cmd = pick(reads());
      return [`message ${cmd}`, message(fcUrl, groupChat, pick(voters.slice(1)), cmd)];
    }
    lastNewAction = performance.now();
    return [
      'action new',
      message(
        fcUrl,
        groupChat,
        users.anna,
        `${name('action') ?? 'handling'} Følg op på punkt ${++n} frist ${simDate(14).toFormat('dd-MM-yyyy')}`,
        [pick(voters.slice(1))],
      ),
    ];
  }

  // The chair plans a meeting 20 simulated days ahead and opens a vote round for it, now and every 30 s.
  async function planMeeting() {
    const d = simDate(20);
    await send(
      'new meeting',
      message(fcUrl, groupChat, users.anna, `${name('new-meeting') ?? 'nyt møde'} ${d.toFormat('dd-MM-yyyy')} 12:30-14:00 Mødelokale 2`),
    );
    if (state.round) await send('close vote', message(fcUrl, groupChat, users.anna, name('vote-close') ?? 'luk afstemning'));
    await send('open vote', message(fcUrl, groupChat, users.anna, name('risk-vote') ?? 'risikoafstemning'));
  }
  for (const title of [
    'Teknik: Svartider over det aftalte niveau',
    'Udbredelse: For få praksisser',
    'Prioritering: Konkurrerende projekter',
  ]) {
    await send('new risk', message(fcUrl, groupChat, users.anna, `${name('risk-new') ?? 'ny risiko'} ${title}`));
  }
  await planMeeting();
  await new Promise((r) => setTimeout(r, 500)); // the first state message

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
  timers.push(setInterval(() => void planMeeting(), 30_000));
  while (performance.now() < until) await new Promise((r) => setTimeout(r, 200));
  for (const t of timers) clearInterval(t);
  const drainUntil = Date.now() + 20_000;
  while (inFlight > 0 && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 50));
  child.send({ type: 'stop' });
  const stopUntil = Date.now() + 30_000;
  while (!done && Date.now() < stopUntil) await new Promise((r) => setTimeout(r, 50));
  if (!done) {
    child.kill('SIGKILL');
    throw new Error('soak bot did not report after stop');
  }
  const d: { fired: SoakResult['fired']; botErrors: string[]; eld: SoakResult['eld']; closeMs: number } = done;

  // Memory: only samples right after a forced GC, after the warm-up. RSS moves ±30 % from one
  // sample to the next (freed buffers go back to the OS late), so start and end are medians of
  // the first and the last fifth of those samples.
  const after = samples.filter((s) => s.gc && s.t >= opts.warmupSeconds && s.t <= opts.seconds);
  const k = Math.max(2, Math.round(after.length / 5));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const head = after.slice(0, k);
  const tail = after.slice(-k);
  const m = (list: Sample[], f: (s: Sample) => number) => median(list.map(f));
  const base = {
    rssMb: m(head, (s) => s.rssMb),
    heapMb: m(head, (s) => s.heapMb),
    own: m(head, (s) => s.heapMb - s.dataMb),
    data: m(head, (s) => s.dataMb),
  };
  const rssEnd = m(tail, (s) => s.rssMb);
  const heapEnd = m(tail, (s) => s.heapMb);
  const ownEnd = m(tail, (s) => s.heapMb - s.dataMb);
  const dataEnd = m(tail, (s) => s.dataMb);
  return {
    seconds: opts.seconds,
    requests,
    rate: requests / opts.seconds,
    statuses,
    errors,
    botErrors: d.botErrors,
    refusals,
    skipped,
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    eld: d.eld,
    samples,
    rssAfterWarmupMb: base.rssMb,
    rssEndMb: rssEnd,
    rssGrowthPct: ((rssEnd - base.rssMb) / base.rssMb) * 100,
    heapAfterWarmupMb: base.heapMb,
    heapEndMb: heapEnd,
    heapGrowthPct: ((heapEnd - base.heapMb) / base.heapMb) * 100,
    ownHeapAfterWarmupMb: base.own,
    ownHeapEndMb: ownEnd,
    ownHeapGrowthPct: ((ownEnd - base.own) / base.own) * 100,
    dataAfterWarmupMb: base.data,
    dataEndMb: dataEnd,
    mix,
    fired: d.fired,
    closeMs: d.closeMs,
  };
}

const pct = (v: number) => `${v >= 0 ? '+' : ''}${v.toFixed(1)} %`;

/** One line for the figures table. */
export function describeSoak(r: SoakResult): string {
  return (
    `${r.requests} requests in ${r.seconds} s (${r.rate.toFixed(0)}/s; ${Object.entries(r.mix)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}); ` +
    `5xx/failed ${r.errors}, bot errors ${r.botErrors.length}; latency p50 ${r.latencyP50Ms.toFixed(0)} ms, p99 ${r.latencyP99Ms.toFixed(0)} ms; ` +
    `bot event-loop delay p50 ${r.eld.p50Ms.toFixed(1)} ms, p99 ${r.eld.p99Ms.toFixed(1)} ms, max ${r.eld.maxMs.toFixed(0)} ms; ` +
    `bot memory after warm-up (medians): RSS ${r.rssAfterWarmupMb.toFixed(0)} → ${r.rssEndMb.toFixed(0)} MB (${pct(r.rssGrowthPct)}), heap after GC ${r.heapAfterWarmupMb.toFixed(0)} → ${r.heapEndMb.toFixed(0)} MB (${pct(r.heapGrowthPct)}), of which the stored data ${r.dataAfterWarmupMb.toFixed(1)} → ${r.dataEndMb.toFixed(1)} MB and the rest ${r.ownHeapAfterWarmupMb.toFixed(0)} → ${r.ownHeapEndMb.toFixed(0)} MB (${pct(r.ownHeapGrowthPct)}); store file ${r.samples[0]?.storeKb ?? 0} → ${r.samples.at(-1)?.storeKb ?? 0} KB; stop ${r.closeMs} ms; ` +
    `fired on the fast clock: ${r.fired.reminders} reminders, ${r.fired.roundsClosed} vote rounds closed, outbox ${Object.entries(
      r.fired.outboxByStatus,
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}, ${r.fired.meetings} meetings, ${r.fired.actions} action points; store by collection (KB): ${Object.entries(
      r.fired.storeKb,
    )
      .filter(([, v]) => v > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`
  );
}
