/**
 * Sending due reminders, exactly once, on the job runner's tick.
 *
 * Protocol per reminder: planned → `sending` (durable claim, one write for the whole batch) →
 * send() → `sent` with outboxId/sentAt. A send that throws puts it back to `planned` (retried on
 * the next tick). A reminder found in `sending` at the start of a sweep was claimed by a process
 * that died before recording the result; it is sent again, which is safe only because the send
 * port is idempotent per reminder id (see SendReminder). Once the meeting has begun a reminder is
 * pointless: a planned one becomes `expired`, a stuck one `uncertain` (we cannot know whether it
 * went out); both are audited so nothing disappears silently.
 */
import type { Store } from '../app/ports.js';
import type { Db, Reminder } from '../domain/model.js';
import { DEFAULT_ZONE, localToInstant } from '../domain/dates.js';
import { type Log, type Sweep, silentLog } from './job-runner.js';
import { isAtOrBefore } from './instants.js';

export { syncReminderPlan, syncVoteNudge, isMeetingReminderKind, type SyncResult } from './reminder-sync.js';

/**
 * Hands a reminder to the outbox. MUST be idempotent per `reminder.id`: a second call for the same
 * reminder returns the first call's outboxId and queues nothing (the outbox keys the item on it).
 */
export type SendReminder = (reminder: Readonly<Reminder>) => Promise<{ outboxId: string }>;

/** Later than this after its due time, a reminder is flagged `late` (the text can say so). */
export const LATE_AFTER_MS = 5 * 60_000;

export interface DueSelection {
  /** Planned, due, and its meeting (or deadline) still ahead. */
  send: Array<{ reminder: Reminder; late: boolean }>;
  /** Stuck in `sending` by an earlier process, still worth sending. */
  resume: Reminder[];
  /** Due, but the meeting has begun (or the vote deadline passed) before it went out. */
  expire: Reminder[];
  /** The meeting was cancelled or is gone, the round closed, the action done. */
  cancel: Reminder[];
  /** Stuck in `sending` and now past its expiry: whether it went out is unknown. */
  uncertain: Reminder[];
}

/** Maps built only when something is due, so an idle tick allocates nothing per reminder. */
class Lookup {
  private meetings?: Map<string, Db['meetings'][number]>;
  private groups?: Map<string, Db['groups'][number]>;
  private starts = new Map<string, number>();
  constructor(private readonly db: Readonly<Db>) {}

  meeting(groupId: string, n: number) {
    this.meetings ??= new Map(this.db.meetings.map((m) => [`${m.groupId}\u0000${m.number}`, m]));
    return this.meetings.get(`${groupId}\u0000${n}`);
  }
  zone(groupId: string): string {
    this.groups ??= new Map(this.db.groups.map((g) => [g.id, g]));
    return this.groups.get(groupId)?.timezone || DEFAULT_ZONE;
  }
  startMs(groupId: string, n: number): number {
    const key = `${groupId}\u0000${n}`;
    let ms = this.starts.get(key);
    if (ms === undefined) {
      const m = this.meeting(groupId, n)!;
      ms = localToInstant(m.date, m.start, this.zone(groupId)).getTime();
      this.starts.set(key, ms);
    }
    return ms;
  }
}

/**
 * Until when sending `r` makes sense (ms; Infinity = no limit), or 'cancel' when it no longer
 * does at all. Meeting reminders and action nudges end at the meeting's start; vote nudges at the
 * round's deadline.
 */
function expiry(r: Reminder, db: Readonly<Db>, look: Lookup): number | 'cancel' {
  if (r.kind === 'nudge-vote') {
    const round = db.voteRounds.find((v) => v.groupId === r.groupId && v.id === r.ref);
    return round?.status === 'open' ? Date.parse(round.deadline) : 'cancel';
  }
  if (r.kind === 'nudge-action' && r.ref) {
    const action = db.actions.find((a) => a.groupId === r.groupId && a.id === r.ref);
    if (action?.status !== 'open') return 'cancel';
  }
  if (r.meeting === null) return Infinity;
  const m = look.meeting(r.groupId, r.meeting);
  if (!m || m.status === 'cancelled') return 'cancel';
  if (m.status === 'held') return -Infinity;
  return look.startMs(r.groupId, r.meeting);
}

/**
 * What a sweep at `now` must do. Pure selection, no changes. One pass over `db.reminders`; only
 * due ones are looked at further. `inFlight`: ids this process is sending right now (not stuck).
 */
export function dueReminders(
  db: Readonly<Db>,
  now: Date,
  opts: { inFlight?: ReadonlySet<string>; lateAfterMs?: number } = {},
): DueSelection {
  const nowMs = now.getTime();
  const nowIso = now.toISOString();
  const lateAfter = opts.lateAfterMs ?? LATE_AFTER_MS;
  const sel: DueSelection = { send: [], resume: [], expire: [], cancel: [], uncertain: [] };
  let look: Lookup | undefined;
  for (const r of db.reminders) {
    const stuck = r.status === 'sending' && !opts.inFlight?.has(r.id);
    if (!stuck && (r.status !== 'planned' || !isAtOrBefore(r.dueAt, nowIso, nowMs))) continue;
    look ??= new Lookup(db);
    const until = expiry(r, db, look);
    if (stuck) {
      (until !== 'cancel' && nowMs < until ? sel.resume : sel.uncertain).push(r);
    } else if (until === 'cancel') {
      sel.cancel.push(r);
    } else if (nowMs >= until) {
      sel.expire.push(r);
    } else {
      sel.send.push({ reminder: r, late: nowMs - Date.parse(r.dueAt) > lateAfter });
    }
  }
  sel.send.sort((a, b) => Date.parse(a.reminder.dueAt) - Date.parse(b.reminder.dueAt));
  return sel;
}

const isEmpty = (s: DueSelection): boolean =>
  s.send.length + s.resume.length + s.expire.length + s.cancel.length + s.uncertain.length === 0;

export interface ReminderSweepOptions {
  store: Store;
  send: SendReminder;
  log?: Log;
  lateAfterMs?: number;
}

export type ReminderCounts = {
  sent: number;
  late: number;
  failed: number;
  resumed: number;
  expired: number;
  cancelled: number;
  uncertain: number;
};

/** The reminder sweep to hand to createJobRunner({ sweeps: [...] }). */
export function createReminderSweep(opts: ReminderSweepOptions): Sweep & { run(now: Date): Promise<ReminderCounts> } {
  const { store, send } = opts;
  const log = opts.log ?? silentLog;
  const inFlight = new Set<string>();
  const selectOpts = { inFlight, lateAfterMs: opts.lateAfterMs };

  /** Applies the selection under the write lock and returns copies of what to send now. */
  const claim = (now: Date, counts: ReminderCounts) =>
    store.update((db, tx) => {
      const sel = dueReminders(db, now, selectOpts); // again: the state may have changed since the read
      const audit = (r: Reminder, action: string) =>
        tx.audit({
          actor: 'system',
          action,
          groupId: r.groupId,
          target: r.id,
          after: { kind: r.kind, meeting: r.meeting, dueAt: r.dueAt },
        });
      const mark = (list: Reminder[], status: Reminder['status'], action?: string) => {
        for (const r of list) {
          r.status = status;
          if (action) audit(r, action);
        }
      };
      mark(sel.expire, 'expired', 'reminder.expired');
      mark(sel.uncertain, 'uncertain', 'reminder.uncertain');
      mark(sel.cancel, 'cancelled');
      for (const { reminder, late } of sel.send) Object.assign(reminder, { status: 'sending', late });
      // A resumed one may now be late too (the dead process might not have handed it over).
      for (const r of sel.resume) r.late ||= now.getTime() - Date.parse(r.dueAt) > (opts.lateAfterMs ?? LATE_AFTER_MS);
      counts.expired += sel.expire.length;
      counts.uncertain += sel.uncertain.length;
      counts.cancelled += sel.cancel.length;
      counts.resumed += sel.resume.length;
      return [...sel.resume, ...sel.send.map((s) => s.reminder)].map((r) => structuredClone(r));
    });

  const settle = (id: string, change: (r: Reminder) => void) =>
    store.update((db) => {
      const r = db.reminders.find((x) => x.id === id);
      if (r?.status === 'sending') change(r);
    });

  async function sendOne(r: Reminder, now: Date, counts: ReminderCounts): Promise<void> {
    let outboxId: string;
    try {
      ({ outboxId } = await send(r));
    } catch (err) {
      counts.failed++;
      log.warn({ err, reminderId: r.id }, 'reminder send failed; retrying next tick');
      await settle(r.id, (x) => (x.status = 'planned')).catch((e) => log.error({ err: e, reminderId: r.id }, 'could not release reminder'));
      return;
    }
    // No message (nobody left to tell, a quiet week's digest): the port marked it cancelled.
    if (!outboxId) {
      counts.cancelled++;
      return;
    }
    try {
      await settle(r.id, (x) => Object.assign(x, { status: 'sent', outboxId, sentAt: now.toISOString() }));
      counts.sent++;
      if (r.late) counts.late++;
    } catch (err) {
      // Left in `sending`: the next sweep resends, and the idempotent port returns this outboxId.
      log.error({ err, reminderId: r.id }, 'could not record reminder as sent');
    }
  }

  let busy: Promise<ReminderCounts> | null = null;
  async function runOnce(now: Date): Promise<ReminderCounts> {
    const counts: ReminderCounts = { sent: 0, late: 0, failed: 0, resumed: 0, expired: 0, cancelled: 0, uncertain: 0 };
    if (isEmpty(dueReminders(store.read(), now, selectOpts))) return counts; // idle: no write
    const batch = await claim(now, counts);
    for (const r of batch) inFlight.add(r.id);
    try {
      for (const r of batch) await sendOne(r, now, counts);
    } finally {
      for (const r of batch) inFlight.delete(r.id);
    }
    return counts;
  }

  return {
    name: 'reminders',
    run(now: Date) {
      busy ??= runOnce(now).finally(() => (busy = null));
      return busy;
    },
  };
}
