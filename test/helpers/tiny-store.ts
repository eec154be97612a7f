/**
 * A minimal in-memory Store for the time/scheduler tests, so they do not wait for (or depend on)
 * src/storage. Updates are serialised like the real store's; `writes` counts them so tests can
 * check that an idle tick does not write.
 *
 * `view(alive)` gives a crashable handle over the same data: once `alive()` is false, every
 * update through it rejects without running, which is what a dead process's writes amount to.
 */
import type { Clock, Store, Tx } from '../../src/app/ports.js';
import { emptyDb, type Db } from '../../src/domain/model.js';
import { createTx } from '../../src/storage/tx.js';

export interface TinyStore extends Store {
  db: Db;
  writes: number;
  view(alive: () => boolean): Store;
}

export class ProcessDied extends Error {
  constructor() {
    super('process died');
  }
}

export function tinyStore(opts: { clock?: Clock; db?: Db } = {}): TinyStore {
  const clock = opts.clock ?? { now: () => new Date() };
  let chain: Promise<unknown> = Promise.resolve();

  const run = <T>(fn: (db: Db, tx: Tx) => T): Promise<T> => {
    const next = chain.then(() => {
      const now = clock.now();
      const tx = createTx(store.db, now, { audit: (entry) => void store.db.audit.push(entry) });
      const result = fn(store.db, tx);
      store.writes++;
      return result;
    });
    chain = next.catch(() => undefined);
    return next;
  };

  const store: TinyStore = {
    db: opts.db ?? emptyDb(),
    writes: 0,
    read: () => store.db,
    update: run,
    describe: () => ({ path: ':memory:', ok: true }),
    close: async () => {},
    view(alive) {
      return {
        ...store,
        update: <T>(fn: (db: Db, tx: Tx) => T) => (alive() ? run(fn) : Promise.reject(new ProcessDied())),
      };
    },
  };
  return store;
}
