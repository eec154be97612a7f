/**
 * Making an escalation record and filing it (split from escalations.ts, shared by risk and agenda
 * item escalations): E<n> with its snapshot, the board card queued to the target and a notice to
 * the group, in the same write.
 */
import type { ConversationRef, Db, Escalation, Group, Person } from '../domain/model.js';
import { findMember, personKey } from '../domain/roster.js';
import type { Tx } from './ports.js';

/** Builds the activities the outbox sends (the feature renders cards; this layer stays pure). */
export interface EscalationRender {
  /** The escalation card for the board's conversation. */
  boardCard(e: Readonly<Escalation>, group: Readonly<Group>): Record<string, unknown>;
  /** A notice in the steering group's conversation. */
  notice(kind: 'sent' | 'ack' | 'answer', e: Readonly<Escalation>, group: Readonly<Group>): Record<string, unknown>;
}

/** A new, not yet filed escalation by `actor` (its id is the group's next). */
export function newEscalation(
  group: Readonly<Group>,
  actor: Person,
  token: string,
  now: Date,
  what: Pick<Escalation, 'riskId' | 'reason' | 'snapshot'> & { subject?: Escalation['subject'] },
): Escalation {
  return {
    groupId: group.id,
    id: `E${group.counters.escalation + 1}`,
    riskId: what.riskId,
    ...(what.subject ? { subject: what.subject } : {}),
    reason: what.reason,
    status: 'pending',
    by: personKey(actor),
    byName: findMember(group as Group, actor)?.name ?? actor.name,
    at: now.toISOString(),
    snapshot: what.snapshot,
    outboxId: null,
    acknowledgedBy: null,
    acknowledgedAt: null,
    acknowledgedByName: null,
    answer: null,
    answeredBy: null,
    answeredAt: null,
    answeredByName: null,
    card: null,
    confirmToken: token || null,
  };
}

/** Files `e`: counts it, queues the board card and the group's notice, audits it. */
export function fileEscalation(
  db: Db,
  tx: Tx,
  input: {
    group: Group;
    target: { conversation: ConversationRef };
    e: Escalation;
    render: EscalationRender;
    /** What the audit entry records about the subject ({risk, rating} or {item}). */
    audit: Record<string, unknown>;
  },
): void {
  const { group, target, e } = input;
  // Render before touching db: a rendering error must leave no half-made escalation.
  const boardActivity = input.render.boardCard(e, group);
  const noticeActivity = input.render.notice('sent', e, group);
  group.counters.escalation += 1;
  db.escalations.push(e);
  const item = tx.enqueue({
    groupId: group.id,
    conversation: target.conversation,
    activity: boardActivity,
    ref: { kind: 'escalation', groupId: group.id, escalationId: e.id },
  });
  e.outboxId = item.id;
  tx.enqueue({
    groupId: group.id,
    conversation: group.conversation,
    activity: noticeActivity,
    ref: { kind: 'escalationNotice', groupId: group.id, escalationId: e.id, event: 'sent' },
  });
  tx.audit({
    actor: e.by,
    action: 'escalation.create',
    groupId: group.id,
    target: e.id,
    after: { ...input.audit, reason: e.reason, to: target.conversation.conversationId },
  });
}
