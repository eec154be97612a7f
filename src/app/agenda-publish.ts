/**
 * Publishing the agenda (issue #15, "Udsend dagsorden"): the chair or referent sends it by hand,
 * or the T-7d-agenda reminder sends it (src/domain/agenda-publication.ts plans it). Either way
 * the overview goes to the group's conversation through the outbox and the meeting records
 * `agendaSentAt`. A change after that is collected in `meeting.agendaChanges`, and one due job
 * per meeting (AGENDA_NOTE_JOB, a few minutes later) turns everything collected by then into one
 * short "Dagsorden opdateret" note — durable, so a restart in between loses nothing.
 */
import { AGENDA_NOTE_DELAY_MS } from '../domain/agenda-edit.js';
import { AGENDA_REMINDER_KIND } from '../domain/agenda-publication.js';
import type { AgendaChange, Db, Group, Meeting, Person, Reminder } from '../domain/model.js';
import { personKey } from '../domain/roster.js';
import { AppError } from '../errors.js';
import { requireGroup, requireRight } from './groups.js';
import { findMeeting } from './meetings.js';
import type { Tx } from './ports.js';

export const AGENDA_NOTE_JOB = 'agenda.note';
/** A note lists at most this many changes (the rest are counted). */
export const MAX_NOTED_CHANGES = 30;

const isNoteJobOf = (groupId: string, meeting: number) => (j: { kind: string; payload: Record<string, unknown> }) =>
  j.kind === AGENDA_NOTE_JOB && j.payload.groupId === groupId && j.payload.meeting === meeting;

/** Records a change for the note when the agenda is already published, and plans the note once. */
export function noteAgendaChange(db: Db, tx: Tx, group: Group, meeting: Meeting, change: AgendaChange): void {
  if (!meeting.agendaSentAt) return;
  const changes = (meeting.agendaChanges ??= []);
  // Past the cap only the count grows: the note says "and N more changes".
  changes.push(changes.length < MAX_NOTED_CHANGES ? change : { kind: change.kind, title: '', item: 0 });
  if (db.jobs.some((j) => j.status === 'pending' && isNoteJobOf(group.id, meeting.number)(j))) return;
  tx.schedule.addJob({
    kind: AGENDA_NOTE_JOB,
    dueAt: new Date(tx.now.getTime() + AGENDA_NOTE_DELAY_MS),
    payload: { groupId: group.id, meeting: meeting.number },
  });
}

export type RenderActivity = (group: Group, meeting: Meeting) => Record<string, unknown>;

export interface PublishInput {
  groupId: string;
  actor: Person;
  meeting: number;
  /** The published agenda (the overview card), built from the meeting as it is in this write. */
  render: RenderActivity;
}

/** Marks the agenda sent: the reminder is no longer wanted, collected changes are covered by it. */
function markSent(db: Db, tx: Tx, group: Group, meeting: Meeting): void {
  meeting.agendaSentAt = tx.now.toISOString();
  meeting.agendaChanges = [];
  tx.schedule.cancelJobs(isNoteJobOf(group.id, meeting.number));
  tx.schedule.syncReminderPlan(group.id, meeting.number);
}

/** "Udsend dagsorden": posts the agenda to the group's conversation and marks it sent. */
/** How long publishing an unchanged agenda again counts as a repeat of the same click. */
const REPUBLISH_REPEAT_MS = 2 * 60_000;

export function publishAgenda(db: Db, tx: Tx, input: PublishInput): { meeting: Meeting; again: boolean } {
  const group = requireGroup(db, input.groupId);
  requireRight(group, input.actor, 'manageMeetings', tx);
  const meeting = findMeeting(db, group.id, input.meeting);
  if (meeting.status !== 'planned') throw new AppError('meeting_not_planned', { number: meeting.number, status: meeting.status });
  if (!meeting.items.length) throw new AppError('agenda_empty', { number: meeting.number });
  const again = !!meeting.agendaSentAt;
  // The same unchanged agenda sent moments ago: a re-sent click (Teams repeats invokes), not a new publication.
  const sentMs = meeting.agendaSentAt ? Date.parse(meeting.agendaSentAt) : NaN;
  if (again && !meeting.agendaChanges?.length && tx.now.getTime() - sentMs < REPUBLISH_REPEAT_MS) return { meeting, again };
  const activity = input.render(group, meeting);
  tx.enqueue({
    groupId: group.id,
    conversation: group.conversation,
    activity,
    ref: { kind: 'agendaCard', groupId: group.id, meeting: meeting.number, item: null },
  });
  markSent(db, tx, group, meeting);
  tx.audit({
    actor: personKey(input.actor),
    action: 'agenda.publish',
    groupId: group.id,
    target: `meeting ${meeting.number}`,
    after: { agendaSentAt: meeting.agendaSentAt, items: meeting.items.length, again },
  });
  return { meeting, again };
}

/** The T-7d-agenda reminder was queued (sendReminderInTx): the agenda counts as published from now. */
export function markAgendaPublishedByReminder(db: Db, tx: Tx, r: Readonly<Reminder>): void {
  if (r.kind !== AGENDA_REMINDER_KIND || r.meeting === null) return;
  const group = db.groups.find((g) => g.id === r.groupId);
  const meeting = db.meetings.find((m) => m.groupId === r.groupId && m.number === r.meeting);
  if (!group || !meeting || meeting.agendaSentAt) return;
  meeting.agendaSentAt = tx.now.toISOString();
  meeting.agendaChanges = [];
  tx.schedule.cancelJobs(isNoteJobOf(group.id, meeting.number));
  tx.audit({
    actor: 'system',
    action: 'agenda.publish',
    groupId: group.id,
    target: `meeting ${meeting.number}`,
    after: { reminder: r.id },
  });
}

export const agendaNotePurpose = (groupId: string, meeting: number, at: string): string => `agenda-note:${groupId}:${meeting}:${at}`;

/**
 * The note job: queues one "Dagsorden opdateret" message with everything collected, and clears
 * it, in one write (a re-run finds nothing to say). Nothing is sent for a meeting that is gone,
 * over, or has had no change since.
 */
export function sendAgendaNote(
  db: Db,
  tx: Tx,
  input: { groupId: string; meeting: number; render: (group: Group, meeting: Meeting, changes: AgendaChange[]) => Record<string, unknown> },
): { queued: boolean; changes: number } {
  const group = db.groups.find((g) => g.id === input.groupId);
  const meeting = db.meetings.find((m) => m.groupId === input.groupId && m.number === input.meeting);
  const changes = meeting?.agendaChanges ?? [];
  if (!group || !meeting || !changes.length || meeting.status !== 'planned' || !meeting.agendaSentAt) {
    if (meeting) meeting.agendaChanges = [];
    return { queued: false, changes: 0 };
  }
  tx.enqueue({
    groupId: group.id,
    conversation: group.conversation,
    activity: input.render(group, meeting, changes),
    ref: { kind: 'other', purpose: agendaNotePurpose(group.id, meeting.number, tx.now.toISOString()) },
  });
  meeting.agendaChanges = [];
  tx.audit({
    actor: 'system',
    action: 'agenda.note',
    groupId: group.id,
    target: `meeting ${meeting.number}`,
    after: { changes: changes.length },
  });
  return { queued: true, changes: changes.length };
}
