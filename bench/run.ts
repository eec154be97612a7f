/**
 * `npm run bench` — card actions at load, side by side with the bare framework (issue #11).
 *
 * One run on this machine:
 *  1. starts three servers, each in its own Node process (so RSS is per server):
 *     (a) bare restify answering a small card, (b) a minimal teams-ai Application answering a
 *     small card, (c) the real bot (startBot, durable lowdb store with fsync in a temp dir) with
 *     a fake Bot Connector (in this process) as serviceUrl; (c) is set up over HTTP: a group chat
 *     of 50 voters, 10 risks, an open vote round;
 *  2. drives each with the same autocannon load (50 connections = 50 voters casting ballots),
 *     after a warm-up, alternating (a)(b)(c) rounds: one round at 100 req/s (below (c)'s
 *     capacity), then saturation (closed loop), then a fixed 500 req/s paced evenly (open loop);
 *  3. verifies the store (every acknowledged ballot exactly once, latest per voter; the file
 *     parses and passes checkStore) and the connector (≤ 1 shared-card PUT per 2 s);
 *  4. times single operations (vote write vs store size, agenda parse, .docx, scheduler tick);
 *  5. prints the table, ratios and targets, and writes bench/results/latest.json.
 *
 * Flags: --quick (1 round of 3 s per mode, for trying it), --rounds N, --seconds S,
 * --rate R (default 500), --low-rate R (one extra round per server at R req/s, default 100;
 * --no-low-rate to skip it), --profile (V8 CPU profile of the bot child over the measured rounds, via
 * node:inspector; summary printed, .cpuprofile kept in bench/results/profiles/), --cpu-prof
 * (the same with `node --cpu-prof` on the bot child, whole process life), --wait-quiet[=S] (wait
 * up to S s, default 180, until other processes use < 0.3 cores), --no-micro, --no-load,
 * --max-group-years N (default 100), --heap-snapshot (a V8 heap snapshot of (c) halfway through its
 * first saturation round, summarised; the file is kept in bench/results/heap/), --no-startup (skip
 * the start-up figures of `start:bot` vs the production build), --no-build (use dist/ as it is),
 * --starts N (starts per way, default 3), --bot-tsx ((c) from src/ through tsx instead of the
 * production build in dist/, which is built first unless --no-build).
 *
 * The machine may be shared: every round records how many cores *other* processes kept busy
 * (/proc/stat minus the bench's own processes), and the report flags a noisy run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeConnector, type FakeConnector } from '../test/helpers/fake-connector.js';
import { BallotMaker, VoterBook, type Target } from './lib/ballots.js';
import { spawnServer, type RssReport, type ServerChild } from './lib/children.js';
import {
  agendaParse,
  clickBreakdown,
  diskFloor,
  minutesDocx,
  schedulerTick,
  storeWriteLatency,
  type ClickPart,
  type DiskFloor,
  type StoreSizeRow,
  type TimedFigure,
} from './lib/micro.js';
import { runRound, type Mode, type RoundResult } from './lib/load.js';
import { printProfile, summariseProfile, type ProfileSummary } from './lib/profile.js';
import { seedBot } from './lib/seed.js';
import { mean, pct, round, sorted } from './lib/stats.js';
import { cpuWindow, type CpuWindow } from './lib/cpu.js';
import { commitWindow, describeCommits, readBuckets, sumWindows, type CommitWindow } from './lib/commits.js';
import { verifyConnector, verifyStore, type ConnectorVerdict, type StoreVerdict } from './lib/verify.js';
import { summariseHeap, type HeapSummary } from './lib/heap.js';
import { startupFigures, type StartupFigure } from './lib/startup.js';

// ------------------------------------------------------------------------------------------------
// Options
// ------------------------------------------------------------------------------------------------

const argv = process.argv.slice(2);
// `--store postgres`: the store comparison instead (file vs PostgreSQL, one and two instances; bench/store/compare.ts).
if (argv.includes('--store') && argv[argv.indexOf('--store') + 1] === 'postgres') {
  await (await import('./store/compare.js')).compareStores();
  process.exit(0);
}
const flag = (name: string) => argv.includes(`--${name}`);
const num = (name: string, dflt: number) => {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return dflt;
  const v = argv[i].includes('=') ? argv[i].split('=')[1] : argv[i + 1];
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} needs a positive number`);
  return n;
};
const quick = flag('quick');
const OPTS = {
  rounds: num('rounds', quick ? 1 : 3),
  seconds: num('seconds', quick ? 3 : 10),
  warmupSeconds: num('warmup', quick ? 2 : 3),
  rate: num('rate', 500),
  /** One extra round per server at this rate (0 = none). */
  lowRate: argv.includes('--no-low-rate') ? 0 : num('low-rate', 100),
  connections: 50,
  profile: flag('profile'),
  cpuProf: flag('cpu-prof'),
  waitQuiet: argv.some((a) => a.startsWith('--wait-quiet')) ? num('wait-quiet', 180) : 0,
  micro: !flag('no-micro'),
  load: !flag('no-load'),
  maxGroupYears: num('max-group-years', 100),
  heapSnapshot: flag('heap-snapshot'),
  /** Extra Node flags for (c) only, e.g. `--bot-node-arg=--trace-gc` (repeatable). */
  botNodeArgs: argv.filter((a) => a.startsWith('--bot-node-arg=')).map((a) => a.slice('--bot-node-arg='.length)),
  startup: !flag('no-startup'),
  build: !flag('no-build'),
  starts: num('starts', quick ? 1 : 3),
  /** (c) from the production build (dist/, built first) or from the sources through tsx (--bot-tsx). */
  bot: flag('bot-tsx') ? ('tsx' as const) : ('dist' as const),
};

const HERE = path.dirname(fileURLToPath(import.meta.url));
const RESULTS = path.join(HERE, 'results');
const machineCores = os.availableParallelism?.() ?? os.cpus().length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (s = '') => console.log(s);

// ------------------------------------------------------------------------------------------------
// Servers
// ------------------------------------------------------------------------------------------------

type Key = 'a' | 'b' | 'c';
const SERVERS: Array<{ key: Key; label: string; script: string }> = [
  { key: 'a', label: '(a) bare restify', script: 'bare.ts' },
  { key: 'b', label: '(b) teams-ai no-op', script: 'teams-ai.ts' },
  { key: 'c', label: '(c) styrebot', script: 'bot.ts' },
];
/** The measured phases: saturation, the fixed rate of the targets, and a low fixed rate (below (c)'s capacity: the latency of a durable vote when the bot is not queueing). */
type PhaseId = 'sat' | 'rate' | 'low';
interface Phase {
  id: PhaseId;
  mode: Mode;
  rate: number;
  rounds: number;
  label: string;
}
const PHASES: Phase[] = [
  // First, while (c)'s store is still small (each accepted ballot adds ~0.5 KB of audit to it).
  ...(OPTS.lowRate ? [{ id: 'low' as const, mode: 'rate' as const, rate: OPTS.lowRate, rounds: 1, label: `${OPTS.lowRate}/s` }] : []),
  { id: 'sat', mode: 'saturation', rate: 0, rounds: OPTS.rounds, label: 'saturation' },
  { id: 'rate', mode: 'rate', rate: OPTS.rate, rounds: OPTS.rounds, label: `${OPTS.rate}/s` },
];

interface Aggregate {
  server: Key;
  label: string;
  phase: PhaseId;
  phaseLabel: string;
  mode: Mode;
  rounds: number;
  /** Mean of the rounds' throughputs (acknowledged ballots per second). */
  throughput: number;
  throughputPerRound: number[];
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  requests: number;
  acked: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  notCard: number;
  rssPeakMb: number;
  rssMeanMb: number;
  avgResponseKb: number;
  /** Rate mode: requests per second actually offered, sends > 1 ms late, largest lag. */
  offeredRate: number;
  lateSends: number;
  maxLagMs: number;
  /** Cores other processes on the machine kept busy during these rounds (mean), and the bench's own. */
  otherCores: number | null;
  benchCores: number | null;
  /** CPU time the server process used per answered request (ms), over these rounds: 10 ms resolution per round, so only meaningful for many requests. */
  cpuMsPerReq: number | null;
  /** Share of one core the server process used. */
  serverCores: number | null;
  /** Longest the server's event loop was blocked (monitorEventLoopDelay), and its p99. */
  loopMaxMs: number;
  loopP99Ms: number;
  /** (c): store file size after each round (MB). */
  storeMbPerRound: Array<number | null>;
  /** V8 heap at the end of the last round (MB): used / total. */
  heapUsedMb: number;
  heapTotalMb: number;
}

type Measured = RoundResult & { rss: RssReport; cpu: CpuWindow; serverCpuS: number | null; storeMb: number | null };

function aggregate(key: Key, label: string, phase: Phase, rs: Measured[]): Aggregate {
  const lat = new Float64Array(rs.reduce((n, r) => n + r.latencies.length, 0));
  let o = 0;
  for (const r of rs) {
    lat.set(r.latencies, o);
    o += r.latencies.length;
  }
  const s = sorted(lat);
  const sum = (f: (r: Measured) => number) => rs.reduce((n, r) => n + f(r), 0);
  const samples = rs.reduce((n, r) => n + r.rss.samples, 0);
  return {
    server: key,
    label,
    phase: phase.id,
    phaseLabel: phase.label,
    mode: phase.mode,
    rounds: rs.length,
    throughput: round(mean(rs.map((r) => r.throughput)), 0),
    throughputPerRound: rs.map((r) => round(r.throughput, 0)),
    p50: round(pct(s, 50), 2),
    p95: round(pct(s, 95), 2),
    p99: round(pct(s, 99), 2),
    max: round(s[s.length - 1], 1),
    mean: round(mean(lat), 2),
    requests: sum((r) => r.completed),
    acked: sum((r) => r.acked),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    non2xx: sum((r) => r.non2xx),
    notCard: sum((r) => r.notCard),
    rssPeakMb: round(Math.max(...rs.map((r) => r.rss.peakMb)), 0),
    rssMeanMb: round(rs.reduce((n, r) => n + r.rss.meanMb * r.rss.samples, 0) / Math.max(samples, 1), 0),
    avgResponseKb: round(
      sum((r) => r.avgResponseBytes * r.completed) /
        Math.max(
          sum((r) => r.completed),
          1,
        ) /
        1024,
      1,
    ),
    offeredRate: round(sum((r) => r.sent) / sum((r) => r.elapsedS), 1),
    lateSends: sum((r) => r.lateSends),
    maxLagMs: round(Math.max(...rs.map((r) => r.maxLagMs)), 1),
    otherCores: rs.every((r) => r.cpu.otherCores !== null) ? round(mean(rs.map((r) => r.cpu.otherCores!)), 2) : null,
    benchCores: rs.every((r) => r.cpu.benchCores !== null) ? round(mean(rs.map((r) => r.cpu.benchCores!)), 2) : null,
    cpuMsPerReq: rs.every((r) => r.serverCpuS !== null)
      ? round(
          (1000 * sum((r) => r.serverCpuS!)) /
            Math.max(
              sum((r) => r.completed),
              1,
            ),
          2,
        )
      : null,
    serverCores: rs.every((r) => r.serverCpuS !== null) ? round(sum((r) => r.serverCpuS!) / sum((r) => r.elapsedS), 2) : null,
    loopMaxMs: round(Math.max(...rs.map((r) => r.rss.loopMaxMs)), 1),
    loopP99Ms: round(Math.max(...rs.map((r) => r.rss.loopP99Ms)), 1),
    storeMbPerRound: rs.map((r) => r.storeMb),
    heapUsedMb: round(rs[rs.length - 1].rss.heapUsedMb, 0),
    heapTotalMb: round(rs[rs.length - 1].rss.heapTotalMb, 0),
  };
}

// ------------------------------------------------------------------------------------------------
// Machine
// ------------------------------------------------------------------------------------------------

function machine() {
  const sh = (cmd: string, args: string[]) => {
    try {
      return execFileSync(cmd, args, { encoding: 'utf8' }).trim();
    } catch {
      return '?';
    }
  };
  return {
    date: new Date().toISOString(),
    nproc: sh('nproc', []),
    cpu: os.cpus()[0]?.model ?? '?',
    memory: sh('free', ['-h']),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    tmpFs: sh('stat', ['-f', '-c', '%T', os.tmpdir()]),
  };
}

// ------------------------------------------------------------------------------------------------
// Load phase
// ------------------------------------------------------------------------------------------------

interface LoadOutcome {
  aggregates: Aggregate[];
  rounds: Array<
    Omit<RoundResult, 'latencies'> & {
      round: number;
      rss: { peakMb: number; meanMb: number; loopMaxMs: number };
      cpu: CpuWindow;
      storeMb: number | null;
      p50: number;
      p95: number;
      p99: number;
    }
  >;
  servers: Record<Key, { pid: number; startMs: number; idleRssMb: number }>;
  store: StoreVerdict;
  connector: ConnectorVerdict;
  botStats: Record<string, unknown>;
  storeBytesAfterSetup: number;
  /** (c)'s durable writes by duration, per phase (all its rounds). */
  commits: Record<string, CommitWindow | null>;
  profile: ProfileSummary | null;
  logDir: string;
  /** Warm-up figures: (c) with a still small store. */
  warmup: Record<string, { throughput: number; cpuMsPerReq: number | null; storeKb: number | null }>;
  /** --heap-snapshot: (c)'s heap halfway through its first saturation round. */
  heap: (HeapSummary & { rssMb: number; heapUsedMb: number }) | null;
}

async function loadPhase(): Promise<LoadOutcome> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'styrebot-bench-'));
  const storePath = path.join(work, 'store', 'db.json');
  mkdirSync(path.dirname(storePath), { recursive: true });
  const profileDir = path.join(RESULTS, 'profiles');
  if (OPTS.profile || OPTS.cpuProf) mkdirSync(profileDir, { recursive: true });
  const fc: FakeConnector = await startFakeConnector();
  const children = {} as Record<Key, ServerChild>;
  const profileStart = Date.now();
  try {
    log(`starting the servers (each in its own process; logs in ${work}) …`);
    const started = await Promise.all(
      SERVERS.map((s) =>
        spawnServer(s.label, s.script, {
          logFile: path.join(work, `${s.key}.log`),
          env: s.key === 'c' ? { BENCH_STORE_PATH: storePath, BENCH_BOT: OPTS.bot } : {},
          nodeArgs: s.key === 'c' ? [...(OPTS.cpuProf ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...OPTS.botNodeArgs] : [],
        }),
      ),
    );
    SERVERS.forEach((s, i) => (children[s.key] = started[i]));
    for (const s of SERVERS)
      log(
        `  ${s.label.padEnd(22)} pid ${children[s.key].pid}, port ${children[s.key].port}, ready in ${Math.round(children[s.key].startMs)} ms, idle RSS ${round(children[s.key].idleRssMb, 0)} MB`,
      );

    log('setting up (c) over HTTP: install in a group chat of 50, 10 × "ny risiko", "risikoafstemning" …');
    const target: Target = await seedBot(children.c.url, fc, storePath);
    const storeBytesAfterSetup = statSync(storePath).size;
    log(
      `  group ${target.groupId}, round ${target.roundId} over ${target.riskIds.join(' ')}, ballot card ${target.cardActivityId}; store ${(storeBytesAfterSetup / 1024).toFixed(0)} KB`,
    );

    const runId = Date.now().toString(36);
    const makers = Object.fromEntries(SERVERS.map((s, i) => [s.key, new BallotMaker(target, `${runId}${s.key}`, 2025 + i)])) as Record<
      Key,
      BallotMaker
    >;
    const books = Object.fromEntries(SERVERS.map((s) => [s.key, new VoterBook()])) as Record<Key, VoterBook>;
    const loadWindows: Array<[number, number]> = [];

    const drive = async (key: Key, mode: Mode, seconds: number, rate = 0) => {
      const from = Date.now();
      const r = await runRound(
        { server: key, url: children[key].url, mode, durationMs: seconds * 1000, connections: OPTS.connections, rate },
        makers[key],
        books[key],
      );
      if (key === 'c') loadWindows.push([from, Date.now()]);
      return r;
    };

    log(`warm-up: ${OPTS.warmupSeconds} s saturation per server …`);
    const warmup: Record<string, { throughput: number; cpuMsPerReq: number | null; storeKb: number | null }> = {};
    for (const s of SERVERS) {
      const w = cpuWindow(() => [children[s.key].pid]);
      const r = await drive(s.key, 'saturation', OPTS.warmupSeconds);
      const cpuS = w.end().cpuSByPid[children[s.key].pid];
      const cpuMsPerReq = r.completed ? round((1000 * cpuS) / r.completed, 2) : null;
      const storeKb = s.key === 'c' ? Math.round(statSync(storePath).size / 1024) : null;
      warmup[s.key] = { throughput: round(r.throughput, 0), cpuMsPerReq, storeKb };
      log(
        `  ${s.label.padEnd(22)} ${round(r.throughput, 0)} req/s, ${r.acked}/${r.completed} acknowledged, ${cpuMsPerReq ?? '?'} CPU ms/req${storeKb !== null ? `, store now ${storeKb} KB` : ''}`,
      );
      await sleep(300);
    }

    const perRound: LoadOutcome['rounds'] = [];
    const commitsByPhase: Record<string, CommitWindow[]> = {};
    let heapTaken: { file: string; rssMb: number; heapUsedMb: number } | null = null;
    const results: Record<string, Measured[]> = {};
    const pids = () => [process.pid, ...SERVERS.map((s) => children[s.key].pid)];
    if (OPTS.profile) children.c.profileStart();
    for (const phase of PHASES) {
      const what =
        phase.mode === 'saturation'
          ? `saturation (closed loop, ${OPTS.connections} connections)`
          : `fixed rate ${phase.rate} req/s paced evenly over ${OPTS.connections} connections (open loop)`;
      log(`${what}: ${phase.rounds} × ${OPTS.seconds} s per server, alternating …`);
      for (let i = 1; i <= phase.rounds; i++) {
        for (const s of SERVERS) {
          const commitsBefore = s.key === 'c' ? readBuckets(await children.c.stats()) : null;
          await children[s.key].mark();
          const w = cpuWindow(pids);
          const snapshot = OPTS.heapSnapshot && s.key === 'c' && phase.id === 'sat' && i === 1 ? heapSnapshotHalfway(children.c) : null;
          const r = await drive(s.key, phase.mode, OPTS.seconds, phase.rate);
          if (snapshot) heapTaken = await snapshot;
          const cpu = w.end();
          const serverCpuS = cpu.cpuSByPid[children[s.key].pid] ?? null;
          const rss = await children[s.key].report();
          const storeMb = s.key === 'c' ? round(statSync(storePath).size / 1024 / 1024, 2) : null;
          const commits = s.key === 'c' ? commitWindow(commitsBefore, readBuckets(await children.c.stats())) : null;
          if (commits) (commitsByPhase[phase.id] ??= []).push(commits);
          (results[`${s.key}:${phase.id}`] ??= []).push({ ...r, rss, cpu, serverCpuS, storeMb });
          const sl = sorted(r.latencies);
          const row = {
            ...r,
            latencies: undefined,
            phase: phase.id,
            round: i,
            rss: { peakMb: round(rss.peakMb, 0), meanMb: round(rss.meanMb, 0), loopMaxMs: round(rss.loopMaxMs, 1) },
            cpu,
            storeMb,
            p50: round(pct(sl, 50), 2),
            p95: round(pct(sl, 95), 2),
            p99: round(pct(sl, 99), 2),
          };
          delete (row as any).latencies;
          perRound.push(row as any);
          const cpuPerReq = serverCpuS !== null && r.completed ? ` ${round((1000 * serverCpuS) / r.completed, 2)} CPU ms/req` : '';
          log(
            `  ${phase.label.slice(0, 4)} ${i} ${s.label.padEnd(22)} ${String(round(r.throughput, 0)).padStart(6)} req/s  p50 ${row.p50} ms  p99 ${row.p99} ms  errors ${r.errors + r.non2xx + r.notCard}  RSS peak ${row.rss.peakMb} MB ${cpuPerReq}  loop blocked ≤ ${row.rss.loopMaxMs} ms${storeMb !== null ? `  store ${storeMb} MB` : ''}  (others: ${cpu.otherCores ?? '?'} cores)`,
          );
          if (commits) log(`         ${describeCommits(commits)}`);
          await sleep(300);
        }
      }
    }
    const aggregates: Aggregate[] = [];
    for (const phase of PHASES) for (const s of SERVERS) aggregates.push(aggregate(s.key, s.label, phase, results[`${s.key}:${phase.id}`]));

    let profileFile: string | null = null;
    if (OPTS.profile)
      profileFile = await children.c.profileStop(path.join(profileDir, `bot-${new Date().toISOString().replace(/[:.]/g, '-')}.cpuprofile`));
    log('verifying (c): waiting 2.6 s for the last shared-card update, then reading the store file …');
    await sleep(2600);
    const botStats = await children.c.stats();
    const store = await verifyStore(storePath, target, books.c);
    const connector = verifyConnector(fc, target, loadWindows);

    const servers = Object.fromEntries(
      SERVERS.map((s) => [
        s.key,
        { pid: children[s.key].pid, startMs: Math.round(children[s.key].startMs), idleRssMb: round(children[s.key].idleRssMb, 0) },
      ]),
    ) as LoadOutcome['servers'];
    await Promise.all(SERVERS.map((s) => children[s.key].stop()));
    let profile: ProfileSummary | null = null;
    if (profileFile) profile = summariseProfile(profileFile, 40);
    else if (OPTS.cpuProf) {
      // CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile: thread 0 is the main thread (tsx's
      // loader runs in a worker thread that gets a profile of its own).
      const main = readdirSync(profileDir)
        .filter((f) => f.endsWith('.cpuprofile') && f.includes(`.${servers.c.pid}.0.`))
        .map((f) => path.join(profileDir, f))
        .filter((f) => statSync(f).mtimeMs >= profileStart)[0];
      if (main) profile = summariseProfile(main, 40);
      else log('  (no .cpuprofile of the main thread was written)');
    }
    let heap: LoadOutcome['heap'] = null;
    if (heapTaken)
      heap = { ...summariseHeap(heapTaken.file), rssMb: round(heapTaken.rssMb, 0), heapUsedMb: round(heapTaken.heapUsedMb, 0) };
    const commits = Object.fromEntries(PHASES.map((p) => [p.id, sumWindows(commitsByPhase[p.id] ?? [])]));
    return {
      aggregates,
      rounds: perRound,
      servers,
      store,
      connector,
      botStats,
      storeBytesAfterSetup,
      commits,
      profile,
      logDir: work,
      warmup,
      heap,
    };
  } catch (err) {
    log(`load phase failed; child logs are in ${work}`);
    throw err;
  } finally {
    await Promise.all(Object.values(children).map((c) => c.stop().catch(() => {})));
    await fc.close();
  }
}

/** Asks (c) for a heap snapshot halfway through the round that is starting. */
function heapSnapshotHalfway(c: ServerChild) {
  const dir = path.join(RESULTS, 'heap');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `bot-${new Date().toISOString().replace(/[:.]/g, '-')}.heapsnapshot`);
  return sleep((OPTS.seconds * 1000) / 2).then(() => c.heapSnapshot(file));
}

// ------------------------------------------------------------------------------------------------
// Start-up of the production build
// ------------------------------------------------------------------------------------------------

interface StartupOutcome {
  buildS: number | null;
  figures: StartupFigure[];
}

async function startupPhase(built: boolean): Promise<StartupOutcome> {
  log(
    `start-up: npm run start:bot (tsx) vs the production build (node dist/index.js), ${OPTS.starts} starts each, fresh store, time to a healthy /healthz and RSS 2 s later …`,
  );
  return startupFigures(path.resolve(HERE, '..'), { starts: OPTS.starts, build: OPTS.build && !built, log });
}

// ------------------------------------------------------------------------------------------------
// Single-operation figures
// ------------------------------------------------------------------------------------------------

interface MicroOutcome {
  clicks: ClickPart[];
  disk: DiskFloor;
  sizes: StoreSizeRow[];
  agenda: TimedFigure[];
  docx: TimedFigure;
  tick: TimedFigure & { reminders: number; jobs: number };
}

async function microPhase(): Promise<MicroOutcome> {
  log("single operations: one click's CPU by part, disk floor, vote write vs store size, agenda, .docx, scheduler tick …");
  const clicks = await clickBreakdown();
  for (const c of clicks) log(`  ${c.part}: p50 ${c.p50Us} µs, p95 ${c.p95Us} µs`);
  const disk = await diskFloor();
  log(`  durable write floor (64 KB: write, fsync, rename, fsync dir): p50 ${disk.p50} ms, p95 ${disk.p95} ms, p99 ${disk.p99} ms`);
  const sizes: StoreSizeRow[] = [];
  for (const [groups, years] of [
    [1, 1],
    [2, 5],
    [10, 10],
  ] as const) {
    if (groups * years > OPTS.maxGroupYears) continue;
    const row = await storeWriteLatency(groups, years, 50);
    sizes.push(row);
    log(
      `  ${String(row.groupYears).padStart(3)} group-years: file ${row.fileMb} MB (+ audit log ${row.auditMb} MB), one vote p50 ${row.p50} ms, p95 ${row.p95} ms (encode ${row.encodeP50} ms + durable write ${row.durableWriteP50} ms)`,
    );
  }
  const agenda = await agendaParse(50);
  for (const a of agenda) log(`  ${a.name}: first ${a.firstMs} ms, p50 ${a.p50Ms} ms, max ${a.maxMs} ms`);
  const docx = await minutesDocx(40);
  log(`  ${docx.name}: first ${docx.firstMs} ms, p50 ${docx.p50Ms} ms, max ${docx.maxMs} ms`);
  const tick = await schedulerTick(1000, 200);
  log(`  ${tick.name}: p50 ${tick.p50Ms} ms, ${tick.detail}, max ${tick.maxMs} ms`);
  return { clicks, disk, sizes, agenda, docx, tick };
}

// ------------------------------------------------------------------------------------------------
// Report
// ------------------------------------------------------------------------------------------------

interface TargetRow {
  target: string;
  value: string;
  pass: boolean;
  gap: string;
}

function targets(load: LoadOutcome | null, micro: MicroOutcome | null, startup: StartupOutcome | null = null): TargetRow[] {
  const out: TargetRow[] = [];
  if (load) {
    const g = (k: Key, m: PhaseId) => load.aggregates.find((a) => a.server === k && a.phase === m)!;
    const satB = g('b', 'sat');
    const satC = g('c', 'sat');
    const ratio = satC.throughput / satB.throughput;
    out.push({
      target: 'saturation throughput (c) ≥ 75 % of (b)',
      value: `${satC.throughput} vs ${satB.throughput} req/s = ${(ratio * 100).toFixed(0)} %`,
      pass: ratio >= 0.75,
      gap:
        ratio >= 0.75
          ? `${((ratio - 0.75) * 100).toFixed(0)} points to spare`
          : `${Math.ceil(0.75 * satB.throughput - satC.throughput)} req/s short (${((0.75 - ratio) * 100).toFixed(0)} points)`,
    });
    const rc = g('c', 'rate');
    const over =
      rc.offeredRate < 0.95 * OPTS.rate ? `; (c) took only ${rc.offeredRate}/s — over its capacity, the queue grew all round` : '';
    out.push({
      target: `fixed ${OPTS.rate}/s: p99 of (c) ≤ 15 ms`,
      value: `${rc.p99} ms (p50 ${rc.p50}, p95 ${rc.p95}${over})`,
      pass: rc.p99 <= 15,
      gap: rc.p99 <= 15 ? `${round(15 - rc.p99, 1)} ms to spare` : `${round(rc.p99 - 15, 1)} ms over`,
    });
    const errs = rc.errors + rc.non2xx + rc.notCard;
    out.push({
      target: `fixed ${OPTS.rate}/s: zero errors (c)`,
      value: `${errs} (errors ${rc.errors}, timeouts ${rc.timeouts}, non-2xx ${rc.non2xx}, not a card ${rc.notCard})`,
      pass: errs === 0,
      gap: errs === 0 ? '—' : `${errs} errors`,
    });
    const lost = load.store.lost + load.store.duplicates + load.store.strangers;
    out.push({
      target: 'zero lost ballots (store = last acknowledged per voter, once)',
      value: `${load.store.acked} acknowledged, ${load.store.lost} lost, ${load.store.duplicates} duplicated; file parses ${load.store.parses}, checkStore ${load.store.checkOk ? 'ok' : 'FAILED'}`,
      pass: load.store.ok,
      gap: load.store.ok ? '—' : `${lost} wrong voters${load.store.checkOk ? '' : '; ' + load.store.checkProblems.slice(0, 2).join('; ')}`,
    });
    out.push({
      target: '≤ 1 shared-card update per 2 s, no other connector call during load',
      value: `${load.connector.puts} PUTs, closest ${load.connector.minIntervalMs ?? '—'} ms apart, ${load.connector.otherCallsDuringLoad} other calls`,
      pass: load.connector.ok,
      gap: load.connector.ok ? '—' : `${load.connector.tooClose} PUTs too close, ${load.connector.otherCallsDuringLoad} other calls`,
    });
    const rssB = Math.max(g('b', 'sat').rssPeakMb, g('b', 'rate').rssPeakMb);
    const rssC = Math.max(g('c', 'sat').rssPeakMb, g('c', 'rate').rssPeakMb);
    out.push({
      target: 'RSS peak of (c) ≤ 1.5 × (b)',
      value: `${rssC} vs ${rssB} MB = ${(rssC / rssB).toFixed(2)} ×`,
      pass: rssC <= 1.5 * rssB,
      gap: rssC <= 1.5 * rssB ? `${Math.round(1.5 * rssB - rssC)} MB to spare` : `${Math.round(rssC - 1.5 * rssB)} MB over`,
    });
    // The answer to a ballot click: the voter's own card (10 risks), as JSON on the wire.
    const answer = Math.round(Math.max(...PHASES.map((p) => g('c', p.id).avgResponseKb)) * 1024);
    out.push({
      target: 'answer to a ballot click (10 risks) ≤ 4 KB',
      value: `${answer} bytes (mean per answer of (c); (b)'s fixed card ${Math.round(g('b', 'sat').avgResponseKb * 1024)} bytes)`,
      pass: answer <= 4096,
      gap: answer <= 4096 ? `${4096 - answer} bytes to spare` : `${answer - 4096} bytes over`,
    });
  }
  if (micro) {
    const a = micro.agenda[0];
    const worstAgenda = Math.max(...micro.agenda.map((x) => x.maxMs));
    out.push({
      target: 'agenda parse of 50 pages < 1 s',
      value: `worst ${worstAgenda} ms (p50 ${a.p50Ms} ms; first run included)`,
      pass: worstAgenda < 1000,
      gap: worstAgenda < 1000 ? `${Math.round(1000 - worstAgenda)} ms to spare` : `${Math.round(worstAgenda - 1000)} ms over`,
    });
    out.push({
      target: '40-item .docx < 2 s',
      value: `worst ${micro.docx.maxMs} ms (p50 ${micro.docx.p50Ms} ms; first run included)`,
      pass: micro.docx.maxMs < 2000,
      gap:
        micro.docx.maxMs < 2000 ? `${Math.round(2000 - micro.docx.maxMs)} ms to spare` : `${Math.round(micro.docx.maxMs - 2000)} ms over`,
    });
    const p95 = Number(/p95 ([\d.]+)/.exec(micro.tick.detail)?.[1] ?? micro.tick.maxMs);
    out.push({
      target: 'scheduler tick (1,000 meetings) < 5 ms',
      value: `p95 ${p95} ms over ${micro.tick.runs} ticks (p50 ${micro.tick.p50Ms}, max ${micro.tick.maxMs})`,
      pass: p95 < 5,
      gap: p95 < 5 ? `${round(5 - p95, 2)} ms to spare` : `${round(p95 - 5, 2)} ms over`,
    });
  }
  if (startup) {
    const [tsx, dist] = startup.figures;
    out.push({
      target: 'production build (node dist/index.js) starts healthy',
      value: `healthy in ${dist.medianHealthyMs} ms, idle RSS ${dist.medianIdleRssMb} MB (start:bot with tsx: ${tsx.medianHealthyMs} ms, ${tsx.medianIdleRssMb} MB)`,
      pass: dist.healthyMs.length > 0,
      gap: '—',
    });
  }
  return out;
}

function printReport(
  m: ReturnType<typeof machine>,
  load: LoadOutcome | null,
  micro: MicroOutcome | null,
  tgs: TargetRow[],
  startup: StartupOutcome | null = null,
) {
  const line = '─'.repeat(118);
  log();
  log(line);
  log(`styrebot bench — ${m.date} — ${m.nproc} cores (${m.cpu}), node ${m.node}, ${m.platform}, store on ${m.tmpFs}`);
  log(line);
  if (load) {
    log(
      `(c) ran ${OPTS.bot === 'dist' ? 'the production build (node dist/, as the container)' : 'the sources through tsx (npm run start:bot)'}; (a) and (b) run through tsx.`,
    );
    log(
      `Card actions (vote.cast Action.Execute invokes, 50 voters), ${OPTS.seconds} s rounds alternating (a)(b)(c): ${PHASES.map((p) => `${p.label} ${p.rounds} ×`).join(', ')}:`,
    );
    const head = [
      'server',
      'mode',
      'req/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'max ms',
      'errors',
      'non-2xx',
      'not card',
      'RSS peak',
      'RSS mean',
      'CPU ms/req',
      'resp KB',
      'bg cores',
    ];
    const widths = [22, 11, 7, 7, 7, 7, 8, 7, 8, 9, 9, 9, 11, 8, 9];
    const fmt = (cells: Array<string | number>) =>
      cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' ');
    log(fmt(head));
    for (const a of load.aggregates) {
      log(
        fmt([
          a.label,
          a.phaseLabel,
          a.throughput,
          a.p50,
          a.p95,
          a.p99,
          a.max,
          a.errors,
          a.non2xx,
          a.notCard,
          `${a.rssPeakMb} MB`,
          `${a.rssMeanMb} MB`,
          a.cpuMsPerReq ?? '?',
          a.avgResponseKb,
          a.otherCores ?? '?',
        ]),
      );
    }
    const noisy = Math.max(...load.aggregates.map((a) => a.otherCores ?? 0));
    log(
      `(errors = connection errors + timeouts; "not card" = 2xx without a card, e.g. an error message; CPU ms/req = the server process's CPU time per answer; bg cores = CPU other processes on this ${machineCores}-core machine used meanwhile)`,
    );
    if (noisy > 0.3)
      log(
        `⚠ other processes kept up to ${noisy} cores busy during some rounds: the machine was shared, absolute numbers are low and noisy; the alternating rounds keep the ratios fairer.`,
      );
    const g = (k: Key, mo: PhaseId) => load.aggregates.find((a) => a.server === k && a.phase === mo)!;
    log();
    log('Ratios                          (c)/(b)    (c)/(a)');
    const ratioLine = (label: string, ph: PhaseId, f: (a: Aggregate) => number) => {
      if (!PHASES.some((p) => p.id === ph)) return;
      const c = f(g('c', ph));
      log(`${label.padEnd(30)}${(c / f(g('b', ph))).toFixed(2).padStart(7)} ×  ${(c / f(g('a', ph))).toFixed(2).padStart(7)} ×`);
    };
    ratioLine('saturation throughput', 'sat', (a) => a.throughput);
    ratioLine('CPU per request (saturation)', 'sat', (a) => a.cpuMsPerReq ?? NaN);
    ratioLine('saturation p99', 'sat', (a) => a.p99);
    ratioLine(`${OPTS.rate}/s p50`, 'rate', (a) => a.p50);
    ratioLine(`${OPTS.rate}/s p99`, 'rate', (a) => a.p99);
    ratioLine(`${OPTS.lowRate}/s p50`, 'low', (a) => a.p50);
    ratioLine(`${OPTS.lowRate}/s p99`, 'low', (a) => a.p99);
    ratioLine('RSS peak (saturation)', 'sat', (a) => a.rssPeakMb);
    ratioLine(`RSS peak (${OPTS.rate}/s)`, 'rate', (a) => a.rssPeakMb);
    log();
    log(
      `Warm-up (fresh store for (c)): CPU ms/req ${SERVERS.map((s) => `${s.label.slice(0, 3)} ${load.warmup[s.key].cpuMsPerReq}`).join(', ')}; (c) store ${load.warmup.c.storeKb} KB after it`,
    );
    log(
      `Per-round throughput (drift): ${load.aggregates
        .filter((a) => a.mode === 'saturation')
        .map((a) => `${a.label.slice(0, 3)} ${a.throughputPerRound.join(' / ')}`)
        .join('   ')}`,
    );
    log(
      `Event loop blocked at most (max per server and mode): ${load.aggregates.map((a) => `${a.label.slice(0, 3)} ${a.phaseLabel} ${a.loopMaxMs} ms`).join(', ')}`,
    );
    log(
      `V8 heap after the last round, used/total: ${load.aggregates.map((a) => `${a.label.slice(0, 3)} ${a.phaseLabel} ${a.heapUsedMb}/${a.heapTotalMb} MB`).join(', ')}`,
    );
    log(
      `Store file of (c) after each round (MB): ${PHASES.map((p) => `${p.label} ${g('c', p.id).storeMbPerRound.join(' → ')}`).join('; ')}`,
    );
    log(
      `Offered rate in the fixed-rate rounds: ${load.aggregates
        .filter((a) => a.mode === 'rate')
        .map(
          (a) => `${a.label.slice(0, 3)} ${a.phaseLabel}: ${a.offeredRate}/s (${a.lateSends} sends > 1 ms late, max lag ${a.maxLagMs} ms)`,
        )
        .join('; ')}`,
    );
    const st = load.botStats as any;
    log(
      `Durable writes of (c) by duration, per phase: ${PHASES.map((p) => `${p.label}: ${describeCommits(load.commits[p.id] ?? null)}`).join('; ')} (slowest of the whole run ${st.store?.slowestWriteMs ?? '?'} ms).`,
    );
    log(
      `Bot store during the run: ${st.store?.writes} durable writes for ${st.store?.mutations} mutations (largest batch ${st.store?.largestBatch}, failed ${st.store?.failedWrites}); file ${(load.storeBytesAfterSetup / 1024).toFixed(0)} KB after setup → ${(st.fileBytes / 1024 / 1024).toFixed(2)} MB after the load (${st.audit} audit entries in the audit log, ${((st.auditBytes ?? 0) / 1024 / 1024).toFixed(1)} MB, ${st.auditInMemory} of them kept in memory; ${st.processed} ids in the replay list).`,
    );
    log(
      `Store check: ${load.store.sent} ballots sent to (c), ${load.store.acked} acknowledged; ${load.store.ballotsInRound} ballots in the round; lost ${load.store.lost}, duplicated ${load.store.duplicates}, strangers ${load.store.strangers}, later-unanswered kept ${load.store.laterUnacked}; file parses: ${load.store.parses}; checkStore: ${load.store.checkOk ? 'ok' : load.store.checkProblems.join('; ')}`,
    );
    for (const d of load.store.details.slice(0, 5)) log(`  ! ${d}`);
    if (load.heap) {
      const h = load.heap;
      log(
        `Heap of (c) halfway through saturation round 1: RSS ${h.rssMb} MB, heap used ${h.heapUsedMb} MB; snapshot ${h.totalMb} MB in ${h.nodes} nodes (${h.file}). Largest by self size:`,
      );
      log(
        "  (writing the snapshot blocks (c) for seconds and raises its RSS: (c)'s latency and RSS in this run are not comparable; take the figures from a run without --heap-snapshot)",
      );
      for (const r of h.top.slice(0, 15))
        log(`    ${r.what.padEnd(70)} ${String(r.count).padStart(9)} × ${String(r.selfMb).padStart(8)} MB`);
    }
    log(
      `Connector: ${load.connector.puts} PUTs of the shared ballot card (${load.connector.cards} card(s) updated in all), closest two PUTs of one card ${load.connector.minIntervalMs ?? '—'} ms apart (${load.connector.tooClose} under 2 s); ${load.connector.otherCallsDuringLoad} other calls while the load ran.`,
    );
    log();
  }
  if (micro) {
    log('Single operations:');
    log('  one ballot click, in-process (no HTTP, no disk), p50 / p95:');
    for (const c of micro.clicks) log(`    ${c.part.padEnd(62)} ${String(c.p50Us).padStart(6)} µs ${String(c.p95Us).padStart(6)} µs`);
    log(
      `  durable write floor of this disk (64 KB, as every store write: write, fsync, rename, fsync dir): p50 ${micro.disk.p50} ms, p95 ${micro.disk.p95} ms, p99 ${micro.disk.p99} ms, max ${micro.disk.max} ms`,
    );
    log('  one vote (store.update of one ballot) vs history in the store:');
    log('    group-years   file MB  audit MB   open ms   p50 ms   p95 ms   max ms   encode p50   checkpoint write p50');
    for (const s of micro.sizes)
      log(
        `    ${String(s.groupYears).padStart(11)} ${String(s.fileMb).padStart(9)} ${String(s.auditMb).padStart(9)} ${String(s.openMs).padStart(9)} ${String(s.p50).padStart(8)} ${String(s.p95).padStart(8)} ${String(s.max).padStart(8)} ${String(s.encodeP50).padStart(10)} ms ${String(s.durableWriteP50).padStart(18)} ms`,
      );
    const big = micro.sizes.at(-1);
    if (big && big.groupYears >= 100) {
      const slow = big.p50 > 50;
      log(
        slow
          ? `  ⚠ every commit serialises the whole document and writes it to the journal: at ${big.groupYears} group-years (${big.fileMb} MB) one vote takes ${big.p50} ms (p95 ${big.p95} ms), of which ${big.encodeP50} ms is JSON.stringify (a checkpoint's rewrite of the file, every few seconds under load, ${big.durableWriteP50} ms; the audit trail, ${big.auditMb} MB, is only appended to). Every click then waits for that, and group commit only amortises it across clicks that arrive together: this is where a database backend is needed.`
          : `  the whole-document commit at ${big.groupYears} group-years (${big.fileMb} MB): ${big.p50} ms per vote — not yet slow.`,
      );
    }
    for (const a of micro.agenda) log(`  ${a.name}: first ${a.firstMs} ms, p50 ${a.p50Ms} ms, max ${a.maxMs} ms (${a.detail})`);
    log(
      `  ${micro.docx.name}: first ${micro.docx.firstMs} ms, p50 ${micro.docx.p50Ms} ms, max ${micro.docx.maxMs} ms (${micro.docx.detail})`,
    );
    log(`  ${micro.tick.name}: p50 ${micro.tick.p50Ms} ms, max ${micro.tick.maxMs} ms (${micro.tick.detail})`);
    log();
  }
  if (startup) {
    log(
      `Start-up (fresh store, local mode)${startup.buildS !== null ? `, after npm run build (${startup.buildS} s)` : ''}: median of ${OPTS.starts}`,
    );
    for (const f of startup.figures)
      log(
        `  ${f.name.padEnd(28)} healthy after ${f.medianHealthyMs} ms (${f.healthyMs.join(', ')}), idle RSS ${f.medianIdleRssMb} MB (${f.idleRssMb.join(', ')})`,
      );
    log();
  }
  log('Targets:');
  for (const t of tgs) log(`  ${t.pass ? 'PASS' : 'MISS'}  ${t.target.padEnd(64)} ${t.value}${t.pass ? '' : `  — gap: ${t.gap}`}`);
  log(line);
}

// ------------------------------------------------------------------------------------------------

async function main() {
  const t0 = Date.now();
  const m = machine();
  log(
    `styrebot bench (${OPTS.bot === 'dist' ? '(c) from dist/' : '(c) through tsx'}): ${OPTS.rounds} rounds × ${OPTS.seconds} s per server and mode, fixed rate ${OPTS.rate}/s, ${OPTS.connections} voters${OPTS.profile ? ', CPU profile of (c)' : ''}`,
  );
  if (OPTS.waitQuiet) await waitQuiet(OPTS.waitQuiet);
  let built = false;
  if (OPTS.load && OPTS.bot === 'dist' && (OPTS.build || !existsSync(path.resolve(HERE, '../dist/bot.js')))) {
    log('building dist/ for (c) (npm run build) …');
    const t = Date.now();
    execFileSync(process.execPath, ['--import', 'tsx', path.resolve(HERE, '../scripts/build.ts')], { stdio: 'pipe' });
    log(`  built in ${round((Date.now() - t) / 1000, 1)} s`);
    built = true;
  }
  const load = OPTS.load ? await loadPhase() : null;
  // A failing single-operation figure must not throw away the load phase's results.
  const micro = OPTS.micro
    ? await microPhase().catch(
        (err) => (log(`single operations failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`), null),
      )
    : null;
  const startup = OPTS.startup ? await startupPhase(built) : null;
  const tgs = targets(load, micro, startup);
  printReport(m, load, micro, tgs, startup);
  if (load?.profile) printProfile(load.profile);
  const result = {
    machine: m,
    options: OPTS,
    durationS: Math.round((Date.now() - t0) / 1000),
    load: load && {
      servers: load.servers,
      warmup: load.warmup,
      summary: load.aggregates,
      rounds: load.rounds,
      store: load.store,
      connector: load.connector,
      botStats: load.botStats,
      storeBytesAfterSetup: load.storeBytesAfterSetup,
    },
    ratios: load && ratios(load.aggregates),
    micro,
    startup,
    heap: load?.heap ?? null,
    targets: tgs,
    profile: load?.profile ?? null,
  };
  mkdirSync(RESULTS, { recursive: true });
  writeFileSync(path.join(RESULTS, 'latest.json'), JSON.stringify(result, null, 2) + '\n');
  log(`wrote bench/results/latest.json (${result.durationS} s in all)`);
  // The servers' logs are kept when (c) was given Node flags (e.g. --trace-gc writes to its log).
  if (load && OPTS.botNodeArgs.length === 0) rmSync(load.logDir, { recursive: true, force: true });
  else if (load) log(`servers' logs kept in ${load.logDir}`);
  const failed = tgs.filter((t) => !t.pass).length;
  process.exitCode = load && !load.store.ok ? 2 : 0;
  if (failed)
    log(
      `${failed} target(s) missed (see docs/performance.md for the explanation${OPTS.profile || OPTS.cpuProf ? '' : "; --profile prints where the bot's CPU goes"}).`,
    );
}

/** Waits (up to `maxS` seconds) until other processes use < 0.3 cores over 5 s. */
async function waitQuiet(maxS: number) {
  const until = Date.now() + maxS * 1000;
  for (;;) {
    const w = cpuWindow(() => [process.pid]);
    await sleep(5000);
    const c = w.end();
    if (c.otherCores === null || c.otherCores < 0.3) return log(`machine quiet (${c.otherCores ?? '?'} cores busy elsewhere)`);
    if (Date.now() > until) return log(`machine still busy (${c.otherCores} cores elsewhere) after ${maxS} s; running anyway`);
    log(`waiting for a quiet machine: ${c.otherCores} cores busy elsewhere (load ${c.loadAvg})`);
  }
}

function ratios(aggs: Aggregate[]) {
  const g = (k: Key, m: PhaseId) => aggs.find((a) => a.server === k && a.phase === m)!;
  const both = (f: (a: Aggregate) => number, m: PhaseId) =>
    g('c', m) ? { cOverB: round(f(g('c', m)) / f(g('b', m)), 3), cOverA: round(f(g('c', m)) / f(g('a', m)), 3) } : null;
  return {
    saturationThroughput: both((a) => a.throughput, 'sat'),
    cpuPerRequestSaturation: both((a) => a.cpuMsPerReq ?? NaN, 'sat'),
    saturationP99: both((a) => a.p99, 'sat'),
    rateP50: both((a) => a.p50, 'rate'),
    rateP99: both((a) => a.p99, 'rate'),
    lowRateP50: both((a) => a.p50, 'low'),
    lowRateP99: both((a) => a.p99, 'low'),
    rssPeakSaturation: both((a) => a.rssPeakMb, 'sat'),
    rssPeakRate: both((a) => a.rssPeakMb, 'rate'),
  };
}

main().catch((err) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exit(1);
});
