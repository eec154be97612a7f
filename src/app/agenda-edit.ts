/**
 * Building a meeting's agenda in Teams (issue #15): add, edit, move and delete items; the rules
 * (where a new item goes, renumbering) are in src/domain/agenda-edit.ts. Chair or referent
 * (`manageMeetings`), checked against the stored roster. A meeting whose minutes are approved,
 * or that is cancelled, refuses every change. Every change is audited, and a change to an agenda
 * already published is queued for the "Dagsorden opdateret" note (src/app/agenda-publish.ts).
 */
import {
  agendaLockOf,
  cleanLine,
  fieldValue,
  insertBeforeAob,
  MAX_ITEM_TEXT,
  MAX_ITEM_TITLE,
  MAX_PRESENTER,
  moveItem,
  removeItem,
  sameTitle,
  withoutStandingItem,
  withStandingItem,
  type ItemField,
} from '../domain/agenda-edit.js';
import { LIMITS } from '../domain/limits.js';
import { emptyItem } from '../domain/meeting-agenda.js';
import type { AgendaItem, Db, Group, Meeting, Person } from '../domain/model.js';
import { personKey } from '../domain/roster.js';
import { AppError } from '../errors.js';
import { noteAgendaChange } from './agenda-publish.js';
import { requireGroup, requireRight } from './groups.js';
import { findCardItem, findMeeting } from './meetings.js';
import type { Tx } from './ports.js';

export interface AgendaEditBase {
  groupId: string;
  actor: Person;
  meeting: number;
}

/** A card's item reference: the key of the title it showed (itemKey), so a stale or re-sent click cannot hit another item. */
export interface ItemRef {
  item: number;
  key?: string | null;
}

/**
 * Refuses any change to the agenda of a meeting that is locked (agendaLockOf: minutes approved,
 * or cancelled) — items and material alike. `approved` is the refusal for approved minutes: the
 * material commands' text names the annexes too.
 */
export function requireAgendaEditable(meeting: Meeting, approved: 'agenda_locked' | 'material_minutes_approved' = 'agenda_locked'): void {
  const lock = agendaLockOf(meeting);
  if (lock === 'minutes_approved') throw new AppError(approved, { number: meeting.number });
  if (lock === 'cancelled') throw new AppError('meeting_cancelled', { number: meeting.number });
}

/** The meeting, if its agenda may still change (requireAgendaEditable). */
export function editableMeeting(db: Readonly<Db>, group: Group, number: number): Meeting {
  const meeting = findMeeting(db, group.id, number);
  requireAgendaEditable(meeting);
  return meeting;
}

function start(db: Db, tx: Tx, input: AgendaEditBase): { group: Group; meeting: Meeting } {
  const group = requireGroup(db, input.groupId);
  requireRight(group, input.actor, 'manageMeetings', tx);
  return { group, meeting: editableMeeting(db, group, input.meeting) };
}

const itemAt = (meeting: Meeting, ref: ItemRef): AgendaItem => findCardItem(meeting, ref.item, ref.key);

export function checkTitle(title: string): string {
  const t = cleanLine(title);
  if (!t) throw new AppError('item_title_missing');
  if (t.length > MAX_ITEM_TITLE) throw new AppError('item_title_too_long', { max: MAX_ITEM_TITLE, actual: t.length });
  return t;
}

export function checkPresenter(name: string | null | undefined): string | null {
  const p = cleanLine(name ?? '');
  if (p.length > MAX_PRESENTER) throw new AppError('item_text_too_long', { max: MAX_PRESENTER, actual: p.length });
  return p || null;
}

function checkFree(meeting: Meeting, title: string, except: AgendaItem | null): void {
  const clash = meeting.items.find((i) => i !== except && sameTitle(i.title, title));
  if (clash) throw new AppError('item_exists', { title: clash.title, item: clash.number, number: meeting.number });
}

const target = (meeting: Meeting, item: number) => `meeting ${meeting.number} item ${item}`;
const renumbered = (moved: Map<number, number>) => Object.fromEntries(moved);

export interface AddItemInput extends AgendaEditBase {
  title: string;
  presenter?: string | null;
  recommendation?: string | null;
  /** Audit action (an accepted proposal says so). */
  source?: string;
}

/** `nyt punkt`: a new item just before "Eventuelt"; the items after it move one down. */
export function addItem(db: Db, tx: Tx, input: AddItemInput): { meeting: Meeting; item: AgendaItem; moved: Map<number, number> } {
  const { group, meeting } = start(db, tx, input);
  const title = checkTitle(input.title);
  const presenter = checkPresenter(input.presenter);
  const recommendation = fieldValue('recommendation', (input.recommendation ?? '').slice(0, MAX_ITEM_TEXT + 1)) as string[];
  if (recommendation.join('\n').length > MAX_ITEM_TEXT)
    throw new AppError('item_text_too_long', { max: MAX_ITEM_TEXT, actual: recommendation.join('\n').length });
  checkFree(meeting, title, null);
  if (meeting.items.length >= LIMITS.itemsPerMeeting)
    throw new AppError('limit_meeting_items', { max: LIMITS.itemsPerMeeting, count: meeting.items.length + 1 });
  const item: AgendaItem = { ...emptyItem(0, title), presenter, recommendation };
  const moved = insertBeforeAob(meeting.items, item);
  moved.delete(0);
  noteAgendaChange(db, tx, group, meeting, { kind: 'added', title, item: item.number });
  tx.audit({
    actor: personKey(input.actor),
    action: input.source ?? 'agenda.item.add',
    groupId: group.id,
    target: target(meeting, item.number),
    after: { title, presenter, recommendation, renumbered: renumbered(moved) },
  });
  return { meeting, item, moved };
}

export interface EditItemInput extends AgendaEditBase, ItemRef {
  /** Fields to set; an empty text clears it (the title cannot be cleared). */
  fields: Partial<Record<ItemField, string>>;
}

const snapshot = (item: AgendaItem, fields: ItemField[]) => Object.fromEntries(fields.map((f) => [f, structuredClone(item[f])]));

/** `ret punkt`, and the edit card's form: changes only what differs; returns the fields changed. */
export function editItem(db: Db, tx: Tx, input: EditItemInput): { meeting: Meeting; item: AgendaItem; changed: ItemField[] } {
  const { group, meeting } = start(db, tx, input);
  const item = itemAt(meeting, input);
  const next: Partial<Record<ItemField, string | string[] | null>> = {};
  for (const [f, text] of Object.entries(input.fields) as [ItemField, string][]) {
    if (text.length > MAX_ITEM_TEXT) throw new AppError('item_text_too_long', { max: MAX_ITEM_TEXT, actual: text.length });
    if (f === 'title') next.title = checkTitle(text);
    else if (f === 'presenter') next.presenter = checkPresenter(text);
    else next[f] = fieldValue(f, text);
  }
  if (typeof next.title === 'string') checkFree(meeting, next.title, item);
  const changed = (Object.keys(next) as ItemField[]).filter((f) => JSON.stringify(item[f]) !== JSON.stringify(next[f]));
  if (!changed.length) return { meeting, item, changed };
  const before = snapshot(item, changed);
  Object.assign(item, Object.fromEntries(changed.map((f) => [f, next[f]])));
  noteAgendaChange(db, tx, group, meeting, { kind: 'edited', title: item.title, item: item.number, field: changed.join(',') });
  tx.audit({
    actor: personKey(input.actor),
    action: 'agenda.item.edit',
    groupId: group.id,
    target: target(meeting, item.number),
    before,
    after: snapshot(item, changed),
  });
  return { meeting, item, changed };
}

export interface MoveItemInput extends AgendaEditBase, ItemRef {
  to: number;
}

/** `flyt punkt`: the item (with its decision, material and card) takes place `to`; the others close up. */
export function moveAgendaItem(
  db: Db,
  tx: Tx,
  input: MoveItemInput,
): { meeting: Meeting; item: AgendaItem; from: number; moved: Map<number, number> } {
  const { group, meeting } = start(db, tx, input);
  const item = itemAt(meeting, input);
  if (!Number.isInteger(input.to) || input.to < 1 || input.to > meeting.items.length)
    throw new AppError('item_position', { position: input.to, max: meeting.items.length });
  const from = item.number;
  if (input.to === from) return { meeting, item, from, moved: new Map() };
  const moved = moveItem(meeting.items, from, input.to)!;
  noteAgendaChange(db, tx, group, meeting, { kind: 'moved', title: item.title, item: item.number, from });
  tx.audit({
    actor: personKey(input.actor),
    action: 'agenda.item.move',
    groupId: group.id,
    target: target(meeting, from),
    before: { number: from },
    after: { number: item.number, renumbered: renumbered(moved) },
  });
  return { meeting, item, from, moved };
}

/** `slet punkt`: removes an item without a decision; the items after it move up. */
export function deleteItem(
  db: Db,
  tx: Tx,
  input: AgendaEditBase & ItemRef,
): { meeting: Meeting; removed: AgendaItem; moved: Map<number, number> } {
  const { group, meeting } = start(db, tx, input);
  const item = itemAt(meeting, input);
  if (item.outcome !== null) throw new AppError('item_decided', { item: item.number, number: meeting.number });
  const { removed, moved } = removeItem(meeting.items, item.number)!;
  noteAgendaChange(db, tx, group, meeting, { kind: 'removed', title: removed.title, item: removed.number });
  tx.audit({
    actor: personKey(input.actor),
    action: 'agenda.item.delete',
    groupId: group.id,
    target: target(meeting, removed.number),
    before: structuredClone({ ...removed, card: undefined }),
    after: { renumbered: renumbered(moved) },
  });
  return { meeting, removed, moved };
}

// ------------------------------------------------------------------------------------------------
// Standing items (the group's list; new meetings start from it)
// ------------------------------------------------------------------------------------------------

export function changeStandingItems(
  db: Db,
  tx: Tx,
  input: { groupId: string; actor: Person; op: 'add' | 'remove'; title: string },
): { group: Group; changed: boolean; title: string } {
  const group = requireGroup(db, input.groupId);
  requireRight(group, input.actor, 'manageStandingItems', tx);
  const title = checkTitle(input.title);
  const next = input.op === 'add' ? withStandingItem(group.standingItems, title) : withoutStandingItem(group.standingItems, title);
  if (!next) {
    if (input.op === 'remove') throw new AppError('standing_item_unknown', { title });
    return { group, changed: false, title };
  }
  if (next.length > LIMITS.itemsPerMeeting) throw new AppError('limit_meeting_items', { max: LIMITS.itemsPerMeeting, count: next.length });
  const before = [...group.standingItems];
  group.standingItems = next;
  tx.audit({
    actor: personKey(input.actor),
    action: input.op === 'add' ? 'standing.add' : 'standing.remove',
    groupId: group.id,
    target: title,
    before,
    after: next,
  });
  return { group, changed: true, title };
}
