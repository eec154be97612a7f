import type { Db, Group, Meeting, Person } from '../domain/model.js';
import { personKey } from '../domain/roster.js';
import { AppError, isAppError } from '../errors.js';
import { requireGroup, requireRight } from './groups.js';
import type { Tx } from './ports.js';

/**
 * Minutes ("referat") of a meeting: approval, amendments, and the rule that approved minutes
 * are frozen. The document itself is generated from the store on demand (src/export); what is
 * stored is only `meeting.minutes` (status, who approved when, amendments, version).
 *
 * Version: 1 when the meeting is created; +1 for every approval and every amendment, so a
 * printed "version 3" always names one state of the minutes.
 */

/** Longest amendment text kept (a correction is a sentence or two, not a new document). */
export const AMENDMENT_MAX = 1000;

/** An agenda item whose approval approves the previous meeting's minutes. */
export const APPROVAL_ITEM_TITLE = /godkendelse\s+af\s+(?:det\s+)?referat|approval\s+of\s+(?:the\s+)?minutes/i;

export function findMeeting(db: Readonly<Db>, groupId: string, number: number): Meeting {
  const m = db.meetings.find((x) => x.groupId === groupId && x.number === number);
  if (!m) throw new AppError('meeting_unknown', { number });
  return m;
}

/**
 * Guard for every use-case that changes what the minutes record (an item's outcome or decision,
 * attendance): throws `minutes_approved` once the minutes are approved. Call it before changing
 * anything; later corrections go in as amendments (`recordAmendment`).
 */
export function assertMinutesOpen(meeting: Pick<Meeting, 'number' | 'minutes'>): void {
  if (meeting.minutes?.status === 'approved') throw new AppError('minutes_approved', { number: meeting.number });
}

/** The local calendar date of an instant in a time zone (YYYY-MM-DD). */
function localToday(now: Date, timezone: string): string {
  // en-CA formats as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * The meeting `referat` shows when no number is given: the last held meeting, else the last one
 * whose date has come (not cancelled), else the next planned one (its minutes are being drafted
 * as decisions are recorded). Throws `minutes_no_meeting` when the group has no meeting at all.
 */
export function defaultMinutesMeeting(db: Readonly<Db>, group: Group, now: Date): Meeting {
  const mine = db.meetings.filter((m) => m.groupId === group.id && m.status !== 'cancelled').sort((a, b) => b.number - a.number);
  const held = mine.find((m) => m.status === 'held');
  if (held) return held;
  const today = localToday(now, group.timezone);
  const past = mine.find((m) => m.date <= today);
  if (past) return past;
  const next = mine.at(-1);
  if (next) return next;
  throw new AppError('minutes_no_meeting');
}

/**
 * THE rule for approving a meeting's minutes (README "Approving the minutes"), used by both ways
 * of approving: (a) the group approves under the *first* item of a later meeting when that item is
 * "Godkendelse af referat" (recorded by the chair or the referent), or (b) the chair approves by
 * button or command. In both cases only once that meeting has taken place (held, or its date has
 * come) and was not cancelled. Returns why not, or null when the minutes may be approved.
 */
export function whyNotApprovable(m: Meeting, group: Group, now: Date): AppError | null {
  if (m.status === 'cancelled') return new AppError('minutes_cancelled', { number: m.number });
  if (m.status !== 'held' && m.date > localToday(now, group.timezone))
    return new AppError('minutes_not_held', { number: m.number, date: m.date });
  return null;
}

function requireTakenPlace(m: Meeting, group: Group, now: Date): void {
  const why = whyNotApprovable(m, group, now);
  if (why) throw why;
}

/** The item under which the group approves the previous minutes: the meeting's first item, if it says so. */
export function approvalItemOf(m: Meeting): number | null {
  const first = [...m.items].sort((a, b) => a.number - b.number)[0];
  return first && APPROVAL_ITEM_TITLE.test(first.title) ? first.number : null;
}

export interface ApproveResult {
  meeting: Meeting;
  /** False when the minutes were already approved (nothing changed). */
  changed: boolean;
}

function markApproved(m: Meeting, tx: Tx, actor: Person, groupId: string, via: { meeting: number; item: number } | null): void {
  const before = { status: m.minutes.status, version: m.minutes.version };
  m.minutes.status = 'approved';
  m.minutes.approvedBy = personKey(actor);
  m.minutes.approvedAt = tx.now.toISOString();
  m.minutes.version += 1;
  tx.audit({
    actor: personKey(actor),
    action: 'minutes.approve',
    groupId,
    target: `meeting ${m.number}`,
    before,
    after: { status: 'approved', version: m.minutes.version, ...(via ? { via: `meeting ${via.meeting} item ${via.item}` } : {}) },
  });
}

/**
 * The chair approves the minutes of meeting N (card button or `godkend referat N`). Idempotent:
 * approving approved minutes changes nothing (Teams re-sends invokes; two chairs may click).
 */
export function approveMinutes(db: Db, tx: Tx, input: { groupId: string; meetingNumber: number; actor: Person }): ApproveResult {
  const group = requireGroup(db, input.groupId);
  try {
    requireRight(group, input.actor, 'approveMinutes', tx);
  } catch (err) {
    // Say what only the chair may do here, and what the referent can do instead.
    if (isAppError(err, 'not_chair')) throw new AppError('minutes_not_chair', { number: input.meetingNumber });
    throw err;
  }
  const m = findMeeting(db, group.id, input.meetingNumber);
  if (m.minutes.status === 'approved') return { meeting: m, changed: false };
  requireTakenPlace(m, group, tx.now);
  markApproved(m, tx, input.actor, group.id, null);
  return { meeting: m, changed: true };
}

/**
 * For the meetings use-case that records an item's outcome: when item `itemNumber` of meeting
 * `meetingNumber` is its first item, "Godkendelse af referat", and its outcome is now `approved`, the
 * previous meeting's minutes become approved (by `actor`, who recorded the decision). Call it in
 * the same `store.update`, after the outcome is set. Returns the meeting whose minutes were
 * approved, or null when nothing changed (other item, other outcome, no previous meeting, or
 * already approved). Needs the `recordDecisions` right, which the caller has checked already.
 */
export function approvePreviousMinutesIfItemApproves(
  db: Db,
  tx: Tx,
  groupId: string,
  meetingNumber: number,
  itemNumber: number,
  actor: Person,
): Meeting | null {
  const group = requireGroup(db, groupId);
  const m = findMeeting(db, groupId, meetingNumber);
  const item = m.items.find((i) => i.number === itemNumber);
  if (!item || item.outcome !== 'approved' || approvalItemOf(m) !== itemNumber) return null;
  requireRight(group, actor, 'recordDecisions', tx);
  const previous = db.meetings
    .filter((x) => x.groupId === groupId && x.number < meetingNumber && x.status !== 'cancelled')
    .sort((a, b) => b.number - a.number)[0];
  if (!previous || previous.minutes.status === 'approved') return null;
  // Same rule as the chair's button: a meeting that has not taken place has no minutes to approve.
  if (whyNotApprovable(previous, group, tx.now)) return null;
  markApproved(previous, tx, actor, groupId, { meeting: meetingNumber, item: itemNumber });
  return previous;
}

export interface AmendmentInput {
  groupId: string;
  meetingNumber: number;
  /** The agenda item the correction is about, if any. */
  item: number | null;
  text: string;
  actor: Person;
}

/**
 * A correction to the minutes (`rettelse N <tekst>`), by the chair or the referent. Kept in
 * `minutes.amendments` and printed in the next version; the decisions themselves stay as they
 * were approved. Allowed on a draft too (e.g. a wrong attendance line).
 */
export function recordAmendment(db: Db, tx: Tx, input: AmendmentInput): Meeting {
  const group = requireGroup(db, input.groupId);
  requireRight(group, input.actor, 'recordDecisions', tx);
  const m = findMeeting(db, group.id, input.meetingNumber);
  const text = input.text.replace(/\s+/g, ' ').trim();
  if (!text) throw new AppError('minutes_amendment_empty', { number: m.number });
  if (text.length > AMENDMENT_MAX) throw new AppError('minutes_amendment_too_long', { max: AMENDMENT_MAX });
  if (input.item != null && !m.items.some((i) => i.number === input.item))
    throw new AppError('minutes_item_unknown', { number: m.number, item: input.item });
  if (m.status === 'cancelled') throw new AppError('minutes_cancelled', { number: m.number });
  const amendment = { text, by: personKey(input.actor), at: tx.now.toISOString(), item: input.item };
  m.minutes.amendments.push(amendment);
  m.minutes.version += 1;
  tx.audit({
    actor: personKey(input.actor),
    action: 'minutes.amend',
    groupId: group.id,
    target: `meeting ${m.number}`,
    after: { ...amendment, version: m.minutes.version },
  });
  return m;
}
