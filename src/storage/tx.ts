import type { Tx } from '../app/ports.js';
import type { AuditEntry, Db } from '../domain/model.js';
import { enqueue } from '../delivery/outbox.js';
import { addJob, cancelJobs } from '../scheduler/jobs.js';
import { syncReminderPlan, syncVoteNudge } from '../scheduler/reminder-sync.js';

export interface TxSinks {
  /** Receives each audit entry (with `at`); the store keeps them only if the mutation returns. */
  audit(entry: AuditEntry): void;
  /** Throws once the mutation has returned (a Tx kept beyond its mutation is a bug). */
  guard?(): void;
}

const dropRefusal = (): void => {};

/**
 * The Tx every store hands its mutations (src/app/ports.ts): ids from `db.seq`, and the outbox,
 * due jobs and reminder rows written into the same `db`, so they are durable with the change.
 */
export function createTx(db: Db, now: Date, sinks: TxSinks): Tx {
  const at = now.toISOString();
  const guard = sinks.guard ?? (() => {});
  const tx: Tx = {
    now,
    audit: (entry) => {
      guard();
      sinks.audit({ ...entry, at });
    },
    nextId: (prefix) => {
      guard();
      db.seq += 1;
      return `${prefix}-${db.seq}`;
    },
    enqueue: (message) => {
      guard();
      return enqueue(db, tx, message);
    },
    refuse: dropRefusal,
    schedule: {
      addJob: (job) => {
        guard();
        return addJob(db, tx, job);
      },
      cancelJobs: (predicate) => {
        guard();
        return cancelJobs(db, predicate);
      },
      syncReminderPlan: (groupId, meetingNumber) => {
        guard();
        return syncReminderPlan(db, tx, groupId, meetingNumber);
      },
      syncVoteNudge: (groupId, roundId) => {
        guard();
        return syncVoteNudge(db, tx, groupId, roundId);
      },
    },
  };
  return tx;
}
