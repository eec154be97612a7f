import type { AuditEntry, Db } from '../domain/model.js';

/** Handed to every mutation: record what changed (who, what) in the same durable write. */
export interface Tx {
  /** The instant of this change, from the injected clock. */
  readonly now: Date;
  audit(entry: Omit<AuditEntry, 'at'>): void;
  /** A new store-wide unique id with the given prefix (e.g. outbox items). */
  nextId(prefix: string): string;
}

/**
 * The only path to data. `read()` returns the in-memory state (never touch the file);
 * `update(fn)` serialises mutations, and resolves only after the change is durable on disk.
 *
 * Mutation functions must validate everything first and only then change `db`: a throw is
 * propagated to the caller, and a mutator that throws half-way would leave partial changes.
 */
export interface Store {
  read(): Readonly<Db>;
  update<T>(fn: (db: Db, tx: Tx) => T): Promise<T>;
  /** Where the data lives (for /healthz), and whether the last write succeeded. */
  describe(): { path: string; ok: boolean };
  close(): Promise<void>;
  /** Set when several instances share the store (PostgreSQL); absent for a single process. */
  readonly shared?: SharedStore;
}

/** What instances sharing one store coordinate beyond the document. */
export interface SharedStore {
  /** This process (outbox claims record it; another instance's claim expires after `claimLeaseMs`). */
  readonly instanceId: string;
  /** How long a `sending` claim of another instance protects it before it counts as interrupted. */
  readonly claimLeaseMs: number;
  /** Shared cards: 0 = this instance may update `card` now (claimed for all), else ms until it may try again. */
  claimCardSlot(card: string, minIntervalMs: number): Promise<number>;
}

export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Refused attempts (permission denied, forged payloads): kept apart from the domain data. */
export interface SecurityLog {
  record(entry: {
    at: string;
    actor: string | null;
    tenantId?: string | null;
    conversationId?: string | null;
    code: string;
    detail?: string;
  }): void;
}
