/**
 * Meetings of a steering group: create (standing items + carry-over), move, cancel, record an
 * item's decision, and attendance. Every function runs inside `store.update` and checks the
 * actor's right against the stored roster (never against card data); all validation happens
 * before `db` is touched, and every change is audited with before/after.
 */
import { itemKey } from '../domain/agenda-edit.js';
import type { AgendaItem, Attendance, ConversationRef, Db, Group, Meeting, Outcome, Person, PostedCard } from '../domain/model.js';
import { isHhMm, isIsoDate, localDate } from '../domain/dates.js';
import { buildAgenda } from '../domain/meeting-agenda.js';
import { findMember, personKey } from '../domain/roster.js';
import { AppError } from '../errors.js';
import { syncActionNudges } from './actions.js';
import { requireGroup, requireRight } from './groups.js';
import type { Tx } from './ports.js';

export const OUTCOMES: readonly Outcome[] = ['approved', 'rejected', 'noted', 'discussed', 'postponed'];
export const MAX_DECISION_CHARS = 2000;
export const MAX_LOCATION_CHARS = 300;
export const MAX_TITLE_CHARS = 300;

/** The group's local date today (meetings are stored as local dates). */
export const groupToday = (group: Group, now: Date): string => localDate(now, group.timezone);

export const meetingsOf = (db: Readonly<Db>, groupId: string): Meeting[] =>
  db.meetings
    .filter((m) => m.groupId === groupId)
    .sort((a, b) => a.date.localeCompare(b.date) || a.start.localeCompare(b.start) || a.number - b.number);

export function findMeeting(db: Readonly<Db>, groupId: string, number: number): Meeting {
  const m = db.meetings.find((x) => x.groupId === groupId && x.number === number);
  if (!m) throw new AppError('meeting_unknown', { number });
  return m;
}

export function findItem(meeting: Meeting, number: number): AgendaItem {
  const item = meeting.items.find((i) => i.number === number);
  if (!item) throw new AppError('item_unknown', { item: number, meeting: meeting.number });
  return item;
}

/**
 * The item a card's button names: by number, and — when the card carries it — by the key of the
 * title it showed (itemKey). A click on a card older than the agenda (an item moved, renamed or
 * deleted since), or Teams re-sending one, is refused as `agenda_changed` and changes nothing.
 */
export function findCardItem(meeting: Meeting, number: number, key: string | null | undefined): AgendaItem {
  const item = findItem(meeting, number);
  if (key != null && itemKey(item.title) !== key) throw new AppError('agenda_changed', { number: meeting.number, item: number });
  return item;
}

/** Planned meetings from today on (today's meeting counts until the day is over). */
export const upcomingMeetings = (db: Readonly<Db>, group: Group, now: Date): Meeting[] => {
  const today = groupToday(group, now);
  return meetingsOf(db, group.id).filter((m) => m.status === 'planned' && m.date >= today);
};

/**
 * The meeting a command without a number is about: the one this meeting chat is linked to, else
 * the next planned one (today included).
 */
export function defaultMeeting(db: Readonly<Db>, group: Group, now: Date, linked: number | null = null): Meeting {
  if (linked !== null) return findMeeting(db, group.id, linked);
  const next = upcomingMeetings(db, group, now)[0];
  if (!next) throw new AppError('no_upcoming_meeting');
  return next;
}

/** The next free meeting number of a group (numbers are never reused). */
export function nextMeetingNumber(db: Readonly<Db>, group: Group): number {
  const used = db.meetings.filter((m) => m.groupId === group.id).map((m) => m.number);
  return Math.max(group.counters.meeting, 0, ...used) + 1;
}

export function defaultTitle(group: Group, number: number): string {
  return group.locale === 'en' ? `Meeting ${number} of ${group.name}` : `${number}. møde i ${group.name}`;
}

export function newMeeting(group: Group, tx: Tx, fields: Pick<Meeting, 'number' | 'date' | 'start' | 'end'> & Partial<Meeting>): Meeting {
  return {
    groupId: group.id,
    title: defaultTitle(group, fields.number),
    location: null,
    joinUrl: null,
    status: 'planned',
    participants: [],
    attendance: [],
    items: [],
    minutes: { status: 'draft', approvedBy: null, approvedAt: null, amendments: [], version: 1 },
    createdAt: tx.now.toISOString(),
    overviewCard: null,
    ...fields,
  };
}

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * The meeting before `date` whose undecided/postponed items carry over: the latest earlier
 * meeting that is not cancelled and has taken place (held, or its date is past). A meeting still
 * ahead has nothing "left over" yet.
 */
export function previousMeeting(db: Readonly<Db>, group: Group, date: string, now: Date): Meeting | null {
  const today = groupToday(group, now);
  const earlier = meetingsOf(db, group.id).filter((m) => m.status !== 'cancelled' && m.date < date);
  const prev = earlier[earlier.length - 1];
  if (!prev) return null;
  return prev.status === 'held' || prev.date < today ? prev : null;
}

function checkTimes(date: string, start: string, end: string): void {
  if (!isIsoDate(date)) throw new AppError('bad_date', { value: date });
  if (!isHhMm(start) || !isHhMm(end) || end <= start) throw new AppError('bad_time', { value: `${start}-${end}` });
}

function checkFreeDate(db: Readonly<Db>, group: Group, date: string, except: number | null): void {
  const clash = db.meetings.find((m) => m.groupId === group.id && m.status !== 'cancelled' && m.date === date && m.number !== except);
  if (clash) throw new AppError('meeting_exists', { number: clash.number, date });
}

export interface CreateMeetingInput {
  groupId: string;
  actor: Person;
  date: string;
  start: string;
  end: string;
  location?: string | null;
  title?: string | null;
}

/** `nyt møde 16-06-2025 12:30-14:00 [sted]`: a planned meeting with standing items and carry-over. */
export function createMeeting(db: Db, tx: Tx, input: CreateMeetingInput): Meeting {
  const group = requireGroup(db, input.groupId);
  requireRight(group, input.actor, 'manageMeetings', tx);
  checkTimes(input.date, input.start, input.end);
  if (input.date < groupToday(group, tx.now)) throw new AppError('meeting_in_past', { date: input.date });
  checkFreeDate(db, group, input.date, null);
  const location = input.location?.trim().slice(0, MAX_LOCATION_CHARS) || null;
  const number = nextMeetingNumber(db, group);
  const prev = previousMeeting(db, group, input.date, tx.now);
  const meeting = newMeeting(group, tx, {
    number,
    date: input.date,
    start: input.start,
    end: input.end,
    location,
    items: buildAgenda(group.standingItems, prev),
    ...(input.title?.trim() ? { title: input.title.trim().slice(0, MAX_TITLE_CHARS) } : {}),
  });
  db.meetings.push(meeting);
  group.counters.meeting = Math.max(group.counters.meeting, number);
  tx.schedule.syncReminderPlan(group.id, number);
  // A new meeting may be the one an open action point's nudge belongs to.
  syncActionNudges(db, tx, group.id);
  tx.audit({
    actor: personKey(input.actor),
    action: 'meeting.create',
    groupId: group.id,
    target: `meeting ${number}`,
    after: {
      date: meeting.date,
      start: meeting.start,
      end: meeting.end,
      location,
      items: meeting.items.length,
      carriedFrom: prev?.number ?? null,
      carried: meeting.items.filter((i) => i.carriedFrom).map((i) => i.title),
    },
  });
  return meeting;
}

export interface MoveMeetingInput {
  groupId: string;
  actor: Person;
  number: number;
  date: string;
  /** Omitted: keep the time of day. Only a start: keep the duration. */
  start?: string | null;
  end?: string | null;
}

function addMinutes(hhmm: string, minutes: number): string | null {
  const total = Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5)) + minutes;
  if (total >= 24 * 60) return null;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}
const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** `flyt møde N <dato> [tid]`: moves a planned meeting; its still-planned reminders move with it. */
export function moveMeeting(db: Db, tx: Tx, input: MoveMeetingInput): { meeting: Meeting; changed: boolean } {
  const group = requireGroup(db, input.groupId);
  requireRight(group, input.actor, 'manageMeetings', tx);
  const meeting = findMeeting(db, group.id, input.number);
  if (meeting.status !== 'planned') throw new AppError('meeting_not_planned', { number: meeting.number, status: meeting.status });
  const start = input.start ?? meeting.start;
  const end = input.end ?? (input.start ? addMinutes(input.start, minutesOf(meeting.end) - minutesOf(meeting.start)) : meeting.end);
  if (!end) throw new AppError('bad_time', { value: `${start}` });
  checkTimes(input.date, start, end);
  if (input.date < groupToday(group, tx.now)) throw new AppError('meeting_in_past', { date: input.date });
  checkFreeDate(db, group, input.date, meeting.number);
  if (meeting.date === input.date && meeting.start === start && meeting.end === end) return { meeting, changed: false };
  const before = { date: meeting.date, start: meeting.start, end: meeting.end };
  Object.assign(meeting, { date: input.date, start, end });
  tx.schedule.syncReminderPlan(group.id, meeting.number);
  syncActionNudges(db, tx, group.id);
  tx.audit({
    actor: personKey(input.actor),
    action: 'meeting.move',
    groupId: group.id,
    target: `meeting ${meeting.number}`,
    before,
    after: { date: input.date, start, end },
  });
  return { meeting, changed: true };
}

/** `aflys møde N`: the meeting stays (numbers are never reused), its planned reminders are cancelled. */
export function cancelMeeting(
  db: Db,
  tx: Tx,
  input: { groupId: string; actor: Person; number: number },
): { meeting: Meeting; changed: boolean } {
  const group = requireGroup(db, input.groupId);
  requireRight(group, input.actor, 'manageMeetings', tx);
  const meeting = findMeeting(db, group.id, input.number);
  if (meeting.status === 'cancelled') return { meeting, changed: false };
  if (meeting.status === 'held') throw new AppError('meeting_not_planned', { number: meeting.number, status: meeting.status });
  meeting.status = 'cancelled';
  tx.schedule.syncReminderPlan(group.id, meeting.number);
  syncActionNudges(db, tx, group.id);
  tx.audit({
    actor: personKey(input.actor),
    action: 'meeting.cancel',
    groupId: group.id,
    target: `meeting ${meeting.number}`,
    before: { status: 'planned' },
    after: { status: 'cancelled' },
  });
  return { meeting, changed: true };
}

export interface DecisionInput {
  groupId: string;
  actor: Person;
  meeting: number;
  item: number;
  outcome: Outcome;
  decision: string | null;
  /** itemKey of the title the card showed (absent on old cards): a click on a stale card changes nothing. */
  key?: string | null;
}

/**
 * Records (or changes) an item's outcome and decision text — chair or referent, until the
 * meeting's minutes are approved. Replaying the same decision changes nothing and is not audited
 * again (Teams re-sends invokes).
 */
export function recordDecision(db: Db, tx: Tx, input: DecisionInput): { meeting: Meeting; item: AgendaItem; changed: boolean } {
  const group = requireGroup(db, input.groupId);
  requireRight(group, input.actor, 'recordDecisions', tx);
  if (!OUTCOMES.includes(input.outcome)) throw new AppError('bad_input', { detail: 'outcome' });
  const text = input.decision?.replace(/\r\n/g, '\n').trim() || null;
  if (text && text.length > MAX_DECISION_CHARS) throw new AppError('decision_too_long', { max: MAX_DECISION_CHARS, actual: text.length });
  const meeting = findMeeting(db, group.id, input.meeting);
  if (meeting.status === 'cancelled') throw new AppError('meeting_cancelled', { number: meeting.number });
  if (meeting.minutes.status === 'approved') throw new AppError('minutes_approved', { number: meeting.number });
  const item = findCardItem(meeting, input.item, input.key);
  if (item.outcome === input.outcome && (item.decision ?? null) === text) return { meeting, item, changed: false };
  const before = { outcome: item.outcome, decision: item.decision, by: item.by, at: item.at };
  const member = findMember(group, input.actor);
  Object.assign(item, {
    outcome: input.outcome,
    decision: text,
    by: personKey(input.actor),
    byName: member?.name ?? input.actor.name,
    at: tx.now.toISOString(),
  });
  tx.audit({
    actor: personKey(input.actor),
    action: 'item.decide',
    groupId: group.id,
    target: `meeting ${meeting.number} item ${item.number}`,
    before,
    after: { outcome: item.outcome, decision: item.decision, by: item.by, at: item.at },
  });
  return { meeting, item, changed: true };
}

export interface AttendanceInput {
  groupId: string;
  actor: Person;
  meeting: number;
  people: Pick<Person, 'name' | 'aadObjectId'>[];
  present: boolean;
}

const sameAttendee = (a: Pick<Attendance, 'name' | 'aadObjectId'>, b: Pick<Attendance, 'name' | 'aadObjectId'>) =>
  a.aadObjectId && b.aadObjectId ? a.aadObjectId === b.aadObjectId : norm(a.name) === norm(b.name);

/** `fremmøde N til stede|afbud @x …`: records who attended (for the minutes); chair or referent. */
export function setAttendance(db: Db, tx: Tx, input: AttendanceInput): { meeting: Meeting; changed: Attendance[] } {
  const group = requireGroup(db, input.groupId);
  requireRight(group, input.actor, 'recordDecisions', tx);
  const meeting = findMeeting(db, group.id, input.meeting);
  if (meeting.status === 'cancelled') throw new AppError('meeting_cancelled', { number: meeting.number });
  if (meeting.minutes.status === 'approved') throw new AppError('minutes_approved', { number: meeting.number });
  if (!input.people.length) throw new AppError('attendance_nobody');
  const people = input.people.map((p) => ({ name: p.name.trim().slice(0, 200), aadObjectId: p.aadObjectId ?? null })).filter((p) => p.name);
  const before = meeting.attendance.map((a) => ({ ...a }));
  const changed: Attendance[] = [];
  for (const p of people) {
    const entry = meeting.attendance.find((a) => sameAttendee(a, p));
    if (entry) {
      if (entry.present === input.present) continue;
      entry.present = input.present;
      if (!entry.aadObjectId && p.aadObjectId) entry.aadObjectId = p.aadObjectId;
      changed.push(entry);
    } else {
      const added = { name: p.name, aadObjectId: p.aadObjectId, present: input.present };
      meeting.attendance.push(added);
      changed.push(added);
    }
  }
  if (changed.length) {
    tx.audit({
      actor: personKey(input.actor),
      action: 'meeting.attendance',
      groupId: group.id,
      target: `meeting ${meeting.number}`,
      before,
      after: meeting.attendance.map((a) => ({ ...a })),
    });
  }
  return { meeting, changed };
}

export interface PostAgendaInput {
  groupId: string;
  actor: Person;
  meeting: number;
  /** Where the cards go: the group's conversation or a linked meeting chat. */
  conversation: ConversationRef;
  /** The rendered cards as activities, built from the meeting as it is in this write. */
  render: (
    group: Group,
    meeting: Meeting,
  ) => { overview: Record<string, unknown>; items: { number: number; activity: Record<string, unknown> }[] };
}

/**
 * `dagsorden`: queues the overview and one card per item for the conversation, in order, through
 * the outbox (rate limited per chat, never sent twice); its after-send handler records each card
 * (recordAgendaCard) so a decision can update it in place. Chair or referent.
 */
export function postAgenda(db: Db, tx: Tx, input: PostAgendaInput): { meeting: Meeting; queued: number } {
  const group = requireGroup(db, input.groupId);
  requireRight(group, input.actor, 'manageMeetings', tx);
  const meeting = findMeeting(db, group.id, input.meeting);
  const cards = input.render(group, meeting);
  const base = { groupId: group.id, conversation: input.conversation };
  const ref = { kind: 'agendaCard' as const, groupId: group.id, meeting: meeting.number };
  tx.enqueue({ ...base, activity: cards.overview, ref: { ...ref, item: null } });
  for (const c of cards.items) {
    // The title's key too: the item may move before the card is sent, and its card must not land on another item.
    const title = meeting.items.find((i) => i.number === c.number)?.title;
    tx.enqueue({ ...base, activity: c.activity, ref: { ...ref, item: c.number, ...(title !== undefined ? { key: itemKey(title) } : {}) } });
  }
  tx.audit({
    actor: personKey(input.actor),
    action: 'agenda.post',
    groupId: group.id,
    target: `meeting ${meeting.number}`,
    after: { conversationId: input.conversation.conversationId, items: cards.items.length },
  });
  return { meeting, queued: cards.items.length + 1 };
}

/**
 * The outbox sent an agenda card: remember it (the latest posting of an item wins). The item is
 * the one whose title key the reference carries — items may have moved since the card was queued —
 * or, for cards queued before references carried a key, the item with that number.
 */
export function recordAgendaCard(
  db: Db,
  ref: { groupId: string; meeting: number; item: number | null; key?: string },
  card: PostedCard,
): boolean {
  const meeting = db.meetings.find((m) => m.groupId === ref.groupId && m.number === ref.meeting);
  if (!meeting) return false;
  if (ref.item === null) {
    meeting.overviewCard = card;
    return true;
  }
  const item = ref.key ? meeting.items.find((i) => itemKey(i.title) === ref.key) : meeting.items.find((i) => i.number === ref.item);
  if (!item) return false;
  item.card = card;
  return true;
}
