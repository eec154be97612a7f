/**
 * The store backends the contract suite runs against, behind one shape: open a new empty store,
 * reopen the same data (a restart), open it read-only (the CLI), and clean up.
 */
import { join } from 'node:path';
import type { Clock } from '../../src/app/ports.js';
import { memoryStore, openPgStore, openStore, type DurableStore } from '../../src/storage/index.js';
import type { Store } from '../../src/app/ports.js';
import { createTestDatabase, dropTestDatabase } from './pg-server.js';
import { tempDir } from '../unit/storage/fixtures.js';

export interface BackendPlace {
  /** A store on this place (a new one, or the data of the previous one: a restart). */
  open(clock?: Clock): Promise<Store & Partial<DurableStore>>;
  openReadOnly(): Promise<Store & Partial<DurableStore>>;
  /** Whether data outlives close() (memory: no). */
  durable: boolean;
  cleanup(): Promise<void>;
}

export interface Backend {
  name: string;
  place(): Promise<BackendPlace>;
}

export const BACKENDS: Backend[] = [
  {
    name: 'memory',
    async place() {
      let last: ReturnType<typeof memoryStore> | null = null;
      return {
        durable: false,
        async open(clock) {
          last = memoryStore(last ? structuredClone(last.read()) : undefined, clock);
          return last;
        },
        async openReadOnly() {
          return last!;
        },
        cleanup: async () => {},
      };
    },
  },
  {
    name: 'lowdb file',
    async place() {
      const t = tempDir();
      const path = join(t.dir, 'db.json');
      return {
        durable: true,
        open: (clock) => openStore({ path, clock }),
        openReadOnly: () => openStore({ path, readOnly: true }),
        cleanup: async () => t.cleanup(),
      };
    },
  },
  {
    name: 'postgres',
    async place() {
      const url = await createTestDatabase('contract');
      return {
        durable: true,
        open: (clock) => openPgStore({ url, clock, pollMs: 0 }),
        openReadOnly: () => openPgStore({ url, readOnly: true }),
        cleanup: () => dropTestDatabase(url),
      };
    },
  },
];
