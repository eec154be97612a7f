/**
 * Keeps a meeting's `status-request` and `status-nudge` reminder rows in line with the meeting
 * (src/domain/standing-status.ts says when). Called from syncReminderPlan, so the rows change in
 * the same durable write as the meeting.
 *
 * Each kind is sent at most once per meeting: once one has gone out (or is going out), moving the
 * meeting does not plan it again. A still-planned one moves with the meeting (same id) and is
 * cancelled with it; a time already past is not planned (a meeting created a week ahead gets the
 * nudge, which carries the same card, but no request). A group without standing items that
 * report a status gets none.
 */
import type { Tx } from '../app/ports.js';
import type { Db, Reminder, ReminderStatus } from '../domain/model.js';
import { DEFAULT_ZONE } from '../domain/dates.js';
import { DEFAULT_REMINDER_OFFSETS } from '../domain/reminder-plan.js';
import { STATUS_NUDGE_KIND, STATUS_REQUEST_KIND, isStandingStatusItem, planStatusReminders } from '../domain/standing-status.js';

/** How the rows changed (added into syncReminderPlan's result). */
export interface StatusSyncResult {
  created: number;
  moved: number;
  cancelled: number;
  kept: number;
}

const DONE: ReadonlySet<ReminderStatus> = new Set(['sending', 'sent', 'expired', 'failed', 'uncertain']);

export function syncStatusReminders(db: Db, tx: Pick<Tx, 'now' | 'nextId'>, groupId: string, meetingNumber: number): StatusSyncResult {
  const result: StatusSyncResult = { created: 0, moved: 0, cancelled: 0, kept: 0 };
  const group = db.groups.find((g) => g.id === groupId);
  if (!group) return result;
  const meeting = db.meetings.find((m) => m.groupId === groupId && m.number === meetingNumber);
  const zone = group.timezone || DEFAULT_ZONE;
  // A group whose standing items report no status (none, or only welcome and "Eventuelt") is asked nothing.
  const asks = group.standingItems.some((s) => isStandingStatusItem(s, group.standingItems));
  const plan = meeting && asks ? planStatusReminders(meeting, zone, group.reminderOffsets?.atTime ?? DEFAULT_REMINDER_OFFSETS.atTime) : [];
  for (const kind of [STATUS_REQUEST_KIND, STATUS_NUDGE_KIND]) {
    const mine = db.reminders.filter((r) => r.groupId === groupId && r.meeting === meetingNumber && r.kind === kind);
    const want = plan.find((p) => p.kind === kind);
    const planned = mine.filter((r) => r.status === 'planned');
    const cancelAll = (list: Reminder[]) => {
      for (const r of list) r.status = 'cancelled';
      result.cancelled += list.length;
    };
    if (!want || mine.some((r) => DONE.has(r.status))) {
      if (mine.some((r) => DONE.has(r.status))) result.kept++;
      cancelAll(planned);
      continue;
    }
    const same = planned.find((r) => Date.parse(r.dueAt) === Date.parse(want.dueAt));
    if (same) {
      result.kept++;
      cancelAll(planned.filter((r) => r !== same));
      continue;
    }
    if (Date.parse(want.dueAt) <= tx.now.getTime()) {
      cancelAll(planned);
      continue;
    }
    const reuse = planned[0] ?? mine.find((r) => r.status === 'cancelled');
    if (reuse) {
      Object.assign(reuse, { dueAt: want.dueAt, status: 'planned', late: false, sentAt: null, outboxId: null });
      cancelAll(planned.filter((r) => r !== reuse));
      result.moved++;
    } else {
      db.reminders.push({
        id: tx.nextId('rem'),
        groupId,
        meeting: meetingNumber,
        kind,
        to: null,
        dueAt: want.dueAt,
        status: 'planned',
        late: false,
        sentAt: null,
        outboxId: null,
        ref: null,
      });
      result.created++;
    }
  }
  return result;
}
