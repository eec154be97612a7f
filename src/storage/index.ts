/** Public surface of the storage layer (import from here, not from the individual files). */
import type { Clock, SecurityLog } from '../app/ports.js';
import { openStore, type DurableStore, type StoreLog } from './lowdb-store.js';
import type { PgStore } from './pg/pg-store.js';
import type * as PgStoreModule from './pg/pg-store.js';
import type * as PgTransferModule from './pg/transfer.js';
import { pgSecurityLog } from './pg/security-log.js';
import { fileSecurityLog, securityLogPathFor } from './security-log.js';

export { openStore, bakPathFor, type DurableStore, type OpenStoreOptions, type StoreLog } from './lowdb-store.js';
export { memoryStore, type MemoryStore } from './memory-store.js';
export { DurableAdapter, nodeFs, writeFileDurably, type FsPort, type FsHandle } from './durable-adapter.js';
export { fileSecurityLog, securityLogPathFor } from './security-log.js';
export { backupStore, type BackupResult } from './backup.js';
export { checkStore, type CheckResult } from './check.js';
export { adminSocketPathFor, callAdmin, startAdminServer, withWriter, type AdminHandler, type AdminServer } from './admin-socket.js';
export { ownerPathFor } from './lock.js';
export { migrate, type DbV1 } from './migrations.js';
export { dbSchema } from './schema.js';
export type { QueueStats } from './commit-queue.js';
export type { PgStore, OpenPgStoreOptions } from './pg/pg-store.js';
export { isPgUrl, redactUrl } from './pg/location.js';
export type { CopyResult } from './pg/transfer.js';

// The PostgreSQL driver loads only when a PostgreSQL store is used, not with this barrel: the CLI
// and a file-store bot never need it.
export const openPgStore: typeof PgStoreModule.openPgStore = async (opts) => (await import('./pg/pg-store.js')).openPgStore(opts);
export const copyIntoPg: typeof PgTransferModule.copyIntoPg = async (db, url) => (await import('./pg/transfer.js')).copyIntoPg(db, url);
export const backupPg: typeof PgTransferModule.backupPg = async (url, outFile) => (await import('./pg/transfer.js')).backupPg(url, outFile);
export const checkPg: typeof PgTransferModule.checkPg = async (url) => (await import('./pg/transfer.js')).checkPg(url);

export const isPgStore = (s: unknown): s is PgStore =>
  typeof s === 'object' && s !== null && (s as { backend?: unknown }).backend === 'postgres';

/**
 * The store the configuration asks for: PostgreSQL when DATABASE_URL is set (no writer lock, no
 * admin socket: every instance and the CLI go to the database), else the JSON file at STORE_PATH.
 */
export function openConfiguredStore(
  config: { storePath: string; databaseUrl: string | null },
  opts: { clock?: Clock; log?: StoreLog; readOnly?: boolean } = {},
): Promise<DurableStore> {
  if (config.databaseUrl) return openPgStore({ url: config.databaseUrl, ...opts });
  return openStore({ path: config.storePath, ...opts });
}

/** The security log beside the store: its own table in PostgreSQL, `<store>.security.log` beside the file. */
export function securityLogFor(store: DurableStore, config: { storePath: string }): SecurityLog {
  return isPgStore(store) ? pgSecurityLog(store.pool) : fileSecurityLog(securityLogPathFor(config.storePath));
}
