import { describe, expect, it } from 'vitest';
import { emptyDb, SCHEMA_VERSION } from '../../../src/domain/model.js';
import { inspectDb, decodeDb } from '../../../src/storage/codec.js';
import { dbSchema } from '../../../src/storage/schema.js';
import { migrate } from '../../../src/storage/migrations.js';
import { sampleDb, sampleV1, storeFileText } from './fixtures.js';

const problemsOf = (value: unknown) => {
  const r = inspectDb(storeFileText(value));
  return r.ok ? [] : r.problems;
};

describe('store schema', () => {
  it('accepts an empty store and one with a record in every collection', () => {
    expect(dbSchema.safeParse(emptyDb()).success).toBe(true);
    expect(dbSchema.safeParse(sampleDb()).success).toBe(true);
  });

  it('accepts optional model fields when present', () => {
    const db = sampleDb();
    db.meetings[0].startedAt = '2025-03-10T09:00:00.000Z';
    db.meetings[0].overviewCard = { conversationId: 'c', activityId: 'a' };
    db.actions[0].doneBy = null;
    db.groups[0].isBoard = true;
    expect(problemsOf(db)).toEqual([]);
  });

  it('refuses an unknown or missing top-level collection', () => {
    expect(problemsOf({ ...emptyDb(), extra: [] }).join()).toMatch(/Unrecognized key.*extra/);
    const { jobs, ...noJobs } = emptyDb();
    void jobs;
    expect(problemsOf(noJobs).join()).toMatch(/^jobs: Required/);
  });

  it('names the field with the wrong type', () => {
    const db = sampleDb() as unknown as { meetings: { items: { outcome: string }[] }[] };
    db.meetings[0].items[0].outcome = 'maybe';
    expect(problemsOf(db).join()).toMatch(/^meetings\.0\.items\.0\.outcome: Invalid enum value/);
    expect(problemsOf({ ...emptyDb(), seq: -1 }).join()).toMatch(/^seq:/);
  });

  it('keeps unknown nested fields (written by a newer bot) instead of stripping them', () => {
    const db = sampleDb() as unknown as Record<string, { futureField?: string }[]>;
    db.groups[0].futureField = 'kept';
    const r = decodeDb(storeFileText(db), '/x/db.json');
    expect((r.db.groups[0] as unknown as { futureField: string }).futureField).toBe('kept');
  });

  it('reports an empty and a truncated file as corrupt, naming the file', () => {
    const text = storeFileText(sampleDb());
    expect(() => decodeDb('', '/x/db.json')).toThrow(/store file \/x\/db\.json is unusable: file is empty/);
    try {
      decodeDb(text.slice(0, text.length / 2), '/x/db.json');
      expect.unreachable();
    } catch (err) {
      expect(err).toMatchObject({ code: 'store_corrupt', params: { path: '/x/db.json' } });
      expect((err as { params: { problem: string } }).params.problem).toMatch(/not valid JSON/);
    }
  });
});

describe('migrations', () => {
  it('migrates a v1 store to the current version with empty delivery collections', () => {
    const r = migrate(sampleV1());
    expect(r.ok && r.from).toBe(1);
    const decoded = decodeDb(JSON.stringify(sampleV1()), '/x/db.json');
    expect(decoded.from).toBe(1);
    const db = decoded.db;
    expect(db.schemaVersion).toBe(SCHEMA_VERSION);
    expect([db.outbox, db.reminders, db.jobs, db.processed, db.seq]).toEqual([[], [], [], [], 0]);
    expect(db.escalations[0].outboxId).toBeNull();
    expect(db.groups).toEqual(sampleDb().groups);
    expect(db.risks).toEqual(sampleDb().risks);
  });

  it('leaves a current store as it is', () => {
    const r = migrate(sampleDb());
    expect(r).toMatchObject({ ok: true, from: SCHEMA_VERSION, data: sampleDb() });
  });

  it('refuses a store from a newer bot and one without a version', () => {
    expect(migrate({ ...emptyDb(), schemaVersion: SCHEMA_VERSION + 1 })).toMatchObject({ ok: false, code: 'store_too_new' });
    expect(migrate({ groups: [] })).toMatchObject({ ok: false, code: 'store_corrupt' });
    expect(migrate([])).toMatchObject({ ok: false, code: 'store_corrupt' });
  });

  it('reports a damaged v1 store through the schema, after migrating', () => {
    const v1 = sampleV1();
    v1.risks = 'oops';
    expect(problemsOf(v1).join()).toMatch(/^risks: Expected array/);
  });
});
