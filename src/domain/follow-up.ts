/**
 * "Opfølgning": the group's action points the group goes through under the first item of a
 * meeting ("Velkomst og godkendelse af referat") — the ones still open when the meeting met,
 * split into overdue (due before the meeting date) and open, each sorted by due date.
 */
import type { ActionPoint } from './model.js';
import { DEFAULT_ZONE, instantToLocal } from './dates.js';

export interface FollowUp {
  overdue: ActionPoint[];
  open: ActionPoint[];
}

/** The card shows at most this many lines, then "… og N mere". */
export const FOLLOW_UP_CARD_MAX = 15;

const localDay = (iso: string, zone: string): string => {
  try {
    return instantToLocal(iso, zone).date;
  } catch {
    return iso.slice(0, 10);
  }
};

/** Earliest due first, action points without a due date last; ties by id (A2 before A10). */
function byDue(a: ActionPoint, b: ActionPoint): number {
  if (a.due !== b.due) {
    if (a.due === null) return 1;
    if (b.due === null) return -1;
    return a.due < b.due ? -1 : 1;
  }
  return a.id.localeCompare(b.id, 'da', { numeric: true });
}

/**
 * The action points of `groupId` open at a meeting on `meetingDate` (YYYY-MM-DD, the group's
 * local date): created before that day and either still open or done only on or after it — so
 * the minutes of a held meeting keep the list the group actually went through.
 */
export function followUpAt(actions: readonly ActionPoint[], groupId: string, meetingDate: string, zone: string = DEFAULT_ZONE): FollowUp {
  const open = actions.filter((a) => {
    if (a.groupId !== groupId) return false;
    if (localDay(a.createdAt, zone) >= meetingDate) return false;
    if (a.status === 'open') return true;
    return !!a.doneAt && localDay(a.doneAt, zone) >= meetingDate;
  });
  const isOverdue = (a: ActionPoint) => a.due !== null && a.due < meetingDate;
  return { overdue: open.filter(isOverdue).sort(byDue), open: open.filter((a) => !isOverdue(a)).sort(byDue) };
}

/** Overdue first, then open, cut to `max` lines; `more` counts the ones left out. */
export function capFollowUp(f: FollowUp, max: number): { shown: { action: ActionPoint; overdue: boolean }[]; more: number } {
  const all = [...f.overdue.map((action) => ({ action, overdue: true })), ...f.open.map((action) => ({ action, overdue: false }))];
  return { shown: all.slice(0, Math.max(0, max)), more: Math.max(0, all.length - Math.max(0, max)) };
}
