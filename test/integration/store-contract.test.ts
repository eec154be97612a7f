/**
 * The store contract: what every `Store` (src/app/ports.ts) promises its use-cases, run against
 * each backend — in memory, the lowdb file, PostgreSQL. No feature knows which one it runs on, so
 * each must pass all of it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/domain/model.js';
import { AppError } from '../../src/errors.js';
import { BACKENDS, type BackendPlace } from '../helpers/store-backends.js';
import { fixedClock, sampleDb } from '../unit/storage/fixtures.js';

/** Puts the sample data into a store through a mutation (audit entries go through tx, as in use-cases). */
const seed = (db: Db) => {
  const { audit: _a, ...rest } = sampleDb();
  Object.assign(db, structuredClone(rest));
};

describe.each(BACKENDS)('store contract: $name', (backend) => {
  let place: BackendPlace;
  const open: { close(): Promise<void> }[] = [];
  const track = <T extends { close(): Promise<void> }>(s: T) => (open.push(s), s);
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close().catch(() => {});
    await place?.cleanup();
  });
  const fresh = async (clock = fixedClock()) => {
    place = await backend.place();
    return track(await place.open(clock));
  };

  it('resolves update with the mutator value, and read() shows the change at once', async () => {
    const store = await fresh();
    const n = await store.update((db) => {
      seed(db);
      return db.groups.length;
    });
    expect(n).toBe(1);
    expect(store.read().groups[0].name).toBe('Styregruppe A');
    expect(store.read().risks.map((r) => r.id)).toEqual(['R1']);
  });

  it('runs mutations later, one at a time, in call order', async () => {
    const store = await fresh();
    const order: number[] = [];
    const p = [1, 2, 3, 4].map((n) => store.update((db) => (order.push(n), db.processed.push({ key: `k${n}`, at: 'x' }))));
    expect(order).toEqual([]);
    await Promise.all(p);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(store.read().processed.map((x) => x.key)).toEqual(['k1', 'k2', 'k3', 'k4']);
  });

  it('rejects only the caller whose mutator throws; its audit entries never land', async () => {
    const store = await fresh(fixedClock('2025-05-01T08:00:00.000Z'));
    const results = await Promise.allSettled([
      store.update(
        (db, tx) => (db.processed.push({ key: 'a', at: 'x' }), tx.audit({ actor: 'u1', action: 'ok.a', groupId: null, target: 'a' })),
      ),
      store.update((_db, tx) => {
        tx.audit({ actor: 'u2', action: 'bad', groupId: null, target: null });
        throw new AppError('forbidden');
      }),
      store.update((db) => db.processed.push({ key: 'c', at: 'x' })),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.code).toBe('forbidden');
    expect(store.read().processed.map((p) => p.key)).toEqual(['a', 'c']);
    expect(store.read().audit).toEqual([{ actor: 'u1', action: 'ok.a', groupId: null, target: 'a', at: '2025-05-01T08:00:00.000Z' }]);
  });

  it('issues unique store-wide ids from seq', async () => {
    const store = await fresh();
    await store.update(seed);
    const ids = await Promise.all([1, 2, 3].map(() => store.update((_db, tx) => tx.nextId('o'))));
    expect(ids).toEqual(['o-4', 'o-5', 'o-6']);
    expect(store.read().seq).toBe(6);
  });

  it('refuses an async mutator and a Tx used after its mutation returned', async () => {
    const store = await fresh();
    await expect(store.update(async () => 1)).rejects.toMatchObject({ code: 'internal' });
    let leaked: { nextId(p: string): string } | undefined;
    await store.update((_db, tx) => void (leaked = tx));
    expect(() => leaked!.nextId('x')).toThrow(/after its mutation/);
  });

  it('keeps everything acknowledged across close and reopen, audit trail included', async () => {
    const clock = fixedClock('2025-06-01T10:00:00.000Z');
    const store = await fresh(clock);
    await store.update(seed);
    await store.update((db, tx) => {
      db.risks[0].rating = 'red';
      tx.audit({
        actor: 'aad-1',
        action: 'risk.rate',
        groupId: 'g1',
        target: 'R1',
        before: { rating: 'yellow' },
        after: { rating: 'red' },
      });
    });
    const last = store.update((db, tx) => {
      db.groups.push({ ...structuredClone(db.groups[0]), id: 'g2', name: 'Bestyrelsen' });
      tx.audit({ actor: 'aad-1', action: 'group.create', groupId: 'g2', target: 'g2' });
    });
    await store.close(); // what was accepted before close is committed
    await last;
    if (!place.durable) return;
    const again = track(await place.open(clock));
    const db = again.read();
    expect(db.groups.map((g) => g.id)).toEqual(['g1', 'g2']);
    expect(db.risks[0].rating).toBe('red');
    expect(db.outbox.map((o) => o.id)).toEqual(['ob-1']);
    expect(db.seq).toBe(3);
    expect(db.audit.map((a) => a.action)).toEqual(['risk.rate', 'group.create']);
    const reader = track(await place.openReadOnly());
    expect(reader.read().audit.map((a) => a.action)).toEqual(['risk.rate', 'group.create']);
    expect(reader.read().voteRounds[0].ballots).toEqual(sampleDb().voteRounds[0].ballots);
  });

  it('refuses updates after close', async () => {
    const store = await fresh();
    await store.close();
    await expect(store.update(() => 1)).rejects.toMatchObject({ code: 'store_closed' });
  });

  it('a read-only store sees the data and refuses to change it', async () => {
    const store = await fresh();
    await store.update(seed);
    if (!place.durable) return;
    await store.close();
    const reader = track(await place.openReadOnly());
    expect(reader.read().groups[0].id).toBe('g1');
    await expect(reader.update(() => 1)).rejects.toMatchObject({ code: 'store_read_only' });
  });

  it("keeps the order of a conversation's outbox items across groups and restarts", async () => {
    const store = await fresh();
    await store.update(seed);
    await store.update((db) => void db.groups.push({ ...structuredClone(db.groups[0]), id: 'g2', name: 'B' }));
    const base = sampleDb().outbox[0];
    await store.update((db, tx) => {
      for (const g of ['g2', 'g1', null, 'g2', 'g1'])
        db.outbox.push({ ...structuredClone(base), id: tx.nextId('o'), groupId: g, status: 'queued' });
    });
    const ids = store.read().outbox.map((o) => o.id);
    expect(ids).toEqual(['ob-1', 'o-4', 'o-5', 'o-6', 'o-7', 'o-8']);
    if (!place.durable) return;
    await store.close();
    const again = track(await place.open());
    expect(again.read().outbox.map((o) => o.id)).toEqual(ids);
    expect(again.read().outbox.map((o) => o.groupId)).toEqual(['g1', 'g2', 'g1', null, 'g2', 'g1']);
  });

  it('removes a group and what belonged to it when a mutation does', async () => {
    const store = await fresh();
    await store.update(seed);
    await store.update((db) => void db.groups.push({ ...structuredClone(db.groups[0]), id: 'g2', name: 'B' }));
    await store.update((db) => {
      db.groups = db.groups.filter((g) => g.id !== 'g1');
      for (const k of ['meetings', 'risks', 'voteRounds', 'actions', 'escalations', 'outbox', 'reminders'] as const) {
        (db[k] as { groupId: string | null }[]) = (db[k] as { groupId: string | null }[]).filter((x) => x.groupId !== 'g1');
      }
    });
    expect(store.read().groups.map((g) => g.id)).toEqual(['g2']);
    if (!place.durable) return;
    await store.close();
    const again = track(await place.open());
    expect(again.read().groups.map((g) => g.id)).toEqual(['g2']);
    expect(again.read().risks).toEqual([]);
    expect(again.read().jobs.map((j) => j.id)).toEqual(['job-3']);
  });
});
