/**
 * Keeps `db.reminders` in line with the meetings (and vote rounds) they belong to. Called by the
 * use-cases inside their store.update, right after they create, move or cancel a meeting, so the
 * plan changes in the same durable write as the meeting.
 *
 * Rules: a reminder that has gone out (or is going out, or expired) is history and never touched;
 * an identical one (same kind, same instant) is not planned again, so re-syncing is a no-op. A
 * still-planned reminder is moved in place (same id) when its time changes, and cancelled when
 * its kind is no longer wanted or the meeting is cancelled/held. A new reminder is only planned
 * for the future: a meeting created 5 days ahead gets no "14 days to go" message.
 */
import type { SyncResult, Tx } from '../app/ports.js';
import type { Db, Reminder, ReminderStatus } from '../domain/model.js';
import { agendaReminderPlan } from '../domain/agenda-publication.js';
import { DEFAULT_ZONE } from '../domain/dates.js';
import { DEFAULT_REMINDER_OFFSETS, nudgeActionAt, nudgeVoteAt, planReminders } from '../domain/reminder-plan.js';
import { syncStatusReminders } from './status-reminders.js';

/** Statuses that mean "this one is done with": sync keeps them as they are. */
const HISTORY: ReadonlySet<ReminderStatus> = new Set(['sending', 'sent', 'expired', 'failed', 'uncertain']);

/** Reminders tied to the meeting's own time ("T-14d", "T-1h"), as opposed to nudges. */
export const isMeetingReminderKind = (kind: string): boolean => kind.startsWith('T-');

const sameInstant = (a: string, b: string): boolean => Date.parse(a) === Date.parse(b);

export type { SyncResult };

function newReminder(tx: Tx, fields: Pick<Reminder, 'groupId' | 'meeting' | 'kind' | 'dueAt'> & { ref?: string | null }): Reminder {
  return { id: tx.nextId('rem'), to: null, status: 'planned', late: false, sentAt: null, outboxId: null, ref: null, ...fields };
}

function replan(r: Reminder, dueAt: string): void {
  Object.assign(r, { dueAt, status: 'planned', late: false, sentAt: null, outboxId: null });
}

/**
 * Recomputes a meeting's reminders after it was created, moved or cancelled (or the group's
 * offsets changed). Also moves the meeting's 'nudge-action' reminders to the new T-2d time, and
 * cancels them with the meeting. Throws RangeError for an unknown group (a programming error).
 */
export function syncReminderPlan(db: Db, tx: Tx, groupId: string, meetingNumber: number): SyncResult {
  const group = db.groups.find((g) => g.id === groupId);
  if (!group) throw new RangeError(`unknown group ${groupId}`);
  const meeting = db.meetings.find((m) => m.groupId === groupId && m.number === meetingNumber);
  const zone = group.timezone || DEFAULT_ZONE;
  const offsets = group.reminderOffsets ?? DEFAULT_REMINDER_OFFSETS;
  // The agenda's publication (T-7d-agenda) is planned beside the offset reminders (domain/agenda-publication.ts).
  const plan = meeting ? [...planReminders(meeting, offsets, zone), ...agendaReminderPlan(meeting, offsets.atTime, zone)] : [];
  const nowMs = tx.now.getTime();
  const result: SyncResult = { created: 0, moved: 0, cancelled: 0, kept: 0 };

  const mine = db.reminders.filter((r) => r.groupId === groupId && r.meeting === meetingNumber);
  const used = new Set<Reminder>();
  for (const p of plan) {
    const ofKind = mine.filter((r) => r.kind === p.kind);
    if (ofKind.some((r) => HISTORY.has(r.status) && sameInstant(r.dueAt, p.dueAt))) {
      result.kept++;
      continue;
    }
    // Unchanged and still planned: keep even if already due (the runner may be about to send it).
    const same = ofKind.find((r) => r.status === 'planned' && !used.has(r) && sameInstant(r.dueAt, p.dueAt));
    if (same) {
      used.add(same);
      result.kept++;
      continue;
    }
    if (Date.parse(p.dueAt) <= nowMs) continue;
    const reuse =
      ofKind.find((r) => r.status === 'planned' && !used.has(r)) ?? ofKind.find((r) => r.status === 'cancelled' && !used.has(r));
    if (reuse) {
      replan(reuse, p.dueAt);
      used.add(reuse);
      result.moved++;
    } else {
      const r = newReminder(tx, { groupId, meeting: meetingNumber, kind: p.kind, dueAt: p.dueAt });
      db.reminders.push(r);
      used.add(r);
      result.created++;
    }
  }
  for (const r of mine) {
    if (r.status !== 'planned' || used.has(r)) continue;
    if (isMeetingReminderKind(r.kind)) {
      r.status = 'cancelled';
      result.cancelled++;
    } else if (r.kind === 'nudge-action') {
      if (meeting?.status === 'planned') {
        const at = nudgeActionAt(meeting, zone, offsets.atTime);
        if (!sameInstant(r.dueAt, at)) {
          // Even if the new time has passed: chasing open actions is still useful before the meeting.
          r.dueAt = at;
          result.moved++;
        }
      } else {
        r.status = 'cancelled';
        result.cancelled++;
      }
    }
  }
  // The standing items' status request and nudge (scheduler/status-reminders.ts).
  const status = syncStatusReminders(db, tx, groupId, meetingNumber);
  for (const k of ['created', 'moved', 'cancelled', 'kept'] as const) result[k] += status[k];
  return result;
}

/**
 * Plans (or moves, or cancels) the one 'nudge-vote' reminder of a vote round: the working day
 * before its deadline at the group's reminder time. Who has not voted is decided when it is sent.
 */
export function syncVoteNudge(db: Db, tx: Tx, groupId: string, roundId: string): SyncResult {
  const group = db.groups.find((g) => g.id === groupId);
  if (!group) throw new RangeError(`unknown group ${groupId}`);
  const round = db.voteRounds.find((v) => v.groupId === groupId && v.id === roundId);
  const result: SyncResult = { created: 0, moved: 0, cancelled: 0, kept: 0 };
  const mine = db.reminders.filter((r) => r.groupId === groupId && r.kind === 'nudge-vote' && r.ref === roundId);
  const at = round?.status === 'open' ? nudgeVoteAt(round.deadline, group.timezone || DEFAULT_ZONE, group.reminderOffsets?.atTime) : null;
  const wanted = at !== null && (Date.parse(at) > tx.now.getTime() || mine.some((r) => r.status === 'planned' && sameInstant(r.dueAt, at)));
  let active = wanted && mine.some((r) => HISTORY.has(r.status) && sameInstant(r.dueAt, at!));
  if (active) result.kept++;
  for (const r of mine) {
    if (r.status !== 'planned') continue;
    if (!wanted || active) {
      r.status = 'cancelled';
      result.cancelled++;
    } else if (sameInstant(r.dueAt, at!)) {
      result.kept++;
      active = true;
    } else {
      replan(r, at!);
      result.moved++;
      active = true;
    }
  }
  if (wanted && !active) {
    db.reminders.push(newReminder(tx, { groupId, meeting: round!.meeting, kind: 'nudge-vote', dueAt: at!, ref: roundId }));
    result.created++;
  }
  return result;
}
