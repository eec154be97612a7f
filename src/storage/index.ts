/** Public surface of the storage layer (import from here, not from the individual files). */
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
