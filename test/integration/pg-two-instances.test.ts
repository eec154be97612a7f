/**
 * Two bot processes on one PostgreSQL database behind "one endpoint" (the test alternates between
 * them, as a load balancer would): 50 voters click, one instance is SIGKILLed in the middle, and
 * every acknowledged ballot is stored exactly once; due reminders with both instances ticking
 * reach the chat exactly once; a replayed click sent to another instance changes nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMeeting } from '../../src/app/meetings.js';
import { VERBS } from '../../src/cards/verbs.js';
import { openPgStore, type PgStore } from '../../src/storage/index.js';
import { botAdded, cardAction, groupChat, message, users, type TestUser } from '../helpers/activities.js';
import { invokeCard } from '../helpers/bot-harness.js';
import { setMembers } from '../helpers/bot-harness.js';
import { startFakeConnector, type FakeConnector } from '../helpers/fake-connector.js';
import { createTestDatabase, dropTestDatabase } from '../helpers/pg-server.js';
import { deliveredPosts, itemsOf } from '../helpers/reminders-rig.js';

interface Instance {
  name: string;
  child: ChildProcess;
  url: string;
}

const voters: TestUser[] = Array.from({ length: 50 }, (_, i) => ({
  id: `29:voter-${i}`,
  name: `Vælger ${i + 1}`,
  aadObjectId: `aad-voter-${i}`,
}));
const RATINGS = ['green', 'yellow', 'red'] as const;

async function startInstance(name: string, databaseUrl: string, dir: string): Promise<Instance> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/pg-instance-child.ts'], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: databaseUrl, STORE_PATH: path.join(dir, `${name}.json`), JOB_INTERVAL_MS: '250' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      const m = /^ready (\d+)$/.exec(line);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`instance ${name} exited (${code}) before it was ready`)));
  });
  return { name, child, url: `http://127.0.0.1:${port}` };
}

async function post(inst: Instance, activity: object): Promise<{ status: number; body: any }> {
  const res = await fetch(`${inst.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('two bot instances on one PostgreSQL database', () => {
  let url: string;
  let dir: string;
  let fc: FakeConnector;
  let view: PgStore; // the test's own view of the database (a third client)
  const instances: Instance[] = [];
  let a: Instance;
  let b: Instance;

  beforeAll(async () => {
    url = await createTestDatabase('two');
    dir = mkdtempSync(path.join(os.tmpdir(), 'styrebot-two-'));
    fc = await startFakeConnector();
    [a, b] = await Promise.all([startInstance('a', url, dir), startInstance('b', url, dir)]);
    instances.push(a, b);
    view = await openPgStore({ url, pollMs: 0 });
  }, 60_000);

  afterAll(async () => {
    for (const i of instances) if (i.child.exitCode === null && i.child.signalCode === null) i.child.kill('SIGKILL');
    await view?.close();
    await fc?.close();
    rmSync(dir, { recursive: true, force: true });
    if (url) await dropTestDatabase(url);
  });

  it('the bot installed through one instance is known to the other; risks added on both; a round opened', async () => {
    const members = [users.anna, users.bent, users.carsten];
    setMembers(fc, groupChat, members);
    expect((await post(a, botAdded(fc.url, groupChat, users.anna))).status).toBe(200);
    await view.update((db) => {
      for (const v of voters)
        db.groups[0].roster.push({ name: v.name, aadObjectId: v.aadObjectId, teamsId: v.id, role: 'member', organisation: 'Test' });
    });
    expect((await post(b, message(fc.url, groupChat, users.anna, 'ny risiko Teknik: Forsinket certificering'))).status).toBe(200);
    expect((await post(a, message(fc.url, groupChat, users.bent, 'ny risiko Drift: For få supportere'))).status).toBe(200);
    expect((await post(b, message(fc.url, groupChat, users.anna, 'risikoafstemning'))).status).toBe(200);
    await view.refresh();
    const db = view.read();
    expect(db.groups).toHaveLength(1);
    expect(db.risks.map((r) => r.id)).toEqual(['R1', 'R2']);
    expect(db.voteRounds[0]).toMatchObject({ id: 'V1', status: 'open', riskIds: ['R1', 'R2'] });
  });

  it('due reminders with both instances ticking reach the chat exactly once', async () => {
    // A meeting tomorrow at 10:00 plans its T-1h reminder for 09:00 (its day reminders are already
    // past); the test moves that reminder's time to "just now" instead of waiting. A fixed hour, not
    // "in 70 minutes": that crossed midnight late in the evening and made a meeting ending before it starts.
    const start = DateTime.now().setZone('Europe/Copenhagen').plus({ days: 1 }).set({ hour: 10, minute: 0, second: 0 });
    await view.update((db, tx) => {
      createMeeting(db, tx, {
        groupId: 'g1',
        actor: { name: users.anna.name, aadObjectId: users.anna.aadObjectId, teamsId: users.anna.id },
        date: start.toISODate()!,
        start: start.toFormat('HH:mm'),
        end: start.plus({ hours: 1 }).toFormat('HH:mm'),
        location: 'Mødelokalet',
      });
      const r = db.reminders.find((x) => x.meeting === 1 && x.kind === 'T-1h');
      if (!r) throw new Error(`no T-1h reminder planned: ${JSON.stringify(db.reminders)}`);
      r.dueAt = new Date(Date.now() - 1000).toISOString();
    });
    // Both instances run their job runner every 250 ms; wait until nothing is due or in flight.
    await until('the reminders to be settled', async () => {
      await view.refresh();
      const due = view.read().reminders.filter((r) => r.meeting === 1 && Date.parse(r.dueAt) <= Date.now());
      return (
        due.length > 0 &&
        due.every((r) => r.status !== 'planned' && r.status !== 'sending') &&
        view.read().outbox.every((o) => o.status !== 'queued' && o.status !== 'sending')
      );
    });
    await new Promise((r) => setTimeout(r, 1000)); // a few more ticks on both: still nothing twice
    await view.refresh();
    const db = view.read();
    const sent = db.reminders.filter((r) => r.meeting === 1 && r.status === 'sent');
    expect(sent.map((r) => r.kind)).toEqual(['T-1h']);
    for (const r of sent) {
      const items = itemsOf(db, r);
      expect(items, r.kind).toHaveLength(1);
      expect(items[0].status).toBe('sent');
      expect(deliveredPosts(fc.calls, items[0]), r.kind).toHaveLength(1);
    }
  });

  it('50 voters alternate between the instances, one is SIGKILLed mid-way: every acknowledged ballot is stored exactly once', async () => {
    const ballotCard = view.read().voteRounds[0].card!.activityId;
    const choice = (i: number) => ({ R1: RATINGS[i % 3], R2: RATINGS[(i + 1) % 3] });
    const clicks = voters.map((v, i) =>
      cardAction(
        fc.url,
        groupChat,
        v,
        VERBS.voteCast,
        { groupId: 'g1', roundId: 'V1', r_R1: choice(i).R1, r_R2: choice(i).R2, comment: '' },
        ballotCard,
      ),
    );
    const acknowledged = new Map<number, string>(); // voter → instance that acknowledged
    const lost: number[] = [];
    const click = async (i: number, inst: Instance) => {
      try {
        const r = await post(inst, clicks[i]);
        if (r.status === 200 && invokeCard(r.body)) acknowledged.set(i, inst.name);
        else lost.push(i);
      } catch {
        lost.push(i); // the connection died with the instance: not acknowledged
      }
    };
    // Five voters at a time, alternating instances; A is killed after the 25th click was issued.
    for (let i = 0; i < 50; i += 5) {
      const batch = Array.from({ length: 5 }, (_, k) => i + k);
      const inFlight = batch.map((n) => click(n, n % 2 === 0 && a.child.exitCode === null && a.child.signalCode === null ? a : b));
      if (i === 25) a.child.kill('SIGKILL');
      await Promise.all(inFlight);
    }
    await new Promise<void>((r) => (a.child.exitCode !== null || a.child.signalCode !== null ? r() : a.child.once('exit', () => r())));
    expect(acknowledged.size).toBeGreaterThanOrEqual(30);
    expect([...acknowledged.values()]).toContain('a');
    expect([...acknowledged.values()]).toContain('b');
    // The lost ones retry on the surviving instance (Teams re-sends a click that got no answer).
    for (const i of lost.splice(0)) await click(i, b);
    expect(lost).toEqual([]);
    expect(acknowledged.size).toBe(50);

    await view.refresh();
    const ballots = view.read().voteRounds[0].ballots;
    expect(ballots).toHaveLength(50);
    expect(new Set(ballots.map((x) => x.voter)).size).toBe(50);
    for (const [i] of acknowledged) {
      const mine = ballots.filter((x) => x.voter === voters[i].aadObjectId);
      expect(mine, voters[i].name).toHaveLength(1);
      expect(mine[0].choices).toEqual(choice(i));
    }
  }, 120_000);

  it('a click replayed to another instance changes nothing', async () => {
    const c = await startInstance('c', url, dir);
    instances.push(c);
    const ballotCard = view.read().voteRounds[0].card!.activityId;
    const v = voters[7];
    const first = cardAction(
      fc.url,
      groupChat,
      v,
      VERBS.voteCast,
      { groupId: 'g1', roundId: 'V1', r_R1: 'red', r_R2: 'red', comment: '' },
      ballotCard,
    );
    expect((await post(b, first)).status).toBe(200);
    const second = cardAction(
      fc.url,
      groupChat,
      v,
      VERBS.voteCast,
      { groupId: 'g1', roundId: 'V1', r_R1: 'green', r_R2: 'green', comment: '' },
      ballotCard,
    );
    expect((await post(c, second)).status).toBe(200);
    await view.refresh();
    const before = structuredClone(view.read().voteRounds[0].ballots.filter((x) => x.voter === v.aadObjectId));
    const auditBefore = (await view.pool.query('SELECT count(*)::int AS n FROM styrebot_audit')).rows[0].n;
    expect(before).toHaveLength(1);
    expect(before[0].choices).toEqual({ R1: 'green', R2: 'green' });
    // The first click again (Teams re-sends an invoke), this time reaching instance C.
    const replay = await post(c, first);
    expect(replay.status).toBe(200);
    await view.refresh();
    expect(view.read().voteRounds[0].ballots.filter((x) => x.voter === v.aadObjectId)).toEqual(before);
    expect((await view.pool.query('SELECT count(*)::int AS n FROM styrebot_audit')).rows[0].n).toBe(auditBefore);
  }, 60_000);
});
