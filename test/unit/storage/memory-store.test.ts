import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../../src/storage/memory-store.js';
import { AppError } from '../../../src/errors.js';
import { fixedClock, sampleDb } from './fixtures.js';

describe('memoryStore', () => {
  it('stamps audit entries with the clock and keeps them with the change', async () => {
    const clock = fixedClock('2025-05-01T08:00:00.000Z');
    const store = memoryStore(undefined, clock);
    const now = await store.update((db, tx) => {
      db.processed.push({ key: 'k', at: tx.now.toISOString() });
      tx.audit({ actor: 'aad-1', action: 'test.one', groupId: null, target: 'k' });
      return tx.now.toISOString();
    });
    expect(now).toBe('2025-05-01T08:00:00.000Z');
    expect(store.read().audit).toEqual([
      { actor: 'aad-1', action: 'test.one', groupId: null, target: 'k', at: '2025-05-01T08:00:00.000Z' },
    ]);
  });

  it('issues store-wide ids from db.seq', async () => {
    const store = memoryStore(sampleDb());
    const ids = await Promise.all([1, 2, 3].map(() => store.update((_db, tx) => tx.nextId('ob'))));
    expect(ids).toEqual(['ob-4', 'ob-5', 'ob-6']);
    expect(store.read().seq).toBe(6);
  });

  it('rejects only the caller whose mutator throws, and drops its audit entries', async () => {
    const store = memoryStore();
    const results = await Promise.allSettled([
      store.update((db) => db.processed.push({ key: 'a', at: 'x' })),
      store.update((_db, tx) => {
        tx.audit({ actor: 'x', action: 'bad', groupId: null, target: null });
        throw new AppError('forbidden');
      }),
      store.update((db) => db.processed.push({ key: 'c', at: 'x' })),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.code).toBe('forbidden');
    expect(store.read().processed.map((p) => p.key)).toEqual(['a', 'c']);
    expect(store.read().audit).toEqual([]);
  });

  it('runs mutations later and in call order, not inside update()', async () => {
    const store = memoryStore();
    const order: number[] = [];
    const p = [1, 2, 3].map((n) => store.update(() => order.push(n)));
    expect(order).toEqual([]);
    await Promise.all(p);
    expect(order).toEqual([1, 2, 3]);
  });

  it('refuses an async mutator and a Tx used after its mutation returned', async () => {
    const store = memoryStore();
    await expect(store.update(async () => 1)).rejects.toMatchObject({ code: 'internal' });
    let leaked: { nextId(p: string): string } | undefined;
    await store.update((_db, tx) => {
      leaked = tx;
    });
    expect(() => leaked!.nextId('x')).toThrow(/after its mutation/);
  });

  it('does not change the fixture it was given and refuses updates after close', async () => {
    const fixture = sampleDb();
    const store = memoryStore(fixture);
    await store.update((db) => void (db.groups[0].name = 'Ændret'));
    expect(fixture.groups[0].name).toBe('Styregruppe A');
    await store.close();
    await expect(store.update(() => 1)).rejects.toMatchObject({ code: 'store_closed' });
    expect(store.describe()).toEqual({ path: ':memory:', ok: true });
  });
});
