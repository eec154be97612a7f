import type { Clock, Store, Tx } from '../../src/app/ports.js';
import { emptyDb, type Db } from '../../src/domain/model.js';
import { createTx } from '../../src/storage/tx.js';

/**
 * A minimal in-memory Store for the delivery tests (until src/storage's memoryStore exists).
 * Each update works on a copy that replaces the state only if the mutator returns: like a
 * durable store, a throwing mutation leaves no trace, and a reader holding `read()` from before
 * never sees half a change. Updates are serialised. `failWrites` simulates a failing disk.
 */
export interface TinyStore extends Store {
  /** Number of completed updates. */
  writes: number;
  /** When set, the next updates throw this (the change is not applied). */
  failWrites: Error | null;
}

export function tinyStore(clock: Clock, initial: Db = emptyDb()): TinyStore {
  let db: Db = structuredClone(initial);
  let chain: Promise<unknown> = Promise.resolve();
  const store: TinyStore = {
    writes: 0,
    failWrites: null,
    read: () => db,
    update<T>(fn: (db: Db, tx: Tx) => T): Promise<T> {
      const run = async () => {
        if (store.failWrites) throw store.failWrites;
        const draft = structuredClone(db);
        const now = clock.now();
        const tx = createTx(draft, now, { audit: (entry) => void draft.audit.push(entry) });
        const result = fn(draft, tx);
        db = draft;
        store.writes++;
        return result;
      };
      const p = chain.then(run, run);
      chain = p.catch(() => {});
      return p;
    },
    describe: () => ({ path: ':memory:', ok: store.failWrites === null }),
    close: async () => {},
  };
  return store;
}
