/**
 * The single-operation figures: durable write floor of the disk, one vote's write with 1, 10 and
 * 100 group-years in the store, agenda parsing (50 pages), minutes .docx (40 items), and the job
 * runner's tick with 1,000 planned meetings. Run after the load, with the servers stopped.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { castBallot } from '../../src/app/votes.js';
import { canVote } from '../../src/domain/votes.js';
import { systemClock } from '../../src/app/ports.js';
import { startBot } from '../../src/bot.js';
import { loadConfig } from '../../src/config.js';
import { addDays } from '../../src/domain/dates.js';
import type { Db, Rating } from '../../src/domain/model.js';
import { buildMinutes } from '../../src/export/minutes-model.js';
import { minutesToDocx } from '../../src/export/minutes-docx.js';
import { parseAgendaText } from '../../src/import/agenda-parser.js';
import { readAgendaBuffer } from '../../src/import/read-agenda-file.js';
import { createLogger } from '../../src/log.js';
import { addJob } from '../../src/scheduler/jobs.js';
import { syncReminderPlan } from '../../src/scheduler/reminders.js';
import { dbSchema, nodeFs, openStore, writeFileDurably } from '../../src/storage/index.js';
import { consistencyProblems } from '../../src/storage/check.js';
import { encodeStoreFile } from '../../src/storage/codec.js';
import { auditLines, auditPathFor } from '../../src/storage/audit-log.js';
import { makeBigAgendaText } from '../../test/helpers/big-agenda.js';
import { GROUP_ID, NOW, bigMeetingFixture } from '../../test/helpers/minutes-fixture.js';
import { group as timeGroup, meeting as timeMeeting } from '../../test/unit/time/builders.js';
import { historyDb, OPEN_ROUND_GROUP } from './history.js';
import { round, summary, timeIt } from './stats.js';

const tmp = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));
const MB = 1024 * 1024;

export interface DiskFloor {
  bytes: number;
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** open temp → write → fsync → close → rename → fsync dir (exactly what every store write does). */
export async function diskFloor(bytes = 64 * 1024, n = 60): Promise<DiskFloor> {
  const dir = tmp('styrebot-bench-disk-');
  try {
    const text = 'x'.repeat(bytes);
    const ms = await timeIt(n, () => writeFileDurably(nodeFs, path.join(dir, 'f.json'), text), 3);
    const s = summary(ms);
    const sortedMs = [...ms].sort((a, b) => a - b);
    return { bytes, n, p50: s.p50, p95: s.p95, p99: round(sortedMs[Math.ceil(0.99 * n) - 1], 2), max: s.max };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface StoreSizeRow {
  groupYears: number;
  groups: number;
  years: number;
  fileMb: number;
  /** The audit log beside it (appended to, never rewritten). */
  auditMb: number;
  records: Record<string, number>;
  openMs: number;
  writes: number;
  p50: number;
  p95: number;
  max: number;
  /** encodeStoreFile(db) alone, p50 (the part of a write that grows with the document; the audit trail is appended, not rewritten). */
  encodeP50: number;
  /** writeFileDurably of the encoded text alone, p50. */
  durableWriteP50: number;
}

export async function storeWriteLatency(groups: number, years: number, writes = 50): Promise<StoreSizeRow> {
  const dir = tmp('styrebot-bench-size-');
  const file = path.join(dir, 'db.json');
  try {
    const db = historyDb(groups, years);
    const parsed = dbSchema.safeParse(db);
    if (!parsed.success)
      throw new Error(
        `generated history does not pass the schema: ${parsed.error.issues
          .slice(0, 3)
          .map((i) => `${i.path.join('.')}: ${i.message}`)
          .join('; ')}`,
      );
    const problems = consistencyProblems(db);
    if (problems.length) throw new Error(`generated history is inconsistent: ${problems.slice(0, 3).join('; ')}`);
    // As the store itself leaves it: the document, and the audit trail in its log beside it.
    writeFileSync(auditPathFor(file), auditLines(db.audit), { mode: 0o600 });
    writeFileSync(file, encodeStoreFile(db), { mode: 0o600 });
    const t = performance.now();
    const store = await openStore({ path: file, clock: systemClock });
    const openMs = performance.now() - t;
    try {
      const g = store.read().groups.find((x) => x.id === OPEN_ROUND_GROUP)!;
      const round0 = store.read().voteRounds.find((r) => r.groupId === g.id && r.status === 'open')!;
      const voters = g.roster.filter((m) => canVote(g, m));
      const colours: Rating[] = ['green', 'yellow', 'red'];
      const ms = await timeIt(
        writes,
        (i) =>
          store.update((d, tx) =>
            castBallot(d, tx, {
              groupId: g.id,
              roundId: round0.id,
              actor: voters[Math.abs(i) % voters.length],
              choices: Object.fromEntries(round0.riskIds.map((id, k) => [id, colours[(Math.abs(i) + k) % 3]])),
              comment: null,
              activityKey: `bench-size-${i}`,
              sentAt: new Date().toISOString(),
            }),
          ),
        2,
      );
      const s = summary(ms);
      const current = store.read();
      const encode = summary(await timeIt(5, () => encodeStoreFile(current)));
      const text = encodeStoreFile(current);
      const durable = summary(await timeIt(5, () => writeFileDurably(nodeFs, path.join(dir, 'copy.json'), text)));
      const records: Record<string, number> = {};
      for (const [k, v] of Object.entries(current as Db)) if (Array.isArray(v)) records[k] = v.length;
      return {
        groupYears: groups * years,
        groups,
        years,
        fileMb: round(statSync(file).size / MB, 2),
        auditMb: round(statSync(auditPathFor(file)).size / MB, 2),
        records,
        openMs: round(openMs, 0),
        writes,
        p50: s.p50,
        p95: s.p95,
        max: s.max,
        encodeP50: encode.p50,
        durableWriteP50: durable.p50,
      };
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface TimedFigure {
  name: string;
  runs: number;
  firstMs: number;
  p50Ms: number;
  maxMs: number;
  detail: string;
}

export async function agendaParse(pages = 50): Promise<TimedFigure[]> {
  const text = makeBigAgendaText(pages);
  const items: number[] = [];
  const direct = await timeIt(6, () => items.push(parseAgendaText(text).items.length));
  const buf = Buffer.from(text, 'utf8');
  const viaBuffer = await timeIt(6, () => readAgendaBuffer(buf, `dagsorden-${pages}-sider.txt`));
  const d = summary(direct);
  const b = summary(viaBuffer);
  const detail = `${pages} pages, ${(buf.length / 1024).toFixed(0)} KB text, ${items[0]} items`;
  return [
    { name: `agenda parse, ${pages} pages (parseAgendaText)`, runs: d.n, firstMs: d.first, p50Ms: d.p50, maxMs: d.max, detail },
    { name: `agenda import, ${pages} pages .txt (readAgendaBuffer)`, runs: b.n, firstMs: b.first, p50Ms: b.p50, maxMs: b.max, detail },
  ];
}

export async function minutesDocx(items = 40): Promise<TimedFigure> {
  const db = bigMeetingFixture(items);
  let bytes = 0;
  const ms = await timeIt(6, async () => {
    const view = buildMinutes(db, GROUP_ID, 2, { now: NOW });
    bytes = (await minutesToDocx(view)).length;
  });
  const s = summary(ms);
  return {
    name: `minutes .docx, ${items} items (buildMinutes + minutesToDocx)`,
    runs: s.n,
    firstMs: s.first,
    p50Ms: s.p50,
    maxMs: s.max,
    detail: `${(bytes / 1024).toFixed(0)} KB .docx`,
  };
}

/**
 * The real bot's job runner (every feature's job handlers and the reminder sweep, as startBot
 * wires them) over a durable store with 1,000 planned meetings in 10 groups (3,000 planned
 * reminders) and 1,000 pending jobs, nothing due: the cost of the tick that runs every minute.
 */
export async function schedulerTick(meetings = 1000, ticks = 200): Promise<TimedFigure & { reminders: number; jobs: number }> {
  const dir = tmp('styrebot-bench-tick-');
  const file = path.join(dir, 'db.json');
  try {
    const seedStore = await openStore({ path: file });
    const today = new Date().toISOString().slice(0, 10);
    await seedStore.update((db, tx) => {
      const groups = 10;
      for (let g = 1; g <= groups; g++) db.groups.push(timeGroup(`g${g}`));
      for (let n = 1; n <= meetings; n++) {
        const gid = `g${1 + (n % groups)}`;
        const number = Math.ceil(n / groups);
        db.meetings.push(timeMeeting(gid, number, addDays(today, 20 + (n % 700)), '12:30'));
        db.groups.find((x) => x.id === gid)!.counters.meeting = number;
        syncReminderPlan(db, tx, gid, number);
        addJob(db, tx, {
          kind: 'vote.close',
          dueAt: new Date(Date.now() + (30 + (n % 300)) * 86_400_000),
          payload: { groupId: gid, roundId: `V${number}` },
        });
      }
    });
    const counts = {
      reminders: seedStore.read().reminders.filter((r) => r.status === 'planned').length,
      jobs: seedStore.read().jobs.length,
    };
    await seedStore.close();
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      STORE_PATH: file,
      STYREBOT_DEMO: '0',
      STYREBOT_PLAYGROUND: '0',
      STYREBOT_LOG_LEVEL: 'silent',
    });
    const bot = await startBot({ config, log: createLogger('silent'), jobIntervalMs: 3_600_000 });
    try {
      const ms = await timeIt(ticks, () => bot.runner.tick(), 5);
      const s = summary(ms);
      return {
        name: `scheduler tick, ${meetings} planned meetings (idle, real job runner + reminder sweep)`,
        runs: s.n,
        firstMs: s.first,
        p50Ms: s.p50,
        maxMs: s.max,
        detail: `${counts.reminders} planned reminders, ${counts.jobs} pending jobs; p95 ${s.p95} ms`,
        ...counts,
      };
    } finally {
      await bot.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ClickPart {
  part: string;
  p50Us: number;
  p95Us: number;
}

/**
 * Where one ballot click's CPU goes, in-process and without HTTP or disk (so a busy machine
 * disturbs it less than the load rounds): the use-case on an in-memory store, the personal ballot
 * card (view model + template expansion + the size check), and serialising the answer. A group of
 * 60 (57 voters, 50 ballots in), 10 risks — the shape the load rounds end up in.
 */
export async function clickBreakdown(n = 400): Promise<ClickPart[]> {
  const { riskWorld, withOpenRound } = await import('../../test/helpers/risk-world.js');
  const { ballotView } = await import('../../src/cards/views/risks.js');
  const { renderCard } = await import('../../src/cards/render.js');
  const { ballotCard } = await import('../../src/teams/features/risks.js');
  const { voterBallotView } = await import('../../src/cards/views/risk-ballot-voter.js');
  const { memoryStore } = await import('../../src/storage/index.js');
  const db = riskWorld();
  const round0 = withOpenRound(db, { voted: 50 });
  const group = db.groups[0];
  const viewer = group.roster[5];
  const store = memoryStore(db);
  const colours: Rating[] = ['green', 'yellow', 'red'];
  const us = async (fn: (i: number) => unknown) => {
    const ms = await timeIt(n, fn, 50);
    const s = summary(ms.map((x) => x * 1000));
    return { p50Us: Math.round(s.p50), p95Us: Math.round(s.p95) };
  };
  const view = ballotView(db, group, round0, { locale: 'da', viewer });
  const card = ballotCard(db, group, round0, 'da', viewer);
  const body = { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card };
  const voters = group.roster.filter((m) => canVote(group, m));
  const voterView = voterBallotView(db, group, round0, { locale: 'da', viewer });
  const cast = (s: typeof store, tag: string) => (i: number) =>
    s.update((d, tx) =>
      castBallot(d, tx, {
        groupId: group.id,
        roundId: round0.id,
        actor: voters[Math.abs(i) % voters.length],
        choices: Object.fromEntries(round0.riskIds.map((id, k) => [id, colours[(Math.abs(i) + k) % 3]])),
        comment: null,
        activityKey: `${tag}-${i}`,
        sentAt: null,
      }),
    );
  // The replay list (db.processed) is bounded at 5,000 ids; under load it is full after 5,000 ballots.
  const full = structuredClone(db);
  for (let k = 0; k < 5000; k++) full.processed.push({ key: `ballot:${group.id}:f:old-${k}`, at: '2025-06-02T08:00:00.000Z' });
  const fullStore = memoryStore(full);
  return [
    { part: 'castBallot in store.update (in-memory store, no disk)', ...(await us(cast(store, 'bd'))) },
    { part: 'castBallot, replay list full (5,000 ids, as under load)', ...(await us(cast(fullStore, 'bf'))) },
    { part: 'full ballotView (chair/shared view model)', ...(await us(() => ballotView(db, group, round0, { locale: 'da', viewer }))) },
    { part: 'renderCard risk-ballot (full card, compiled template)', ...(await us(() => renderCard('risk-ballot', view))) },
    {
      part: "voterBallotView (the voter's compact card, view model)",
      ...(await us(() => voterBallotView(db, group, round0, { locale: 'da', viewer }))),
    },
    { part: 'renderCard risk-ballot-voter (compiled template)', ...(await us(() => renderCard('risk-ballot-voter', voterView))) },
    {
      part: 'ballotCard for a voter = view + render + size check (per click)',
      ...(await us(() => ballotCard(db, group, round0, 'da', viewer))),
    },
    {
      part: `JSON.stringify of the invoke answer (${(JSON.stringify(body).length / 1024).toFixed(1)} KB)`,
      ...(await us(() => JSON.stringify(body))),
    },
  ];
}
