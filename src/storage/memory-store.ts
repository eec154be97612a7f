/**
 * A `Store` without disk, for fast unit tests of use-cases. Same queue as the durable store
 * (CommitQueue): mutations run later, in order, one at a time; audit entries get `at` from the
 * clock and land only if the mutator returns; `nextId` uses `db.seq`. So a use-case that works
 * against this store behaves the same against the real one (minus fsync latency).
 */
import { Low, Memory } from 'lowdb';
import { emptyDb, type Db } from '../domain/model.js';
import { systemClock, type Clock, type Store, type Tx } from '../app/ports.js';
import { AppError } from '../errors.js';
import { CommitQueue, type QueueStats } from './commit-queue.js';

export interface MemoryStore extends Store {
  stats(): QueueStats;
}

export function memoryStore(initial?: Db, clock: Clock = systemClock): MemoryStore {
  // A deep copy: a test's fixture object must not change under the test's feet.
  const low = new Low<Db>(new Memory<Db>(), structuredClone(initial ?? emptyDb()));
  const queue = new CommitQueue({
    low,
    clock,
    path: ':memory:',
    restore: () => low.data, // Memory writes cannot fail
  });
  return {
    read: () => queue.data,
    update: <T>(fn: (db: Db, tx: Tx) => T) => queue.update(fn),
    describe: () => ({ path: ':memory:', ok: queue.ok }),
    stats: () => ({ ...queue.stats }),
    async close() {
      queue.refusal ??= () => new AppError('store_closed', { path: ':memory:' });
      await queue.idle();
    },
  };
}
