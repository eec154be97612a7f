/**
 * Escalating an agenda item's recommendation to the programme board (a budget request, an
 * approval the group cannot give itself): `eskaler punkt <møde>.<punkt> <begrundelse>`. Same
 * confirm, board card, acknowledgement and answer as a risk escalation (src/app/escalations.ts);
 * the escalation's `subject` is `{kind: 'item', meeting, item}` and its snapshot carries the item.
 * The board's answer is found from the item (`itemEscalations`) and printed in the minutes there.
 */
import type { Db, EscalatedItem, Escalation, Group, Person } from '../domain/model.js';
import { AppError } from '../errors.js';
import { fileEscalation, newEscalation, type EscalationRender } from './escalation-filing.js';
import { validateReason } from './escalations.js';
import { requireGroup, requireRight } from './groups.js';
import type { SecurityLog, Tx } from './ports.js';

/** `2.5`, `punkt 2.5`, `item 2.5` → meeting 2, item 5. */
export const ITEM_REF = /^(\d{1,4})\.(\d{1,3})$/;

export interface ItemRef {
  meeting: number;
  item: number;
}

export function parseItemRef(text: string): ItemRef | null {
  const m = ITEM_REF.exec(text.trim());
  return m ? { meeting: Number(m[1]), item: Number(m[2]) } : null;
}

/** The item escalations of one agenda item, oldest first. */
export const itemEscalations = (db: Readonly<Db>, groupId: string, ref: ItemRef): Escalation[] =>
  db.escalations.filter(
    (e) => e.groupId === groupId && e.subject?.kind === 'item' && e.subject.meeting === ref.meeting && e.subject.item === ref.item,
  );

/**
 * The checks before the confirmation card (and again on confirm; refusals logged to `log`: the
 * transaction on confirm, the security log before). Changes nothing.
 */
export function prepareItemEscalation(
  db: Readonly<Db>,
  input: { groupId: string; ref: ItemRef; actor: Person; now: Date },
  log: Tx | SecurityLog,
): { group: Group; snapshot: Escalation['snapshot']; target: NonNullable<Group['escalationTarget']> } {
  const group = requireGroup(db, input.groupId);
  requireRight(group, input.actor, 'escalate', log, input.now);
  const { meeting: number, item: itemNo } = input.ref;
  const meeting = db.meetings.find((m) => m.groupId === group.id && m.number === number);
  const item = meeting?.items.find((i) => i.number === itemNo);
  if (!meeting || !item || meeting.status === 'cancelled') throw new AppError('escalation_item_unknown', { ref: `${number}.${itemNo}` });
  if (!group.escalationTarget) throw new AppError('escalation_no_target', { group: group.name });
  const snapshotItem: EscalatedItem = {
    meeting: meeting.number,
    number: item.number,
    date: meeting.date,
    presenter: item.presenter,
    recommendation: [...item.recommendation],
    proposal: item.proposal,
  };
  const snapshot: Escalation['snapshot'] = {
    title: item.title,
    category: '',
    rating: null,
    history: [],
    tally: null,
    comments: [],
    correctiveActions: [],
    owner: item.presenter,
    item: snapshotItem,
  };
  return { group, snapshot, target: group.escalationTarget };
}

export interface EscalateItemInput {
  groupId: string;
  ref: ItemRef;
  reason: string;
  actor: Person;
  /** The confirmation card's one-time token: a repeated confirm returns the first record. */
  token: string;
  render: EscalationRender;
}

/** Creates E<n> about the agenda item and queues the board card and the group's notice. */
export function escalateItem(db: Db, tx: Tx, input: EscalateItemInput): { escalation: Escalation; created: boolean } {
  const { group, snapshot, target } = prepareItemEscalation(db, { ...input, now: tx.now }, tx);
  const reason = validateReason(input.reason);
  const seen = input.token ? db.escalations.find((e) => e.groupId === group.id && e.confirmToken === input.token) : undefined;
  if (seen) return { escalation: seen, created: false };
  const subject = { kind: 'item' as const, meeting: input.ref.meeting, item: input.ref.item };
  const e = newEscalation(group, input.actor, input.token, tx.now, { riskId: '', subject, reason, snapshot });
  fileEscalation(db, tx, { group, target, e, render: input.render, audit: { item: `${subject.meeting}.${subject.item}` } });
  tx.audit({
    actor: e.by,
    action: 'item.escalated',
    groupId: group.id,
    target: `${subject.meeting}.${subject.item}`,
    after: { escalation: e.id },
  });
  return { escalation: e, created: true };
}
