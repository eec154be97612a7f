/**
 * Retention: sent outbox items, finished jobs and past reminders older than the configured age
 * go; nothing still referenced or unfinished does; each prune is one audited write; `styrebot
 * check` reports what was pruned and what is due.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db, Job, OutboxItem, Reminder } from '../../src/domain/model.js';
import { expiredRecords, RETENTION_AUDIT_ACTION } from '../../src/domain/retention.js';
import { checkStore } from '../../src/storage/check.js';
import { openStore } from '../../src/storage/lowdb-store.js';
import { createRetentionSweep } from '../../src/scheduler/retention.js';
import { loadConfig } from '../../src/config.js';
import { riskWorld } from '../helpers/risk-world.js';
import { tempDir } from '../unit/storage/fixtures.js';

const NOW = new Date('2027-03-01T12:00:00.000Z');
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000).toISOString();

function outbox(id: string, status: OutboxItem['status'], sentDaysAgo: number, g: Db['groups'][0]): OutboxItem {
  const at = daysAgo(sentDaysAgo);
  return {
    id,
    groupId: g.id,
    conversation: g.conversation,
    activity: { type: 'message', text: id },
    purpose: `test:${id}`,
    status,
    attempts: 1,
    createdAt: at,
    nextAttemptAt: at,
    sentAt: status === 'sent' ? at : null,
    activityId: status === 'sent' ? `a-${id}` : null,
    lastError: null,
  };
}
const job = (id: string, status: Job['status'], doneDaysAgo: number): Job => ({
  id,
  kind: 'vote.close',
  dueAt: daysAgo(doneDaysAgo + 1),
  payload: {},
  status,
  doneAt: status === 'pending' ? null : daysAgo(doneDaysAgo),
  error: null,
});
const reminder = (id: string, status: Reminder['status'], dueDaysAgo: number, outboxId: string | null = null): Reminder => ({
  id,
  groupId: 'g1',
  meeting: 1,
  kind: 'T-2d',
  to: null,
  dueAt: daysAgo(dueDaysAgo),
  status,
  late: false,
  sentAt: status === 'sent' ? daysAgo(dueDaysAgo) : null,
  outboxId,
});

/** A store with old and recent records of every kind, and the references that must keep some. */
function world(): Db {
  const db = riskWorld();
  const g = db.groups[0];
  db.outbox.push(
    outbox('o-old-sent', 'sent', 500, g),
    outbox('o-old-escalation', 'sent', 500, g), // an escalation's card: kept
    outbox('o-old-kept-reminder', 'sent', 500, g), // a kept reminder points at it: kept
    outbox('o-old-failed', 'failed', 500, g), // the chair's outbox still shows it: kept
    outbox('o-recent-sent', 'sent', 10, g),
  );
  db.escalations[0].outboxId = 'o-old-escalation';
  db.jobs.push(
    job('j-old-done', 'done', 450),
    job('j-old-failed', 'failed', 401),
    job('j-recent-done', 'done', 399),
    job('j-pending', 'pending', 600),
  );
  db.reminders.push(
    reminder('r-old-sent', 'sent', 420),
    reminder('r-old-cancelled', 'cancelled', 800),
    reminder('r-recent-sent', 'sent', 30, 'o-old-kept-reminder'),
    reminder('r-old-planned', 'planned', 500),
    reminder('r-old-uncertain', 'uncertain', 500),
  );
  return db;
}

describe('retention', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('selects only finished records older than the age that nothing still reads', () => {
    const e = expiredRecords(world(), NOW, 400);
    expect([...e.outbox].map((o) => o.id)).toEqual(['o-old-sent']);
    expect([...e.jobs].map((j) => j.id)).toEqual(['j-old-done', 'j-old-failed']);
    expect([...e.reminders].map((r) => r.id)).toEqual(['r-old-sent', 'r-old-cancelled']);
    // A shorter age takes the recent ones too (and the outbox item of a reminder pruned with it),
    // still never what an escalation references or what is unfinished.
    const short = expiredRecords(world(), NOW, 5);
    expect([...short.outbox].map((o) => o.id).sort()).toEqual(['o-old-kept-reminder', 'o-old-sent', 'o-recent-sent']);
    expect([...short.reminders].map((r) => r.id)).toEqual(['r-old-sent', 'r-old-cancelled', 'r-recent-sent']);
  });

  it('the daily sweep prunes in one audited write, not again within the day, and check reports it', async () => {
    const path = join(dir, 'db.json');
    const seeded = world();
    const store = await openStore({ path, clock: { now: () => NOW } });
    await store.update((db) => void Object.assign(db, { ...seeded, audit: db.audit, auditCount: (db as any).auditCount }));
    const before = await checkStore(path, { retentionDays: 400, now: NOW });
    expect(before.ok).toBe(true);
    expect(before.retention).toMatchObject({
      days: 400,
      due: { outbox: 1, jobs: 2, reminders: 2 },
      pruned: { outbox: 0, jobs: 0, reminders: 0, runs: 0 },
    });

    const sweep = createRetentionSweep({ store, days: 400 });
    expect(await sweep.run(NOW)).toEqual({ outbox: 1, jobs: 2, reminders: 2 });
    const db = store.read();
    expect(db.outbox.map((o) => o.id)).toEqual(['o-old-escalation', 'o-old-kept-reminder', 'o-old-failed', 'o-recent-sent']);
    expect(db.jobs.map((j) => j.id)).toEqual(['j-recent-done', 'j-pending']);
    expect(db.reminders.map((r) => r.id)).toEqual(['r-recent-sent', 'r-old-planned', 'r-old-uncertain']);
    // Minutes, escalations, risks, rounds and meetings are untouched.
    for (const k of ['meetings', 'risks', 'voteRounds', 'escalations', 'actions', 'groups'] as const) expect(db[k]).toEqual(seeded[k]);
    const prunes = db.audit.filter((a) => a.action === RETENTION_AUDIT_ACTION);
    expect(prunes).toEqual([expect.objectContaining({ actor: 'system', after: { outbox: 1, jobs: 2, reminders: 2, days: 400 } })]);
    // Within the day: nothing runs; a day later with nothing due: no write.
    const seqBefore = db.seq;
    const auditBefore = db.audit.length;
    expect(await sweep.run(new Date(NOW.getTime() + 3_600_000))).toEqual({});
    expect(await sweep.run(new Date(NOW.getTime() + 86_400_000))).toEqual({ outbox: 0, jobs: 0, reminders: 0 });
    expect(store.read().audit.length).toBe(auditBefore);
    expect(store.read().seq).toBe(seqBefore);
    await store.close();

    const after = await checkStore(path, { retentionDays: 400, now: NOW });
    expect(after.ok).toBe(true);
    expect(after.retention).toMatchObject({
      due: { outbox: 0, jobs: 0, reminders: 0 },
      pruned: { outbox: 1, jobs: 2, reminders: 2, runs: 1, lastAt: NOW.toISOString() },
    });
    // The command line says it too, with the age from STYREBOT_RETENTION_DAYS.
    const out = execFileSync(process.execPath, ['bin/styrebot.mjs', 'check', path], {
      encoding: 'utf8',
      env: { ...process.env, STYREBOT_RETENTION_DAYS: '30' },
    });
    expect(out).toMatch(/^ok: /);
    expect(out).toContain('retention (30 days): pruned so far 1 sent outbox items, 2 finished jobs, 2 reminders in 1 runs');
  });

  it('the age is STYREBOT_RETENTION_DAYS, 400 by default, at least 30', () => {
    expect(loadConfig({}).retentionDays).toBe(400);
    expect(loadConfig({ STYREBOT_RETENTION_DAYS: '730' }).retentionDays).toBe(730);
    expect(() => loadConfig({ STYREBOT_RETENTION_DAYS: '7' })).toThrow(/STYREBOT_RETENTION_DAYS/);
  });
});
