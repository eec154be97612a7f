/**
 * Retention: which finished records are old enough to drop from the store document. Only
 * bookkeeping of work that is over — sent outbox items, done/failed jobs, reminders in a final
 * state — and none that something still reads:
 * - an outbox item an escalation points at (where the board's card went) stays, as long as the
 *   escalation exists; one a kept reminder points at stays too;
 * - minutes, meetings, risks, vote rounds, escalations and actions are never touched, and the
 *   audit trail (its own append-only file) keeps the record of every change, prunes included.
 * Age is measured from when the work finished (sentAt/doneAt), else from when it was due.
 */
import type { Db, Job, OutboxItem, Reminder } from './model.js';

export const DEFAULT_RETENTION_DAYS = 400;
/** Audit action of a prune: `after` holds its RetentionCounts. */
export const RETENTION_AUDIT_ACTION = 'retention.prune';

export interface RetentionCounts {
  outbox: number;
  jobs: number;
  reminders: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const FINAL_REMINDER: ReadonlySet<string> = new Set(['sent', 'expired', 'failed', 'cancelled']);

const olderThan = (iso: string | null | undefined, cutoff: number) => {
  const t = iso ? Date.parse(iso) : NaN;
  return !Number.isNaN(t) && t < cutoff;
};

export interface Expired {
  outbox: ReadonlySet<OutboxItem>;
  jobs: ReadonlySet<Job>;
  reminders: ReadonlySet<Reminder>;
}

/** The records older than `days` at `now` that may go. */
export function expiredRecords(db: Readonly<Db>, now: Date, days: number): Expired {
  const cutoff = now.getTime() - days * DAY_MS;
  const reminders = new Set(db.reminders.filter((r) => FINAL_REMINDER.has(r.status) && olderThan(r.sentAt ?? r.dueAt, cutoff)));
  const jobs = new Set(db.jobs.filter((j) => (j.status === 'done' || j.status === 'failed') && olderThan(j.doneAt ?? j.dueAt, cutoff)));
  const needed = new Set<string>();
  for (const e of db.escalations) if (e.outboxId) needed.add(e.outboxId);
  for (const r of db.reminders) if (r.outboxId && !reminders.has(r)) needed.add(r.outboxId);
  const outbox = new Set(db.outbox.filter((o) => o.status === 'sent' && !needed.has(o.id) && olderThan(o.sentAt ?? o.createdAt, cutoff)));
  return { outbox, jobs, reminders };
}

export const countsOf = (e: Expired): RetentionCounts => ({ outbox: e.outbox.size, jobs: e.jobs.size, reminders: e.reminders.size });
export const anyExpired = (c: RetentionCounts) => c.outbox + c.jobs + c.reminders > 0;

/** Removes the expired records from `db` (in place, order kept). */
export function dropExpired(db: Db, e: Expired): void {
  if (e.outbox.size) db.outbox = db.outbox.filter((o) => !e.outbox.has(o));
  if (e.jobs.size) db.jobs = db.jobs.filter((j) => !e.jobs.has(j));
  if (e.reminders.size) db.reminders = db.reminders.filter((r) => !e.reminders.has(r));
}

/** What earlier prunes removed, summed from their audit entries. */
export function prunedSoFar(
  audit: readonly { action: string; at: string; after?: unknown }[],
): RetentionCounts & { runs: number; lastAt: string | null } {
  const out = { outbox: 0, jobs: 0, reminders: 0, runs: 0, lastAt: null as string | null };
  for (const a of audit) {
    if (a.action !== RETENTION_AUDIT_ACTION) continue;
    const c = (a.after ?? {}) as Partial<RetentionCounts>;
    out.outbox += Number(c.outbox) || 0;
    out.jobs += Number(c.jobs) || 0;
    out.reminders += Number(c.reminders) || 0;
    out.runs += 1;
    out.lastAt = a.at;
  }
  return out;
}
