import type { AuditEntry, ConversationRef, Db, Job, OutboxItem } from '../domain/model.js';
import type { OutboxRef } from '../domain/outbox-ref.js';

/**
 * Handed to every mutation: record what changed (who, what) in the same durable write, and what
 * it sets going outside the turn (messages, due jobs, reminders), so a crash loses none of it.
 */
export interface Tx {
  /** The instant of this change, from the injected clock. */
  readonly now: Date;
  audit(entry: Omit<AuditEntry, 'at'>): void;
  /** A new store-wide unique id with the given prefix (e.g. outbox items). */
  nextId(prefix: string): string;
  /** Queues a proactive message (src/delivery sends it after the write, at most once). */
  enqueue(message: OutgoingMessage): OutboxItem;
  /** Due jobs and reminder rows (src/scheduler acts on them). */
  readonly schedule: Schedule;
  /**
   * Records a refused attempt (no right, a forged payload) in the security log, apart from the
   * domain data and kept although the mutation then throws. The running bot's store logs them
   * (src/app/refusals.ts); elsewhere (CLI, unit tests) they are dropped.
   */
  refuse(code: string, detail: string, who: Refuser): void;
}

/** Who was refused, and where. */
export interface Refuser {
  actor: string | null;
  conversationId?: string | null;
}

/** A message sent outside a turn; `ref` says what it is for (after-send handling goes by its kind). */
export interface OutgoingMessage {
  groupId: string | null;
  conversation: ConversationRef;
  /** A Bot Framework activity (text and/or attachments), plain JSON. */
  activity: Record<string, unknown>;
  ref: OutboxRef;
}

export interface NewJob {
  kind: string;
  dueAt: string | Date;
  payload?: Record<string, unknown>;
}

/** How a re-plan changed a meeting's or a round's reminder rows. */
export interface SyncResult {
  created: number;
  moved: number;
  cancelled: number;
  kept: number;
}

export interface Schedule {
  /** A job run at `dueAt` (closing a vote round at its deadline). */
  addJob(job: NewJob): Job;
  /** Removes the pending jobs matching `predicate` and returns them (done and failed ones stay). */
  cancelJobs(predicate: (job: Readonly<Job>) => boolean): Job[];
  /** Re-plans a meeting's reminders after it was created, moved, cancelled or held. */
  syncReminderPlan(groupId: string, meetingNumber: number): SyncResult;
  /** Re-plans a vote round's nudge after it opened or closed. */
  syncVoteNudge(groupId: string, roundId: string): SyncResult;
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
  /** `scope`: what the mutation decides on, so a shared store locks only that (default: everything). */
  update<T>(fn: (db: Db, tx: Tx) => T, scope?: UpdateScope): Promise<T>;
  /** Where the data lives (for /healthz), and whether the last write succeeded. */
  describe(): { path: string; ok: boolean };
  close(): Promise<void>;
  /** Set when several instances share the store (PostgreSQL); absent for a single process. */
  readonly shared?: SharedStore;
}

/**
 * A hint for stores shared by several instances (PostgreSQL): the mutation reads and changes only
 * these groups' data (and store-wide lists keyed by them, such as replay keys), so it locks only
 * them and updates of other groups run at the same time. A change it makes elsewhere is noticed
 * and the mutation is run again under wider locks; reads of other groups may be milliseconds
 * old. Omitted, the whole store is locked. Single-process stores ignore it.
 */
export interface UpdateScope {
  groupId?: string | readonly string[];
}

/** What instances sharing one store coordinate beyond the document. */
export interface SharedStore {
  /** This process (outbox claims record it; another instance's claim expires after `claimLeaseMs`). */
  readonly instanceId: string;
  /** How long a `sending` claim of another instance protects it before it counts as interrupted. */
  readonly claimLeaseMs: number;
  /** Shared cards: 0 = this instance may update `card` now (claimed for all), else ms until it may try again. */
  claimCardSlot(card: string, minIntervalMs: number): Promise<number>;
  /** Forgets card slots unused for `idleMs` (the retention sweep): a missing slot is a free one. */
  pruneCardSlots(idleMs: number): Promise<number>;
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
