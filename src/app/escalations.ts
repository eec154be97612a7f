/**
 * Escalation of a risk to the programme board (DAP-styregruppen), the board's acknowledgement
 * and answer, where escalations go (the target), and the chair's view of the outbox. Pure
 * functions over `Db` + `Tx` for use inside `store.update`; permissions are checked against the
 * stored roster of the *steering group* (board members need not be on any roster: on the board's
 * side, what counts is that the click comes from the conversation the escalation was sent to).
 * Proactive messages (the board card, notices to the group) go through the outbox in the same
 * write; the caller kicks the sender afterwards.
 */
import type { ConversationRef, Db, Escalation, Group, OutboxItem, Person, Rating, Risk } from '../domain/model.js';
import { personKey } from '../domain/roster.js';
import { commentsOn, emptyTally } from '../domain/votes.js';
import { AppError } from '../errors.js';
import { requireGroup, requireRight } from './groups.js';
import { fileEscalation, newEscalation, type EscalationRender } from './escalation-filing.js';
import type { SecurityLog, Tx } from './ports.js';
import { RISK_ID } from './risks.js';

export const ESCALATION_ID = /^E\d{1,6}$/;
export const MAX_REASON = 2000;
export const MAX_ANSWER = 2000;

export type { EscalationRender } from './escalation-filing.js';

/**
 * Records a refusal and throws it (also used by escalation-target.ts): through the transaction
 * inside a mutation, straight to the security log for a check that changes nothing.
 */
export function refuse(
  log: Tx | SecurityLog,
  now: Date,
  actor: Person,
  code: string,
  detail: string,
  params: Record<string, string | number> = {},
  conversationId?: string | null,
): never {
  const who = { actor: personKey(actor), conversationId: conversationId ?? null };
  if ('refuse' in log) log.refuse(code, detail, who);
  else log.record({ at: now.toISOString(), ...who, code, detail });
  throw new AppError(code, params);
}

// ---------------------------------------------------------------------------------------------
// Snapshot
// ---------------------------------------------------------------------------------------------

/**
 * The risk as the group saw it when escalating: rating, history, corrective actions, and the
 * tally and comments of the latest vote round that included it (the comments written about this
 * risk, as "Name: text", or just the text in an anonymous round). Without any round, the tally of the latest history entry.
 */
export function riskSnapshot(db: Readonly<Db>, risk: Readonly<Risk>): Escalation['snapshot'] {
  const rounds = db.voteRounds
    .filter((v) => v.groupId === risk.groupId && v.riskIds.includes(risk.id) && v.ballots.some((b) => b.choices[risk.id]))
    .sort((a, b) => a.openedAt.localeCompare(b.openedAt));
  const latest = rounds.at(-1);
  let tally: Record<Rating, number> | null = null;
  const comments: string[] = [];
  if (latest) {
    tally = emptyTally();
    for (const b of latest.ballots) {
      const choice = b.choices[risk.id];
      if (!choice) continue;
      tally[choice]++;
    }
    // Only the comments written about this risk; without names when the round was anonymous.
    for (const c of commentsOn(latest, risk.id)) comments.push(c.name ? `${c.name}: ${c.text}` : c.text);
  } else if (risk.history.length) {
    tally = { ...risk.history[risk.history.length - 1].tally };
  }
  return {
    title: risk.title,
    category: risk.category,
    rating: risk.rating,
    history: structuredClone(risk.history),
    tally,
    comments,
    correctiveActions: [...risk.correctiveActions],
    owner: risk.owner?.name ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// Escalating
// ---------------------------------------------------------------------------------------------

export interface PrepareInput {
  groupId: string;
  riskId: string;
  actor: Person;
  now: Date;
}

/**
 * Everything checked before the confirmation card is shown (and again on confirm): the chair
 * (refusals logged to `log`: the transaction on confirm, the security log before), the risk
 * exists and is open, a target is set. Changes nothing.
 */
export function prepareEscalation(
  db: Readonly<Db>,
  input: PrepareInput,
  log: Tx | SecurityLog,
): { group: Group; risk: Risk; snapshot: Escalation['snapshot']; target: NonNullable<Group['escalationTarget']> } {
  const group = requireGroup(db, input.groupId);
  requireRight(group, input.actor, 'escalate', log, input.now);
  const riskId = input.riskId.toUpperCase();
  if (!RISK_ID.test(riskId)) throw new AppError('escalation_risk_missing');
  const risk = db.risks.find((r) => r.groupId === group.id && r.id === riskId);
  if (!risk) throw new AppError('escalation_risk_unknown', { id: riskId });
  if (risk.status === 'retired') throw new AppError('escalation_risk_retired', { id: riskId });
  if (!group.escalationTarget) throw new AppError('escalation_no_target', { group: group.name });
  return { group, risk, snapshot: riskSnapshot(db, risk), target: group.escalationTarget };
}

export function validateReason(reason: string): string {
  const r = reason.replace(/\s+/g, ' ').trim();
  if (!r) throw new AppError('escalation_reason_missing');
  if (r.length > MAX_REASON) throw new AppError('escalation_reason_too_long', { max: MAX_REASON });
  return r;
}

export interface EscalateInput {
  groupId: string;
  riskId: string;
  reason: string;
  actor: Person;
  /** The confirmation card's one-time token: a repeated confirm returns the first record. */
  token: string;
  render: EscalationRender;
}

/**
 * Creates E<n> with the risk snapshot, and queues the board card (to the target) and a notice
 * (to the group). A confirm with a token already used returns that escalation (`created: false`).
 */
export function escalateRisk(db: Db, tx: Tx, input: EscalateInput): { escalation: Escalation; created: boolean } {
  const { group, risk, snapshot, target } = prepareEscalation(db, { ...input, now: tx.now }, tx);
  const reason = validateReason(input.reason);
  const seen = input.token ? db.escalations.find((e) => e.groupId === group.id && e.confirmToken === input.token) : undefined;
  if (seen) return { escalation: seen, created: false };
  const e = newEscalation(group, input.actor, input.token, tx.now, { riskId: risk.id, reason, snapshot });
  fileEscalation(db, tx, { group, target, e, render: input.render, audit: { risk: risk.id, rating: snapshot.rating } });
  tx.audit({ actor: e.by, action: 'risk.escalated', groupId: group.id, target: risk.id, after: { escalation: e.id } });
  return { escalation: e, created: true };
}

export function requireEscalation(db: Readonly<Db>, groupId: string, id: string): Escalation {
  const e = db.escalations.find((x) => x.groupId === groupId && x.id === id);
  if (!e) throw new AppError('escalation_not_found', { id });
  return e;
}

/** Where the escalation's card went: its outbox item's conversation (else the group's current target). */
export function boardConversationOf(db: Readonly<Db>, e: Readonly<Escalation>): ConversationRef | null {
  const item = e.outboxId ? db.outbox.find((o) => o.id === e.outboxId) : undefined;
  if (item) return item.conversation;
  return db.groups.find((g) => g.id === e.groupId)?.escalationTarget?.conversation ?? null;
}

export interface BoardActionInput {
  groupId: string;
  escalationId: string;
  actor: Person;
  /** The conversation the click came from: must be the one the escalation was sent to. */
  conversationId: string;
  render: EscalationRender;
}

function requireBoardClick(db: Readonly<Db>, input: BoardActionInput, tx: Tx): { group: Group; e: Escalation } {
  const group = requireGroup(db, input.groupId);
  const e = requireEscalation(db, group.id, input.escalationId);
  const board = boardConversationOf(db, e);
  if (!board || board.conversationId !== input.conversationId) {
    refuse(
      tx,
      tx.now,
      input.actor,
      'escalation_wrong_conversation',
      `${e.id} in ${group.id} from ${input.conversationId}`,
      {},
      input.conversationId,
    );
  }
  return { group, e };
}

/** The board's "Modtaget". Idempotent; queues a notice to the group the first time. */
export function acknowledgeEscalation(db: Db, tx: Tx, input: BoardActionInput): { escalation: Escalation; changed: boolean } {
  const { group, e } = requireBoardClick(db, input, tx);
  if (e.acknowledgedAt) return { escalation: e, changed: false };
  const before = { status: e.status };
  const next: Escalation = {
    ...e,
    acknowledgedBy: personKey(input.actor),
    acknowledgedByName: input.actor.name,
    acknowledgedAt: tx.now.toISOString(),
    status: e.status === 'answered' ? 'answered' : 'acknowledged',
  };
  const notice = input.render.notice('ack', next, group);
  Object.assign(e, next);
  tx.enqueue({
    groupId: group.id,
    conversation: group.conversation,
    activity: notice,
    ref: { kind: 'escalationNotice', groupId: group.id, escalationId: e.id, event: 'ack' },
  });
  tx.audit({
    actor: personKey(input.actor),
    action: 'escalation.acknowledge',
    groupId: group.id,
    target: e.id,
    before,
    after: { status: e.status, by: input.actor.name },
  });
  return { escalation: e, changed: true };
}

/**
 * The board's answer: recorded on the escalation (acknowledging it too), audited against the
 * risk, and sent back to the group as a notice. The same answer again (Teams re-sends invokes)
 * changes nothing; a different second answer is refused (the first one is the record).
 */
export function answerEscalation(
  db: Db,
  tx: Tx,
  input: BoardActionInput & { answer: string },
): { escalation: Escalation; changed: boolean } {
  const { group, e } = requireBoardClick(db, input, tx);
  const answer = input.answer
    .trim()
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n');
  if (!answer || answer.length > MAX_ANSWER) throw new AppError('escalation_answer_missing');
  if (e.answer !== null) {
    if (e.answer === answer) return { escalation: e, changed: false };
    throw new AppError('escalation_already_answered', { id: e.id });
  }
  const at = tx.now.toISOString();
  const who = personKey(input.actor);
  const next: Escalation = {
    ...e,
    status: 'answered',
    answer,
    answeredBy: who,
    answeredByName: input.actor.name,
    answeredAt: at,
    acknowledgedBy: e.acknowledgedBy ?? who,
    acknowledgedByName: e.acknowledgedByName ?? input.actor.name,
    acknowledgedAt: e.acknowledgedAt ?? at,
  };
  const notice = input.render.notice('answer', next, group);
  const before = { status: e.status };
  Object.assign(e, next);
  tx.enqueue({
    groupId: group.id,
    conversation: group.conversation,
    activity: notice,
    ref: { kind: 'escalationNotice', groupId: group.id, escalationId: e.id, event: 'answer' },
  });
  tx.audit({
    actor: who,
    action: 'escalation.answer',
    groupId: group.id,
    target: e.id,
    before,
    after: { status: e.status, by: input.actor.name, answer },
  });
  const about =
    e.subject?.kind === 'item' ? { action: 'item.escalation_answered', target: `${e.subject.meeting}.${e.subject.item}` } : null;
  tx.audit({
    actor: who,
    action: about?.action ?? 'risk.escalation_answered',
    groupId: group.id,
    target: about?.target ?? e.riskId,
    after: { escalation: e.id, answer },
  });
  return { escalation: e, changed: true };
}

// ---------------------------------------------------------------------------------------------
// Delivery status (outbox listeners)
// ---------------------------------------------------------------------------------------------

const escalationOf = (db: Db, item: Pick<OutboxItem, 'id'>): Escalation | undefined => db.escalations.find((e) => e.outboxId === item.id);

/** The board card was posted: `sent` (unless the board already acted) and remember the card. */
export function recordEscalationSent(db: Db, tx: Tx, item: Pick<OutboxItem, 'id' | 'conversation'>, activityId: string): Escalation | null {
  const e = escalationOf(db, item);
  if (!e) return null;
  const before = e.status;
  if (activityId) e.card = { conversationId: item.conversation.conversationId, activityId };
  if (e.status === 'pending' || e.status === 'failed' || e.status === 'uncertain') e.status = 'sent';
  if (before !== e.status)
    tx.audit({
      actor: 'system',
      action: 'escalation.sent',
      groupId: e.groupId,
      target: e.id,
      before: { status: before },
      after: { status: e.status, activityId },
    });
  return e;
}

/** The board card failed or may not have arrived: the escalation shows it (never silently lost). */
export function recordEscalationUndelivered(db: Db, tx: Tx, item: Pick<OutboxItem, 'id' | 'status' | 'lastError'>): Escalation | null {
  const e = escalationOf(db, item);
  if (!e || (e.status !== 'pending' && e.status !== 'sent' && e.status !== 'failed' && e.status !== 'uncertain')) return e ?? null;
  const status =
    item.status === 'uncertain' ? 'uncertain' : item.status === 'failed' ? 'failed' : item.status === 'queued' ? 'pending' : null;
  if (!status || status === e.status || (e.status === 'sent' && status === 'pending')) return e;
  const before = e.status;
  e.status = status;
  tx.audit({
    actor: 'system',
    action: `escalation.${status}`,
    groupId: e.groupId,
    target: e.id,
    before: { status: before },
    after: { status, error: item.lastError },
  });
  return e;
}

// ---------------------------------------------------------------------------------------------
// The chair's outbox
// ---------------------------------------------------------------------------------------------

/** `dismissItem` marks a dismissed item failed with this prefix: it no longer needs attention. */
export const isDismissed = (o: Pick<OutboxItem, 'lastError'>): boolean => !!o.lastError?.startsWith('dismissed by ');

/** Failed or uncertain messages of the group that still need the chair's attention; newest first. */
export function outboxForChair(db: Readonly<Db>, groupId: string, actor: Person, security: SecurityLog, now: Date): OutboxItem[] {
  const group = requireGroup(db, groupId);
  requireRight(group, actor, 'manageRoster', security, now);
  return db.outbox
    .filter((o) => o.groupId === groupId && (o.status === 'uncertain' || (o.status === 'failed' && !isDismissed(o))))
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/** Checks a retry/dismiss click: the chair of the item's own group. Changes nothing. */
export function requireOutboxItemForChair(
  db: Readonly<Db>,
  groupId: string,
  outboxId: string,
  actor: Person,
  security: SecurityLog,
  now: Date,
): OutboxItem {
  const group = requireGroup(db, groupId);
  requireRight(group, actor, 'manageRoster', security, now);
  const item = db.outbox.find((o) => o.id === outboxId);
  if (!item) throw new AppError('outbox_not_found', { id: outboxId });
  if (item.groupId !== group.id) refuse(security, now, actor, 'outbox_other_group', `${outboxId} (group ${item.groupId}) from ${group.id}`);
  return item;
}
