/**
 * Reminders and meeting events: the use-cases behind src/teams/features/reminders.ts. Plain
 * functions over `Db` for use inside `store.update` (the timing machinery itself lives in
 * src/scheduler/reminders.ts and src/domain/reminder-plan.ts).
 *
 * Sending a due reminder (`sendReminderInTx`) is the reminder sweep's send port. It enqueues the
 * reminder's messages AND marks the reminder `sent` in one store write, so there is no window in
 * which a message is queued but the reminder still looks unsent (the sweep's own "record sent"
 * write then finds the reminder no longer `sending` and changes nothing). The one crash window
 * left is between the sweep's claim and this write: the reminder stays `sending` with nothing
 * queued, and the next sweep resumes it and queues it once. As a second guard, if an outbox item
 * of this reminder (`{ kind: 'reminder', reminderId }`) already exists, no new one is queued and
 * the existing item's id is returned.
 */
import { afterDigestSlot, digestAudience, DIGEST_KIND } from './digest.js';
import type { ActionPoint, ConversationRef, Db, Group, Meeting, Member, Person, Reminder, VoteRound } from '../domain/model.js';
import { DEFAULT_ZONE, localToInstant } from '../domain/dates.js';
import { may, personKey, samePerson } from '../domain/roster.js';
import { AppError } from '../errors.js';
import { markAgendaPublishedByReminder } from './agenda-publish.js';
import { isVendorReminderKind } from '../domain/vendors.js';
import { requireGroup } from './groups.js';
import { isStatusReminderKind } from '../domain/standing-status.js';
import { statusReminderTargets } from './status-requests.js';
import { nonVoters } from './vote-privacy.js';
import { vendorReminderAddressees } from './vendor-reminders.js';
import type { Tx } from './ports.js';
import { isReminderItem, purposeOf, type OutboxRef } from '../domain/outbox-ref.js';

export { parseReminderOffsets, setReminderOffsets, type SetOffsetsResult } from './reminder-offsets.js';

// ------------------------------------------------------------------------------------------------
// Queries
// ------------------------------------------------------------------------------------------------

export const zoneOf = (group: Pick<Group, 'timezone'>): string => group.timezone || DEFAULT_ZONE;
export const meetingStartMs = (m: Pick<Meeting, 'date' | 'start'>, zone: string): number => localToInstant(m.date, m.start, zone).getTime();

/** The group's next planned meeting that has not begun yet. */
export function nextMeeting(db: Readonly<Db>, group: Group, now: Date): Meeting | null {
  const zone = zoneOf(group);
  let best: { m: Meeting; ms: number } | null = null;
  for (const m of db.meetings) {
    if (m.groupId !== group.id || m.status !== 'planned') continue;
    const ms = meetingStartMs(m, zone);
    if (ms <= now.getTime()) continue;
    if (!best || ms < best.ms) best = { m, ms };
  }
  return best?.m ?? null;
}

/** A meeting's reminders, plus the vote nudges of rounds tied to it, sorted by due time. */
export function remindersOfMeeting(db: Readonly<Db>, groupId: string, number: number): Reminder[] {
  return db.reminders
    .filter((r) => r.groupId === groupId && r.meeting === number)
    .slice()
    .sort(
      (a, b) =>
        Date.parse(a.dueAt) - Date.parse(b.dueAt) ||
        Number(!a.kind.startsWith('T-')) - Number(!b.kind.startsWith('T-')) ||
        a.kind.localeCompare(b.kind),
    );
}

export const voters = (group: Group): Member[] => group.roster.filter((m) => may(group, m, 'vote'));

/** Voters in the roster who have no ballot in the round (src/app/vote-privacy.ts: also anonymous rounds). */
export { nonVoters } from './vote-privacy.js';

export function voteCounts(group: Group, round: VoteRound): { eligible: number; voted: number; missing: number } {
  const eligible = voters(group).length;
  const missing = nonVoters(group, round).length;
  return { eligible, voted: eligible - missing, missing };
}

export const openRounds = (db: Readonly<Db>, groupId: string): VoteRound[] =>
  db.voteRounds.filter((v) => v.groupId === groupId && v.status === 'open');
export const openActions = (db: Readonly<Db>, groupId: string): ActionPoint[] =>
  db.actions.filter((a) => a.groupId === groupId && a.status === 'open');

// ------------------------------------------------------------------------------------------------
// Who gets a due reminder
// ------------------------------------------------------------------------------------------------

export type Audience = 'group' | 'meeting-chat' | 'personal';

export interface ReminderTarget {
  /** Its outbox reference's `target`: '' for the group's conversation, else `chat:<id>` / `person:<key>`. */
  key: string;
  audience: Audience;
  conversation: ConversationRef;
  /** Personal: the person addressed. Group nudges: the people to @mention. */
  people: Person[];
}

/** A due reminder's recipients, or why it has none (everyone voted, the action was closed, …). */
export function reminderTargets(db: Readonly<Db>, r: Reminder): { targets: ReminderTarget[] } | { skip: string } {
  const group = db.groups.find((g) => g.id === r.groupId);
  if (!group) return { skip: 'group gone' };
  const groupTarget = (people: Person[] = []): ReminderTarget => ({ key: '', audience: 'group', conversation: group.conversation, people });
  /** Personal chat where the person has one; the rest are @mentioned together in the group. */
  const split = (people: Person[]): ReminderTarget[] => {
    const out: ReminderTarget[] = [];
    const inGroup: Person[] = [];
    for (const p of people) {
      const member = group.roster.find((m) => samePerson(m, p));
      const chat = member?.personalChat;
      if (chat) out.push({ key: `person:${personKey(p)}`, audience: 'personal', conversation: chat, people: [member ?? p] });
      else inGroup.push(member ?? p);
    }
    if (inGroup.length) out.unshift(groupTarget(inGroup));
    return out;
  };

  if (isVendorReminderKind(r.kind)) {
    const who = vendorReminderAddressees(db, group, r);
    return 'skip' in who ? who : { targets: split(who.people) };
  }
  if (isStatusReminderKind(r.kind)) return statusReminderTargets(db, r);
  if (r.kind === DIGEST_KIND) {
    const who = digestAudience(db, r);
    return 'skip' in who ? who : { targets: [groupTarget()] };
  }
  if (r.kind === 'nudge-vote') {
    const round = db.voteRounds.find((v) => v.groupId === r.groupId && v.id === r.ref);
    if (!round || round.status !== 'open') return { skip: 'round closed' };
    const missing = nonVoters(group, round);
    if (!missing.length) return { skip: 'everyone has voted' };
    return { targets: split(missing) };
  }
  if (r.kind === 'nudge-action') {
    const action = db.actions.find((a) => a.groupId === r.groupId && a.id === r.ref);
    if (!action || action.status !== 'open') return { skip: 'action closed' };
    const owner: Person = { name: action.owner.name, aadObjectId: action.owner.aadObjectId ?? null, teamsId: action.owner.teamsId ?? null };
    if (!owner.aadObjectId && !owner.teamsId) return { targets: [groupTarget([])] }; // a name only: say it in the group, no mention
    return { targets: split([owner]) };
  }
  // Meeting reminders: the group's conversation; hour reminders also each linked meeting chat.
  const targets = [groupTarget()];
  if (/^T-\d+h$/.test(r.kind) && r.meeting !== null) {
    for (const l of group.linkedChats) {
      if (l.meetingNumber !== r.meeting || l.conversation.conversationId === group.conversation.conversationId) continue;
      if (targets.some((t) => t.conversation.conversationId === l.conversation.conversationId)) continue;
      targets.push({ key: `chat:${l.conversation.conversationId}`, audience: 'meeting-chat', conversation: l.conversation, people: [] });
    }
  }
  return { targets };
}

// ------------------------------------------------------------------------------------------------
// The send port, inside one store write
// ------------------------------------------------------------------------------------------------

/** Builds the activity (card) for one target; supplied by the Teams layer (views + templates). */
export type BuildReminderActivity = (
  db: Readonly<Db>,
  reminder: Readonly<Reminder>,
  target: ReminderTarget,
  now: Date,
) => Record<string, unknown>;

export interface SendResult {
  outboxId: string;
  /** 'queued' now, 'existing' (queued before: nothing new), 'skipped' (nobody to tell), 'gone'. */
  outcome: 'queued' | 'existing' | 'skipped' | 'gone';
  queued: number;
}

/**
 * Queues a claimed reminder's messages and marks it `sent` — or returns the earlier outbox item
 * when this reminder was already queued. A reminder with nobody left to tell (everyone voted) is
 * marked `cancelled` and audited instead.
 */
export function sendReminderInTx(db: Db, tx: Tx, reminderId: string, build: BuildReminderActivity): SendResult {
  const r = db.reminders.find((x) => x.id === reminderId);
  const existing = db.outbox.find((o) => isReminderItem(o, reminderId));
  if (existing) {
    if (r && r.status === 'sending') Object.assign(r, { status: 'sent', outboxId: existing.id, sentAt: r.sentAt ?? existing.createdAt });
    return { outboxId: existing.id, outcome: 'existing', queued: 0 };
  }
  if (!r) return { outboxId: '', outcome: 'gone', queued: 0 };
  if (r.status !== 'sending') return { outboxId: r.outboxId ?? '', outcome: 'gone', queued: 0 };
  const who = reminderTargets(db, r);
  if ('skip' in who) {
    r.status = 'cancelled';
    tx.audit({ actor: 'system', action: 'reminder.skipped', groupId: r.groupId, target: r.id, after: { kind: r.kind, reason: who.skip } });
    afterDigestSlot(db, tx, r);
    return { outboxId: '', outcome: 'skipped', queued: 0 };
  }
  // Build everything first: a template error must leave no half-queued reminder.
  const activities = who.targets.map((t) => ({ t, activity: build(db, r, t, tx.now) }));
  const items = activities.map(({ t, activity }) =>
    tx.enqueue({ groupId: r.groupId, conversation: t.conversation, activity, ref: { kind: 'reminder', reminderId: r.id, target: t.key } }),
  );
  Object.assign(r, { status: 'sent', outboxId: items[0].id, sentAt: tx.now.toISOString() });
  markAgendaPublishedByReminder(db, tx, r);
  afterDigestSlot(db, tx, r);
  tx.audit({
    actor: 'system',
    action: 'reminder.sent',
    groupId: r.groupId,
    target: r.id,
    after: { kind: r.kind, meeting: r.meeting, late: r.late, outbox: items.map((o) => o.id), to: who.targets.map((t) => t.audience) },
  });
  return { outboxId: items[0].id, outcome: 'queued', queued: items.length };
}

/**
 * Outbox feedback: after one of a reminder's messages was sent, failed or became uncertain,
 * the reminder's status follows its messages (any uncertain → uncertain, else any failed →
 * failed, else all sent → sent with Teams' activity id). A reminder still `sending` (the sweep
 * has not recorded it) only changes when something went wrong.
 */
export function reflectOutbox(db: Db, reminderId: string): Reminder | null {
  const r = db.reminders.find((x) => x.id === reminderId);
  if (!r || !['sending', 'sent', 'failed', 'uncertain'].includes(r.status)) return null;
  const items = db.outbox.filter((o) => isReminderItem(o, reminderId));
  if (!items.length) return null;
  const beforeStatus = r.status;
  const beforeActivity = r.activityId ?? null;
  if (items.some((o) => o.status === 'uncertain')) r.status = 'uncertain';
  else if (items.some((o) => o.status === 'failed')) r.status = 'failed';
  else if (items.every((o) => o.status === 'sent') && r.status !== 'sending') r.status = 'sent';
  const first = items.find((o) => o.id === r.outboxId) ?? items[0];
  if (first.activityId && r.activityId !== first.activityId) r.activityId = first.activityId;
  return beforeStatus !== r.status || beforeActivity !== (r.activityId ?? null) ? r : null;
}

// ------------------------------------------------------------------------------------------------
// Teams meeting start / end in a linked meeting chat
// ------------------------------------------------------------------------------------------------

export interface MeetingEventInput {
  groupId: string;
  meetingNumber: number;
  kind: 'start' | 'end';
  /** The instant Teams reports (StartTime/EndTime), else the turn's time. */
  at: string | null;
  joinUrl: string | null;
  conversation: ConversationRef;
  /** The event activity's id (replays of the same event post nothing). */
  eventId: string;
  build: (db: Readonly<Db>, group: Group, meeting: Meeting, now: Date) => Record<string, unknown>;
}

/**
 * Records a Teams meeting start (startedAt, join URL) or end (endedAt, status `held`, remaining
 * reminders cancelled) and queues the start/end card for the meeting chat, in one write.
 * Returns null when this exact event was handled before.
 */
export function recordMeetingEvent(db: Db, tx: Tx, input: MeetingEventInput): { meeting: Meeting; outboxId: string } | null {
  const group = requireGroup(db, input.groupId);
  const meeting = db.meetings.find((m) => m.groupId === group.id && m.number === input.meetingNumber);
  if (!meeting) throw new AppError('meeting_unknown', { number: input.meetingNumber });
  const ref: OutboxRef = { kind: 'meetingEvent', event: input.kind, groupId: group.id, meeting: meeting.number, eventId: input.eventId };
  const purpose = purposeOf(ref);
  if (db.outbox.some((o) => o.purpose === purpose)) return null;
  const atMs = input.at ? Date.parse(input.at) : NaN;
  const at = Number.isNaN(atMs) ? tx.now.toISOString() : new Date(atMs).toISOString();
  const before = {
    status: meeting.status,
    startedAt: meeting.startedAt ?? null,
    endedAt: meeting.endedAt ?? null,
    joinUrl: meeting.joinUrl,
  };
  if (input.kind === 'start') {
    meeting.startedAt ??= at;
    if (input.joinUrl && /^https:\/\//.test(input.joinUrl) && input.joinUrl.length <= 2000) meeting.joinUrl = input.joinUrl;
  } else {
    meeting.endedAt = at;
    if (meeting.status === 'planned') {
      meeting.status = 'held';
      tx.schedule.syncReminderPlan(group.id, meeting.number); // a held meeting wants no more reminders
    }
  }
  const activity = input.build(db, group, meeting, tx.now);
  const item = tx.enqueue({ groupId: group.id, conversation: input.conversation, activity, ref });
  tx.audit({
    actor: 'teams',
    action: input.kind === 'start' ? 'meeting.started' : 'meeting.ended',
    groupId: group.id,
    target: `meeting ${meeting.number}`,
    before,
    after: { status: meeting.status, startedAt: meeting.startedAt ?? null, endedAt: meeting.endedAt ?? null, joinUrl: meeting.joinUrl },
  });
  return { meeting, outboxId: item.id };
}
