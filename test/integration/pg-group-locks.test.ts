/**
 * The group as the unit of consistency on PostgreSQL: updates scoped to a group lock only that
 * group, so instances commit different groups side by side while the same group waits; a scoped
 * update that changes more (store-wide ids, another group) is noticed and run again under wider
 * locks; unscoped updates lock the whole store. No update is lost either way.
 */
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db, Group } from '../../src/domain/model.js';
import { openPgStore, type PgStore } from '../../src/storage/index.js';
import { beginSql, scopeOf } from '../../src/storage/pg/locks.js';
import { createTestDatabase, dropTestDatabase } from '../helpers/pg-server.js';
import { sampleDb } from '../unit/storage/fixtures.js';

/** Two groups, g1 and g2, with the sample's records in g1. */
const seed = (db: Db) => {
  const { audit: _a, ...rest } = sampleDb();
  Object.assign(db, structuredClone(rest));
  db.groups.push({ ...structuredClone(db.groups[0]), id: 'g2', name: 'Styregruppe B' });
};
type Counted = Group & { n?: number };
const bump = (groupId: string) => (db: Db) => {
  const g = db.groups.find((x) => x.id === groupId) as Counted;
  g.n = (g.n ?? 0) + 1;
  return g.n;
};
const countOf = (s: PgStore, groupId: string) => (s.read().groups.find((g) => g.id === groupId) as Counted).n ?? 0;
/** Whether `p` settles within `ms`. */
const settlesWithin = (p: Promise<unknown>, ms: number) =>
  Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe('PostgreSQL store: a group is the unit of consistency', () => {
  let url: string;
  const stores: PgStore[] = [];
  const clients: pg.Client[] = [];
  const open = async () => {
    const s = await openPgStore({ url, pollMs: 0 });
    stores.push(s);
    return s;
  };
  /** A connection in the middle of a commit of `groupId`: it holds exactly the locks an instance takes. */
  const holdGroup = async (groupId: string | undefined) => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    clients.push(c);
    await c.query(beginSql(scopeOf(groupId)));
    return { release: () => c.query('COMMIT') };
  };
  beforeEach(async () => {
    url = await createTestDatabase('pglocks');
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.end().catch(() => {});
    for (const s of stores.splice(0)) await s.close().catch(() => {});
    await dropTestDatabase(url);
  });

  it('while a commit of g1 is open, another instance commits g2 at once; updates of g1 and of the whole store wait for it', async () => {
    const [a, b, c, d] = [await open(), await open(), await open(), await open()];
    await a.update(seed);
    for (const s of [b, c, d]) await s.refresh();
    const g1 = await holdGroup('g1');

    const a1 = a.update(bump('g1'), { groupId: 'g1' });
    expect(await settlesWithin(b.update(bump('g2'), { groupId: 'g2' }), 3000)).toBe(true);
    // Unscoped: the whole store. (Scoped commits asked for after it queue behind it: no starvation.)
    const whole = d.update(bump('g2'));
    const c1 = c.update(bump('g1'), { groupId: 'g1' });
    expect(await settlesWithin(Promise.all([a1, c1]), 400)).toBe(false);
    expect(await settlesWithin(whole, 1)).toBe(false);
    // b committed g2 meanwhile, and another instance sees it.
    const reader = await openPgStore({ url, readOnly: true });
    expect(countOf(reader, 'g2')).toBe(1);
    await reader.close();

    await g1.release();
    expect((await Promise.all([a1, c1])).sort()).toEqual([1, 2]);
    expect(await whole).toBe(2);
    for (const s of [a, b, c, d]) await s.refresh();
    for (const s of [a, b, c, d]) expect([countOf(s, 'g1'), countOf(s, 'g2')]).toEqual([2, 2]);
  });

  it('no update is lost when two instances update the same and different groups at once', async () => {
    const a = await open();
    const b = await open();
    await a.update(seed);
    await b.refresh();
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      for (const s of i % 2 ? [a, b] : [b, a]) {
        work.push(s.update(bump('g1'), { groupId: 'g1' }));
        work.push(s.update(bump('g2'), { groupId: 'g2' }));
      }
      if (i % 5 === 0) await Promise.all(work.splice(0)); // batches of several sizes
    }
    await Promise.all(work);
    const reader = await openPgStore({ url, readOnly: true });
    try {
      expect([countOf(reader, 'g1'), countOf(reader, 'g2')]).toEqual([80, 80]);
    } finally {
      await reader.close();
    }
  });

  it('a scoped update that creates store-wide ids or changes another group is run again under wider locks, and nothing is lost', async () => {
    const a = await open();
    const b = await open();
    await a.update(seed);
    await b.refresh();
    const seq0 = a.read().seq;
    // nextId changes the global row (seq), which a g1/g2 lock does not cover.
    const ids = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).update((_db, tx) => tx.nextId('x'), { groupId: i % 3 ? 'g1' : 'g2' })),
    );
    expect(new Set(ids).size).toBe(20);
    expect(ids.map((id) => Number(id.slice(2))).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => seq0 + i + 1));
    // Scoped to g1 but changing g2 as well (as an escalation to the board's group does).
    const both = (db: Db) => {
      bump('g1')(db);
      return bump('g2')(db);
    };
    await Promise.all([a.update(both, { groupId: 'g1' }), b.update(both, { groupId: 'g2' }), a.update(bump('g2'), { groupId: 'g2' })]);
    expect(a.widenedCommits() + b.widenedCommits()).toBeGreaterThan(0);
    for (const s of [a, b]) await s.refresh();
    for (const s of [a, b]) {
      expect(s.read().seq).toBe(seq0 + 20);
      expect([countOf(s, 'g1'), countOf(s, 'g2')]).toEqual([2, 3]);
    }
  });

  it('follows commits that finish out of the order they started in (revisions are drawn in commit order)', async () => {
    const a = await open();
    const b = await open();
    const c = await open();
    await a.update(seed);
    for (const s of [b, c]) await s.refresh();
    const g1 = await holdGroup('g1');
    const slow = a.update(
      (db, tx) => {
        tx.audit({ actor: 'a', action: 'test.slow', groupId: 'g1', target: null });
        return bump('g1')(db);
      },
      { groupId: 'g1' },
    );
    await b.update(
      (db, tx) => {
        tx.audit({ actor: 'b', action: 'test.fast', groupId: 'g2', target: null });
        return bump('g2')(db);
      },
      { groupId: 'g2' },
    );
    await c.refresh();
    await g1.release();
    await slow;
    await c.refresh();
    expect([countOf(c, 'g1'), countOf(c, 'g2')]).toEqual([1, 1]);
    expect(
      c
        .read()
        .audit.slice(-2)
        .map((e) => e.action),
    ).toEqual(['test.fast', 'test.slow']);
    await b.refresh();
    expect(
      b
        .read()
        .audit.slice(-2)
        .map((e) => e.action),
    ).toEqual(['test.fast', 'test.slow']);
  });
});
