/**
 * What only the PostgreSQL store has to show: several instances on one database stay consistent
 * (claims made in mutators hold across instances, changes reach the other instance), the schema is
 * migrated once and a newer one is refused, and a failed commit changes nothing.
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/domain/model.js';
import { openPgStore, type PgStore } from '../../src/storage/index.js';
import { createTestDatabase, dropTestDatabase } from '../helpers/pg-server.js';
import { sampleDb } from '../unit/storage/fixtures.js';

const seed = (db: Db) => {
  const { audit: _a, ...rest } = sampleDb();
  Object.assign(db, structuredClone(rest));
};

describe('PostgreSQL store with several instances', () => {
  let url: string;
  const stores: PgStore[] = [];
  const open = async (o: Partial<Parameters<typeof openPgStore>[0]> = {}) => {
    const s = await openPgStore({ url, pollMs: 0, ...o });
    stores.push(s);
    return s;
  };
  const sql = async (text: string, values?: unknown[]) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return await c.query(text, values);
    } finally {
      await c.end();
    }
  };
  beforeEach(async () => {
    url = await createTestDatabase('pgstore');
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close().catch(() => {});
    await dropTestDatabase(url);
  });

  it('two instances starting together migrate the schema once and share one document', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const { rows } = await sql('SELECT version FROM styrebot_schema');
    expect(rows.map((r) => r.version)).toEqual([1]);
    await a.update(seed);
    await b.refresh();
    expect(b.read().groups.map((g) => g.id)).toEqual(['g1']);
    const parts = await sql('SELECT part FROM styrebot_parts ORDER BY part');
    expect(parts.rows.map((r) => r.part)).toEqual(['_global', 'g:g1']);
  });

  it('a change committed by one instance reaches the other without its asking (LISTEN/NOTIFY)', async () => {
    const a = await open();
    const b = await open();
    await a.update(seed);
    const until = Date.now() + 5000;
    while (b.read().groups.length === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    expect(b.read().groups[0]?.name).toBe('Styregruppe A');
  });

  it('mutators always run on the latest committed state: a claim made on two instances at once is won once', async () => {
    const a = await open();
    const b = await open();
    await a.update((db, tx) => {
      seed(db);
      for (let i = 0; i < 30; i++) db.outbox.push({ ...structuredClone(db.outbox[0]), id: tx.nextId('o'), status: 'queued' });
    });
    await b.refresh();
    const queued = a
      .read()
      .outbox.filter((o) => o.status === 'queued')
      .map((o) => o.id);
    expect(queued).toHaveLength(30);
    // Both instances try to claim every item, without refreshing in between: all at once (each
    // instance commits its claims as one batch), then item by item with alternating first caller.
    const claim = (s: PgStore, id: string, who: string) =>
      s.update((db) => {
        const it = db.outbox.find((o) => o.id === id)!;
        if (it.status !== 'queued') return null;
        it.status = 'sending';
        it.lastError = who;
        return who;
      });
    const results = await Promise.all(queued.slice(0, 10).flatMap((id) => [claim(a, id, 'a'), claim(b, id, 'b')]));
    for (const [i, id] of queued.slice(10).entries()) {
      const pair = i % 2 ? [claim(a, id, 'a'), claim(b, id, 'b')] : [claim(b, id, 'b'), claim(a, id, 'a')];
      results.push(...(await Promise.all(pair)));
    }
    const won = results.filter((r) => r !== null);
    expect(won).toHaveLength(30);
    await a.refresh();
    await b.refresh();
    for (const s of [a, b]) expect(s.read().outbox.filter((o) => o.status === 'sending')).toHaveLength(30);
    expect(a.read().outbox.map((o) => o.lastError)).toEqual(b.read().outbox.map((o) => o.lastError));
  });

  it('counts ids and audit entries across instances without gaps or duplicates', async () => {
    const a = await open();
    const b = await open();
    await a.update(seed);
    const ids = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? a : b).update((_db, tx) => {
          tx.audit({ actor: `u${i}`, action: 'test.id', groupId: null, target: null });
          return tx.nextId('x');
        }),
      ),
    );
    expect(new Set(ids).size).toBe(20);
    expect(ids.map((id) => Number(id.slice(2))).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 4));
    const reader = await open({ readOnly: true });
    expect(
      reader
        .read()
        .audit.map((e) => e.actor)
        .sort(),
    ).toEqual(Array.from({ length: 20 }, (_, i) => `u${i}`).sort());
    expect(reader.read().seq).toBe(23);
    const rows = await sql('SELECT count(*)::int AS n FROM styrebot_audit');
    expect(rows.rows[0].n).toBe(20);
  });

  it('a shared card is updated by one instance at a time, at most once per interval in total', async () => {
    const a = await open();
    const b = await open();
    expect(await a.shared.claimCardSlot('conv|card-1', 400)).toBe(0);
    const waitB = await b.shared.claimCardSlot('conv|card-1', 400);
    expect(waitB).toBeGreaterThan(0);
    expect(waitB).toBeLessThanOrEqual(400);
    expect(await a.shared.claimCardSlot('conv|card-1', 400)).toBeGreaterThan(0);
    expect(await b.shared.claimCardSlot('conv|card-2', 400)).toBe(0); // another card is free
    await new Promise((r) => setTimeout(r, waitB + 20));
    const [x, y] = await Promise.all([a.shared.claimCardSlot('conv|card-1', 400), b.shared.claimCardSlot('conv|card-1', 400)]);
    expect([x, y].filter((w) => w === 0)).toHaveLength(1);
    expect(a.shared.instanceId).not.toBe(b.shared.instanceId);
  });

  it('refuses a database whose schema is newer than this code, with a clear message', async () => {
    const a = await open();
    await a.close();
    await sql(`INSERT INTO styrebot_schema (version, name) VALUES (99, 'from the future')`);
    await expect(openPgStore({ url })).rejects.toMatchObject({
      code: 'store_too_new',
      message: expect.stringMatching(/schema version 99 is newer than this styrebot knows \(1\); upgrade styrebot/),
    });
    await expect(openPgStore({ url, readOnly: true })).rejects.toMatchObject({ code: 'store_too_new' });
  });

  it('a failed commit rejects its callers and leaves memory and database as before; the next commit works', async () => {
    const a = await open();
    await a.update(seed);
    await sql(`ALTER TABLE styrebot_parts ADD CONSTRAINT no_failme CHECK (doc::text NOT LIKE '%FAILME%')`);
    await expect(a.update((db) => void (db.risks[0].title = 'FAILME'))).rejects.toMatchObject({ code: 'store_write_failed' });
    expect(a.read().risks[0].title).toBe('Forsinkelse');
    expect(a.describe().ok).toBe(false);
    await a.update((db) => void (db.risks[0].title = 'Ny titel'));
    expect(a.describe().ok).toBe(true);
    const b = await open();
    expect(b.read().risks[0].title).toBe('Ny titel');
  });

  it('the audit table is append-only, enforced by the database', async () => {
    const a = await open();
    await a.update((_db, tx) => tx.audit({ actor: 'u', action: 'x', groupId: null, target: null }));
    await expect(sql('DELETE FROM styrebot_audit')).rejects.toThrow(/append-only/);
    await expect(sql(`UPDATE styrebot_audit SET entry = '{}'`)).rejects.toThrow(/append-only/);
  });

  it('gives back exactly what was written: key order, and text with a NUL character', async () => {
    const a = await open();
    await a.update(seed);
    await a.update((db) => void (db.risks[0].title = 'a\u0000b \\u0000'));
    const b = await open();
    expect(b.read().risks[0].title).toBe('a\u0000b \\u0000');
    expect(JSON.stringify(b.read().outbox[0])).toBe(JSON.stringify(a.read().outbox[0]));
    expect(Object.keys(b.read().groups[0])).toEqual(Object.keys(sampleDb().groups[0]));
  });
});
