/**
 * `npm run bench -- --store postgres`: ballots per second, latency, CPU and database round trips
 * per ballot for the JSON file store and for PostgreSQL with one and with two bot instances.
 *
 * Each setup: fresh store (a temp file, or a fresh database on a throwaway PostgreSQL started from
 * the installed binaries with fsync on — or DATABASE_URL's server), the real bot as child
 * process(es), a group of 50 voters installed over HTTP, two risks, one open round (the last setup:
 * two such groups, each instance getting clicks of both). Then ballot
 * clicks (each voter changes their ballot again and again, a new activity each time) from
 * `--connections` concurrent clients for `--seconds`, spread round-robin over the instances.
 * CPU per ballot is the bot processes' own CPU time (not PostgreSQL's); round trips are the
 * statements the store sent. Flags: --seconds S (default 10), --connections C (default 20).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import pg from 'pg';
import { VERBS } from '../../src/cards/verbs.js';
import { isPgUrl, openPgStore, openStore } from '../../src/storage/index.js';
import { botAdded, cardAction, groupChat, message, users, type TestConversation, type TestUser } from '../../test/helpers/activities.js';
import { startFakeConnector, type FakeConnector } from '../../test/helpers/fake-connector.js';
import { startServerIn, stopServerIn, withDatabase } from '../../test/helpers/pg-server.js';

interface Instance {
  child: ChildProcess;
  url: string;
  lines: Interface;
}

const argv = process.argv.slice(2);
const num = (name: string, dflt: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const SECONDS = num('seconds', 10);
const CONNECTIONS = num('connections', 20);
const voters: TestUser[] = Array.from({ length: 50 }, (_, i) => ({
  id: `29:voter-${i}`,
  name: `Vælger ${i + 1}`,
  aadObjectId: `aad-voter-${i}`,
}));
const RATINGS = ['green', 'yellow', 'red'];

async function start(env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/store/child.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const port = await new Promise<number>((resolve, reject) => {
    const onLine = (l: string) => {
      const m = /^ready (\d+)$/.exec(l);
      if (m) {
        lines.off('line', onLine);
        resolve(Number(m[1]));
      }
    };
    lines.on('line', onLine);
    child.once('exit', (c) => reject(new Error(`bench bot exited (${c})`)));
  });
  return { child, lines, url: `http://127.0.0.1:${port}` };
}

const stats = (i: Instance) =>
  new Promise<{ cpuMs: number; commits: number; mutations: number; roundTrips: number | null; widened: number }>((resolve) => {
    i.lines.once('line', (l) => resolve(JSON.parse(l)));
    i.child.stdin!.write('stats\n');
  });

async function post(i: Instance, activity: object) {
  const res = await fetch(`${i.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  await res.arrayBuffer();
  return res.status;
}

/** A second group with its own chat (the two-group setup): same 50 voters, its own round. */
const secondChat: TestConversation = { ...groupChat, id: '19:group-chat-b@thread.v2', name: 'Anden styregruppe' };

interface Round {
  chat: TestConversation;
  groupId: string;
  roundId: string;
  card: string;
}

async function setup(fc: FakeConnector, first: Instance, where: string, chat: TestConversation): Promise<Round> {
  fc.members.set(
    chat.id,
    [users.anna, ...voters].map((m) => ({ id: m.id, name: m.name, aadObjectId: m.aadObjectId, tenantId: chat.tenantId })),
  );
  if ((await post(first, botAdded(fc.url, chat, users.anna))) !== 200) throw new Error('install failed');
  for (const t of ['ny risiko Teknik: Forsinket certificering', 'ny risiko Drift: For få supportere', 'risikoafstemning'])
    await post(first, message(fc.url, chat, users.anna, t));
  const store = isPgUrl(where) ? await openPgStore({ url: where, readOnly: true }) : await openStore({ path: where, readOnly: true });
  try {
    const group = store.read().groups.find((g) => g.conversation.conversationId === chat.id);
    const round = store.read().voteRounds.find((r) => r.groupId === group?.id);
    if (!group || !round?.card?.activityId) throw new Error('no ballot card was posted');
    return { chat, groupId: group.id, roundId: round.id, card: round.card.activityId };
  } finally {
    await store.close();
  }
}

interface Row {
  setup: string;
  ballots: number;
  perSecond: number;
  p50: number;
  p99: number;
  cpuMsPerBallot: number;
  commitsPerBallot: number;
  roundTripsPerBallot: number | null;
  /** PostgreSQL: commits run again under wider locks (a change outside the ballot's group). */
  widened: number;
  errors: number;
}

async function measure(name: string, instances: Instance[], fc: FakeConnector, where: string, groups: number): Promise<Row> {
  const rounds: Round[] = [];
  for (const chat of [groupChat, secondChat].slice(0, groups)) rounds.push(await setup(fc, instances[0], where, chat));
  await new Promise((r) => setTimeout(r, 500)); // the other instance hears of the round
  // Click n goes to instance n % instances and (two groups) to group (n >> 1) % 2: every instance
  // gets clicks of both groups, as behind a load balancer.
  const click = (n: number) => {
    const r = rounds[(n >> 1) % rounds.length];
    return cardAction(
      fc.url,
      r.chat,
      voters[n % 50],
      VERBS.voteCast,
      { groupId: r.groupId, roundId: r.roundId, r_R1: RATINGS[n % 3], r_R2: RATINGS[(n >> 2) % 3], comment: '' },
      r.card,
    );
  };
  // Warm-up, then the measured window.
  for (let n = 0; n < 100; n++) await post(instances[n % instances.length], click(n));
  const before = await Promise.all(instances.map(stats));
  const latencies: number[] = [];
  let errors = 0;
  let n = 1000;
  const end = Date.now() + SECONDS * 1000;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) {
        const k = n++;
        const s = performance.now();
        const status = await post(instances[k % instances.length], click(k)).catch(() => 0);
        latencies.push(performance.now() - s);
        if (status !== 200) errors++;
      }
    }),
  );
  const elapsed = (Date.now() - t0) / 1000;
  const after = await Promise.all(instances.map(stats));
  const sum = (f: (x: (typeof after)[number]) => number) => after.reduce((acc, x, i) => acc + f(x) - f(before[i]), 0);
  latencies.sort((x, y) => x - y);
  const ballots = latencies.length;
  const pct = (p: number) => Math.round(latencies[Math.min(ballots - 1, Math.floor(ballots * p))] * 10) / 10;
  const rt = after[0].roundTrips === null ? null : sum((x) => x.roundTrips ?? 0);
  return {
    setup: name,
    ballots,
    perSecond: Math.round(ballots / elapsed),
    p50: pct(0.5),
    p99: pct(0.99),
    cpuMsPerBallot: Math.round((sum((x) => x.cpuMs) / ballots) * 100) / 100,
    commitsPerBallot: Math.round((sum((x) => x.commits) / ballots) * 100) / 100,
    roundTripsPerBallot: rt === null ? null : Math.round((rt / ballots) * 10) / 10,
    widened: sum((x) => x.widened ?? 0),
    errors,
  };
}

async function stop(instances: Instance[]) {
  await Promise.all(instances.map((i) => new Promise<void>((r) => (i.child.once('exit', () => r()), i.child.kill('SIGTERM')))));
}

export async function compareStores(): Promise<void> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'styrebot-bench-store-'));
  chmodSync(work, 0o755); // the server runs as the postgres user, in a directory below this one
  const ownServer = !process.env.DATABASE_URL;
  const pgDir = path.join(work, 'pg');
  const rows: Row[] = [];
  try {
    if (ownServer) mkdirSync(pgDir, { recursive: true });
    const server = process.env.DATABASE_URL ?? startServerIn(pgDir, { durable: true });
    const freshDb = async (name: string) => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${name}`);
      await c.end();
      return withDatabase(server, name);
    };
    const file = path.join(work, 'db.json');
    const setups: [string, () => Promise<string>, number, number][] = [
      ['lowdb file, 1 instance', async () => file, 1, 1],
      ['PostgreSQL, 1 instance', () => freshDb('styrebot_bench_1'), 1, 1],
      ['PostgreSQL, 2 instances', () => freshDb('styrebot_bench_2'), 2, 1],
      ['PostgreSQL, 2 instances, 2 groups', () => freshDb('styrebot_bench_3'), 2, 2],
    ];
    for (const [name, place, count, groups] of setups) {
      const fc = await startFakeConnector();
      const where = await place();
      const env: Record<string, string> = isPgUrl(where) ? { DATABASE_URL: where } : { STORE_PATH: where, DATABASE_URL: '' };
      const instances = await Promise.all(Array.from({ length: count }, () => start(env)));
      try {
        rows.push(await measure(name, instances, fc, where, groups));
        console.log(JSON.stringify(rows[rows.length - 1]));
      } finally {
        await stop(instances);
        await fc.close();
      }
    }
  } finally {
    if (ownServer) stopServerIn(pgDir);
    rmSync(work, { recursive: true, force: true });
  }
  console.log(
    `\nballot clicks, ${CONNECTIONS} concurrent clients, ${SECONDS} s, ${os.availableParallelism?.() ?? os.cpus().length} cores\n`,
  );
  console.log('| setup | ballots/s | p50 ms | p99 ms | bot CPU ms/ballot | commits/ballot | DB round trips/ballot | errors |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of rows)
    console.log(
      `| ${r.setup} | ${r.perSecond} | ${r.p50} | ${r.p99} | ${r.cpuMsPerBallot} | ${r.commitsPerBallot} | ${r.roundTripsPerBallot ?? '—'} | ${r.errors} |`,
    );
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) await compareStores();
