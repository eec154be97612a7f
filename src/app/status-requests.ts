/**
 * Status reports on standing items (src/domain/standing-status.ts has the rules): who is asked
 * when a `status-request` / `status-nudge` reminder is due, the presenter (or the chair or referent
 * on their behalf) submitting a report, and the chair naming an item's presenter
 * (`oplægsholder 2.3 @person`). Plain functions over `Db` for use inside `store.update`; each
 * checks the actor against the stored roster, validates everything before changing `db`, and
 * audits with before/after.
 */
import type { AgendaItem, ConversationRef, Db, Group, ItemStatus, Meeting, Member, Person, Reminder } from '../domain/model.js';
import { chairsOf, findMember, may, personKey, samePerson } from '../domain/roster.js';
import {
  STATUS_NUDGE_KIND,
  isStandingStatusItem,
  normaliseStatus,
  presenterOf,
  resolvePresenter,
  sameStatus,
  standingStatusItems,
  type StatusInput,
} from '../domain/standing-status.js';
import { AppError } from '../errors.js';
import { requireGroup, requireRight } from './groups.js';
import type { Tx } from './ports.js';

// ------------------------------------------------------------------------------------------------
// Who a due status reminder goes to
// ------------------------------------------------------------------------------------------------

/**
 * One recipient of a status reminder, shaped like app/reminders.ts's ReminderTarget. The key says
 * which card it gets: `item:<n>` (in the group, the presenter @mentioned), `person:<key>:item:<n>`
 * (the presenter's personal chat), or `chair` (the items nobody could be asked about).
 */
export interface StatusTarget {
  key: string;
  audience: 'group' | 'personal';
  conversation: ConversationRef;
  people: Person[];
}

/** The agenda item a status reminder target's key is about, or null for the chair's notice. */
export function statusTargetItem(key: string): number | null {
  const m = /(?:^|:)item:(\d+)$/.exec(key);
  return m ? Number(m[1]) : null;
}

/** Standing items without anyone to ask: no presenter written, nobody on the roster fits, or two do. */
export interface UnassignedItem {
  item: AgendaItem;
  candidates: Member[];
}

export function unassignedItems(group: Group, items: readonly AgendaItem[]): UnassignedItem[] {
  return items.flatMap((item) => {
    const m = resolvePresenter(item, group.roster);
    if (presenterOf(m)) return [];
    return [{ item, candidates: m.kind === 'ambiguous' ? m.candidates : [] }];
  });
}

/** The items a status reminder is about: all standing items for the request, the missing ones for the nudge. */
export function itemsToAsk(group: Group, meeting: Meeting, kind: string): AgendaItem[] {
  const items = standingStatusItems(meeting, group.standingItems);
  return kind === STATUS_NUDGE_KIND ? items.filter((i) => !i.status) : items;
}

/**
 * A due status reminder's recipients: each standing item's presenter — in their personal chat
 * with the bot where one exists, else @mentioned in the group — and, when some item has nobody to
 * ask, the chair in the group. Nothing to ask (no standing items; for the nudge, every status is
 * in) is a skip.
 */
export function statusReminderTargets(db: Readonly<Db>, r: Reminder): { targets: StatusTarget[] } | { skip: string } {
  const group = db.groups.find((g) => g.id === r.groupId);
  if (!group) return { skip: 'group gone' };
  const meeting = db.meetings.find((m) => m.groupId === group.id && m.number === r.meeting);
  if (!meeting || meeting.status !== 'planned') return { skip: 'meeting not planned' };
  const items = itemsToAsk(group, meeting, r.kind);
  if (!items.length) return { skip: r.kind === STATUS_NUDGE_KIND ? 'every status received' : 'no standing items' };
  const targets: StatusTarget[] = [];
  for (const item of items) {
    const p = presenterOf(resolvePresenter(item, group.roster));
    if (!p) continue;
    if (p.personalChat)
      targets.push({ key: `person:${personKey(p)}:item:${item.number}`, audience: 'personal', conversation: p.personalChat, people: [p] });
    else targets.push({ key: `item:${item.number}`, audience: 'group', conversation: group.conversation, people: [p] });
  }
  if (unassignedItems(group, items).length)
    targets.push({ key: 'chair', audience: 'group', conversation: group.conversation, people: chairsOf(group) });
  return { targets };
}

// ------------------------------------------------------------------------------------------------
// Submitting a status
// ------------------------------------------------------------------------------------------------

/** Records the refusal in the security log (through the mutation) and returns it to throw. */
function refuse(tx: Tx, actor: Person, code: string, detail: string, params = {}): AppError {
  tx.refuse(code, detail, { actor: personKey(actor) });
  return new AppError(code, params);
}

function openMeetingItem(db: Readonly<Db>, group: Group, meetingNo: number, itemNo: number): { meeting: Meeting; item: AgendaItem } {
  const meeting = db.meetings.find((m) => m.groupId === group.id && m.number === meetingNo);
  if (!meeting) throw new AppError('meeting_unknown', { number: meetingNo });
  if (meeting.status === 'cancelled') throw new AppError('meeting_cancelled', { number: meeting.number });
  if (meeting.minutes.status === 'approved') throw new AppError('minutes_approved', { number: meeting.number });
  const item = meeting.items.find((i) => i.number === itemNo);
  if (!item) throw new AppError('item_unknown', { item: itemNo, meeting: meeting.number });
  return { meeting, item };
}

export interface SubmitStatusInput {
  groupId: string;
  actor: Person;
  meeting: number;
  item: number;
  input: StatusInput;
}

/**
 * The presenter of a standing item — or the chair or referent on their behalf — reports its
 * status. A new report replaces the earlier one (audited with both); the same report again from
 * the same person (a re-sent click) changes nothing. Refused once the minutes are approved.
 */
export function submitStatus(db: Db, tx: Tx, input: SubmitStatusInput): { meeting: Meeting; item: AgendaItem; changed: boolean } {
  const group = requireGroup(db, input.groupId);
  const member = findMember(group, input.actor);
  if (!member) throw refuse(tx, input.actor, 'not_member', `status in ${group.id}`);
  const { meeting, item } = openMeetingItem(db, group, input.meeting, input.item);
  if (!isStandingStatusItem(item.title, group.standingItems)) throw new AppError('status_not_standing', { number: item.number });
  const presenter = presenterOf(resolvePresenter(item, group.roster));
  if (!(presenter && samePerson(presenter, member)) && !may(group, member, 'recordDecisions'))
    throw refuse(tx, input.actor, 'status_not_presenter', `status of ${meeting.number}.${item.number} in ${group.id}`, {
      name: presenter?.name ?? '—',
    });
  const content = normaliseStatus(input.input);
  const by = personKey(member);
  if (sameStatus(item.status, content) && item.status?.by === by) return { meeting, item, changed: false };
  const before = item.status ?? null;
  const status: ItemStatus = { ...content, by, byName: member.name, at: tx.now.toISOString() };
  item.status = status;
  tx.audit({
    actor: by,
    action: 'item.status',
    groupId: group.id,
    target: `meeting ${meeting.number} item ${item.number}`,
    before,
    after: status,
  });
  return { meeting, item, changed: true };
}

// ------------------------------------------------------------------------------------------------
// The chair names the presenter
// ------------------------------------------------------------------------------------------------

export interface SetPresenterInput {
  groupId: string;
  actor: Person;
  meeting: number;
  item: number;
  /** The new presenter (must be on the roster); null hands the item back to the agenda's text. */
  person: Person | null;
}

/**
 * `oplægsholder 2.3 @person`: the chair sets who presents an item. Stored as `presenterId`; the
 * item's presenter text becomes the member's name unless it already names them.
 */
export function setPresenter(
  db: Db,
  tx: Tx,
  input: SetPresenterInput,
): { meeting: Meeting; item: AgendaItem; member: Member | null; changed: boolean } {
  const group = requireGroup(db, input.groupId);
  requireRight(group, input.actor, 'manageRoster', tx);
  const { meeting, item } = openMeetingItem(db, group, input.meeting, input.item);
  const member = input.person ? (findMember(group, input.person) ?? null) : null;
  if (input.person && !member) throw new AppError('member_unknown', { name: input.person.name.slice(0, 80) });
  const before = { presenter: item.presenter, presenterId: item.presenterId ?? null };
  const presenterId = member ? personKey(member) : null;
  const namesThem = member
    ? presenterOf(resolvePresenter({ presenter: item.presenter, presenterId: null }, group.roster)) === member
    : true;
  const presenter = namesThem ? item.presenter : member!.name;
  if (before.presenterId === presenterId && before.presenter === presenter) return { meeting, item, member, changed: false };
  item.presenterId = presenterId;
  item.presenter = presenter;
  tx.audit({
    actor: personKey(input.actor),
    action: 'item.presenter',
    groupId: group.id,
    target: `meeting ${meeting.number} item ${item.number}`,
    before,
    after: { presenter, presenterId },
  });
  return { meeting, item, member, changed: true };
}
