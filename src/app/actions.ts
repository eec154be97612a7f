/**
 * Action points ("opfølgningspunkter"): create, complete, reopen, list; and the 'nudge-action'
 * reminders that chase open ones before a meeting. Pure functions over `Db` + `Tx` for use
 * inside `store.update`; permissions are checked here against the stored roster, never against
 * card data. Every refusal is recorded in the security log.
 */
import type { ActionPoint, ConversationRef, Db, Group, Meeting, Person, PostedCard, Reminder } from '../domain/model.js';
import { DEFAULT_ZONE, isIsoDate, localDate } from '../domain/dates.js';
import { LIMITS } from '../domain/limits.js';
import { DEFAULT_REMINDER_OFFSETS, nudgeActionAt } from '../domain/reminder-plan.js';
import { findMember, personKey, samePerson } from '../domain/roster.js';
import { AppError } from '../errors.js';
import { requireGroup, requireRight } from './groups.js';
import type { Tx } from './ports.js';

export const ACTION_ID = /^A\d{1,6}$/;
export const MAX_ACTION_TEXT = 500;

export type ActionSource = ActionPoint['source'];
export type ActionFilter = 'all' | 'mine' | 'open' | 'overdue';

/** Records the refusal in the security log (through the mutation) and throws it. */
function refuse(tx: Tx, actor: Person, code: string, detail: string, params: Record<string, string | number> = {}): never {
  tx.refuse(code, detail, { actor: personKey(actor) });
  throw new AppError(code, params);
}

export interface CreateActionInput {
  groupId: string;
  actor: Person;
  text: string;
  owner: Person;
  due: string | null;
  source: ActionSource;
  /** Post the action card through the outbox (card clicks make no connector call in the turn). */
  announce?: { conversation: ConversationRef; activity: (a: ActionPoint) => Record<string, unknown> };
}

/** Who may create action points: chat — anyone on the roster but observers; agenda item — chair/referent. */
export function requireActionCreator(group: Group, actor: Person, source: ActionSource, tx: Tx): void {
  if (source.kind === 'item') return requireRight(group, actor, 'recordDecisions', tx);
  const member = findMember(group, actor);
  if (!member) return requireRight(group, actor, 'vote', tx); // throws not_member, logged
  if (member.role === 'observer') refuse(tx, actor, 'action_observer', `create action in ${group.id}`);
}

function requireRoomForOpenAction(groupActions: readonly ActionPoint[]): void {
  if (groupActions.filter((a) => a.status === 'open').length >= LIMITS.openActions)
    throw new AppError('limit_open_actions', { max: LIMITS.openActions });
}

/** Creates A<n>; validates everything (text, owner, due, source) before touching `db`. */
export function createAction(db: Db, tx: Tx, input: CreateActionInput): ActionPoint {
  const group = requireGroup(db, input.groupId);
  requireActionCreator(group, input.actor, input.source, tx);
  const text = input.text.replace(/\s+/g, ' ').trim();
  if (!text) throw new AppError('action_text_missing');
  if (text.length > MAX_ACTION_TEXT) throw new AppError('action_text_too_long', { max: MAX_ACTION_TEXT });
  if (!input.owner.aadObjectId && !input.owner.teamsId && !input.owner.name.trim()) throw new AppError('action_owner_missing');
  if (input.due !== null && !isIsoDate(input.due)) throw new AppError('action_bad_date', { text: input.due });
  const src = input.source;
  if (src.kind === 'item') {
    const meeting = db.meetings.find((m) => m.groupId === group.id && m.number === src.meeting);
    if (!meeting) throw new AppError('meeting_unknown', { number: src.meeting ?? '?' });
    if (!meeting.items.some((i) => i.number === src.item))
      throw new AppError('item_unknown', { item: src.item ?? '?', meeting: meeting.number });
  }
  if (src.kind === 'risk' && !db.risks.some((r) => r.groupId === group.id && r.id === src.risk))
    throw new AppError('escalation_risk_unknown', { id: src.risk ?? '?' });
  const own = db.actions.filter((a) => a.groupId === group.id);
  if (own.length >= LIMITS.actions) throw new AppError('limit_actions', { max: LIMITS.actions });
  requireRoomForOpenAction(own);
  // Prefer the roster's record of the owner (it may know both ids and the full name).
  const rostered = findMember(group, input.owner);
  const owner = {
    name: (rostered?.name ?? input.owner.name).slice(0, 200),
    aadObjectId: input.owner.aadObjectId ?? rostered?.aadObjectId ?? null,
    teamsId: input.owner.teamsId ?? rostered?.teamsId ?? null,
  };
  const action: ActionPoint = {
    groupId: group.id,
    id: `A${group.counters.action + 1}`,
    text,
    owner,
    due: input.due,
    status: 'open',
    source: {
      kind: src.kind,
      meeting: src.meeting ?? null,
      item: src.kind === 'item' ? src.item : null,
      risk: src.kind === 'risk' ? src.risk : null,
    },
    createdBy: personKey(input.actor),
    createdAt: tx.now.toISOString(),
    doneBy: null,
    doneAt: null,
    card: null,
  };
  // Built and checked before anything changes: a bad conversation must not leave a half-made action.
  const announce = input.announce ? { conversation: input.announce.conversation, activity: input.announce.activity(action) } : null;
  if (announce && (!announce.conversation.serviceUrl || !announce.conversation.conversationId || !announce.conversation.botId)) {
    throw new AppError('bad_input', { detail: 'conversation reference incomplete' });
  }

  group.counters.action += 1;
  db.actions.push(action);
  if (announce)
    tx.enqueue({
      groupId: group.id,
      conversation: announce.conversation,
      activity: announce.activity,
      ref: { kind: 'actionCard', groupId: group.id, actionId: action.id },
    });
  tx.audit({
    actor: personKey(input.actor),
    action: 'action.create',
    groupId: group.id,
    target: action.id,
    after: { text, owner: owner.name, due: action.due, source: action.source },
  });
  syncActionNudges(db, tx, group.id);
  return action;
}

export function requireAction(db: Readonly<Db>, groupId: string, actionId: string): ActionPoint {
  const a = db.actions.find((x) => x.groupId === groupId && x.id === actionId);
  if (!a) throw new AppError('action_not_found', { id: actionId });
  return a;
}

export const isActionOwner = (action: ActionPoint, who: Person): boolean =>
  samePerson({ aadObjectId: action.owner.aadObjectId, teamsId: action.owner.teamsId ?? null }, who);

/** The owner, the chair or the referent may mark an action done or reopen it. */
export function mayChangeAction(group: Group, action: ActionPoint, actor: Person): boolean {
  if (isActionOwner(action, actor)) return true;
  const role = findMember(group, actor)?.role;
  return role === 'chair' || role === 'referent';
}

export interface SetStatusInput {
  groupId: string;
  actionId: string;
  actor: Person;
  status: 'open' | 'done';
}

/** Done / reopen. Idempotent: the same status again changes nothing (`changed: false`). */
export function setActionStatus(db: Db, tx: Tx, input: SetStatusInput): { action: ActionPoint; changed: boolean } {
  const group = requireGroup(db, input.groupId);
  const action = requireAction(db, group.id, input.actionId);
  if (!mayChangeAction(group, action, input.actor)) {
    refuse(tx, input.actor, 'action_not_owner', `${input.status} ${action.id} in ${group.id}`, {
      id: action.id,
      owner: action.owner.name,
    });
  }
  if (action.status === input.status) return { action, changed: false };
  if (input.status === 'open') requireRoomForOpenAction(db.actions.filter((a) => a.groupId === group.id));
  const before = { status: action.status, doneBy: action.doneBy ?? null, doneAt: action.doneAt ?? null };
  action.status = input.status;
  if (input.status === 'done') {
    action.doneBy = personKey(input.actor);
    action.doneAt = tx.now.toISOString();
  } else {
    action.doneBy = null;
    action.doneAt = null;
  }
  tx.audit({
    actor: personKey(input.actor),
    action: input.status === 'done' ? 'action.done' : 'action.reopen',
    groupId: group.id,
    target: action.id,
    before,
    after: { status: action.status },
  });
  syncActionNudges(db, tx, group.id);
  return { action, changed: true };
}

/** Remembers where the action's card is, so later clicks can update it for everyone. */
export function recordActionCard(db: Db, groupId: string, actionId: string, card: PostedCard): boolean {
  const a = db.actions.find((x) => x.groupId === groupId && x.id === actionId);
  if (!a) return false;
  a.card = { conversationId: card.conversationId, activityId: card.activityId };
  return true;
}

/** Open and due before `today` (the group's local date). */
export const isOverdue = (a: Pick<ActionPoint, 'status' | 'due'>, today: string): boolean =>
  a.status === 'open' && !!a.due && a.due < today;

/** Numeric id order (A2 before A10). */
const byId = (a: ActionPoint, b: ActionPoint) => Number(a.id.slice(1)) - Number(b.id.slice(1));

/**
 * The group's action points for a list: open ones first (overdue, then by due date, undated
 * last), then done ones (newest first). `mine` = the actor owns it (open and done).
 */
export function listActions(db: Readonly<Db>, groupId: string, filter: ActionFilter, actor: Person, today: string): ActionPoint[] {
  const all = db.actions.filter((a) => a.groupId === groupId);
  const picked = all.filter((a) =>
    filter === 'mine'
      ? isActionOwner(a, actor)
      : filter === 'open'
        ? a.status === 'open'
        : filter === 'overdue'
          ? isOverdue(a, today)
          : true,
  );
  const open = picked.filter((a) => a.status === 'open').sort((a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999') || byId(a, b));
  const done = picked.filter((a) => a.status === 'done').sort((a, b) => (b.doneAt ?? '').localeCompare(a.doneAt ?? '') || byId(b, a));
  return [...open, ...done];
}

/** Today's date in the group's time zone. */
export const groupToday = (group: Pick<Group, 'timezone'>, now: Date): string => localDate(now, group.timezone || DEFAULT_ZONE);

// ---------------------------------------------------------------------------------------------
// Nudges: one 'nudge-action' reminder per open action point with a due date.
// ---------------------------------------------------------------------------------------------

/**
 * The meeting before which an action point is chased: the first planned meeting on or after its
 * due date (the meeting that reviews it); if none is planned yet, the last planned meeting before
 * the due date (so it is at least chased before the next time the group meets). Meetings that
 * have started or are in the past are ignored.
 */
export function nudgeMeetingFor(meetings: readonly Meeting[], due: string, today: string): Meeting | null {
  const planned = meetings
    .filter((m) => m.status === 'planned' && m.date >= today)
    .sort((a, b) => a.date.localeCompare(b.date) || a.start.localeCompare(b.start));
  return planned.find((m) => m.date >= due) ?? planned.filter((m) => m.date < due).pop() ?? null;
}

export interface NudgeSyncResult {
  created: number;
  moved: number;
  cancelled: number;
}

/**
 * Keeps the group's 'nudge-action' reminders in line with its action points and meetings:
 * reminder `ref` = action id, `to` = owner key, `meeting` = the chosen meeting (see
 * nudgeMeetingFor), `dueAt` = that meeting's T-2d time (nudgeActionAt, at the group's reminder
 * time). A planned one is moved in place or cancelled when the action is done, loses its due date
 * or has no meeting left; one already sent (or sending) is history and left alone, and the same
 * instant is never planned twice. Only future times are planned. Call after any change to actions
 * or meetings (the action use-cases here do; reminder-sync moves them with their meeting).
 */
export function syncActionNudges(db: Db, tx: Tx, groupId: string): NudgeSyncResult {
  const group = db.groups.find((g) => g.id === groupId);
  const result: NudgeSyncResult = { created: 0, moved: 0, cancelled: 0 };
  if (!group) return result;
  const zone = group.timezone || DEFAULT_ZONE;
  const atTime = group.reminderOffsets?.atTime ?? DEFAULT_REMINDER_OFFSETS.atTime;
  const today = localDate(tx.now, zone);
  const meetings = db.meetings.filter((m) => m.groupId === groupId);
  const nudges = db.reminders.filter((r) => r.groupId === groupId && r.kind === 'nudge-action');
  const byRef = new Map<string, Reminder[]>();
  for (const r of nudges) {
    if (!r.ref) continue;
    const list = byRef.get(r.ref);
    if (list) list.push(r);
    else byRef.set(r.ref, [r]);
  }
  const nowMs = tx.now.getTime();
  for (const a of db.actions) {
    if (a.groupId !== groupId) continue;
    const mine = byRef.get(a.id) ?? [];
    const meeting = a.status === 'open' && a.due ? nudgeMeetingFor(meetings, a.due, today) : null;
    const at = meeting ? nudgeActionAt(meeting, zone, atTime) : null;
    const planned = mine.filter((r) => r.status === 'planned');
    const wanted =
      !!at &&
      !!meeting &&
      Date.parse(at) > nowMs &&
      !mine.some((r) => r.status !== 'planned' && r.status !== 'cancelled' && Date.parse(r.dueAt) === Date.parse(at));
    if (!wanted) {
      for (const r of planned) {
        r.status = 'cancelled';
        result.cancelled++;
      }
      continue;
    }
    const [keep, ...extra] = planned;
    for (const r of extra) {
      r.status = 'cancelled';
      result.cancelled++;
    }
    const to = personKey({ aadObjectId: a.owner.aadObjectId, teamsId: a.owner.teamsId ?? null });
    if (keep) {
      if (Date.parse(keep.dueAt) !== Date.parse(at!) || keep.meeting !== meeting!.number || keep.to !== to) {
        Object.assign(keep, { dueAt: at!, meeting: meeting!.number, to, late: false });
        result.moved++;
      }
    } else {
      db.reminders.push({
        id: tx.nextId('rem'),
        groupId,
        meeting: meeting!.number,
        kind: 'nudge-action',
        to,
        dueAt: at!,
        status: 'planned',
        late: false,
        sentAt: null,
        outboxId: null,
        ref: a.id,
      });
      result.created++;
    }
  }
  // Nudges whose action point is gone.
  for (const r of nudges) {
    if (r.status === 'planned' && (!r.ref || !db.actions.some((a) => a.groupId === groupId && a.id === r.ref))) {
      r.status = 'cancelled';
      result.cancelled++;
    }
  }
  return result;
}
