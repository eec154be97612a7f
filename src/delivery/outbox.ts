import type { OutgoingMessage, Tx } from '../app/ports.js';
import type { Db, OutboxItem, OutboxStatus } from '../domain/model.js';
import { purposeOf, refOfPurpose, type OutboxRef } from '../domain/outbox-ref.js';
import { AppError } from '../errors.js';

/**
 * The outbox: every proactive message is first written to the store in the same mutation as
 * the change that caused it (a reminder due, an escalation), then sent by the OutboxSender.
 * That way a crash can delay a message or leave it `uncertain`, but never lose it silently.
 * These are plain functions over `Db` for use inside `store.update`.
 */

/**
 * A message to queue. Use-cases call `tx.enqueue({ …, ref })` (src/app/ports.ts). A bare `purpose`
 * is read as a reference by refOfPurpose (`{ kind: 'other' }` when it names none).
 */
export type EnqueueInput = Omit<OutgoingMessage, 'ref'> & ({ ref: OutboxRef; purpose?: undefined } | { purpose: string; ref?: undefined });

export function enqueue(db: Db, tx: Pick<Tx, 'now' | 'nextId'>, input: EnqueueInput): OutboxItem {
  const c = input.conversation;
  if (!c || !c.serviceUrl || !c.conversationId || !c.botId)
    throw new AppError('bad_input', { detail: 'outbox: conversation reference incomplete' });
  if (!input.activity || typeof input.activity !== 'object' || Array.isArray(input.activity))
    throw new AppError('bad_input', { detail: 'outbox: activity must be an object' });
  const ref: OutboxRef | null = input.ref ?? (input.purpose ? refOfPurpose(input.purpose) : null);
  if (!ref) throw new AppError('bad_input', { detail: 'outbox: ref missing' });
  const at = tx.now.toISOString();
  const item: OutboxItem = {
    id: tx.nextId('o'),
    groupId: input.groupId,
    // Copies: the caller's objects must not change a queued message afterwards.
    conversation: structuredClone(c),
    activity: structuredClone(input.activity),
    purpose: input.purpose ?? purposeOf(ref),
    ref: structuredClone(ref),
    status: 'queued',
    attempts: 0,
    createdAt: at,
    nextAttemptAt: at,
    sentAt: null,
    activityId: null,
    lastError: null,
  };
  db.outbox.push(item);
  return item;
}

/**
 * After a restart, `sending` means the process died between claiming and recording the
 * answer: Teams may or may not have the message, so it must not be sent again on its own.
 * With several instances only the claims `interrupted` selects (expired ones) are meant.
 */
export function markInterruptedUncertain(
  db: Db,
  tx: Tx,
  interrupted: (o: OutboxItem) => boolean = () => true,
  why = 'found at startup',
): OutboxItem[] {
  const hit = db.outbox.filter((o) => o.status === 'sending' && interrupted(o));
  for (const o of hit) {
    o.status = 'uncertain';
    o.lastError = `interrupted while sending (${why} ${tx.now.toISOString()})`;
    tx.audit({
      actor: 'system',
      action: 'outbox.interrupted',
      groupId: o.groupId,
      target: o.id,
      before: { status: 'sending' },
      after: { status: 'uncertain' },
    });
  }
  return hit;
}

function findItem(db: Db, id: string, want: OutboxStatus[]): OutboxItem {
  const item = db.outbox.find((o) => o.id === id);
  if (!item) throw new AppError('outbox_not_found', { id });
  if (!want.includes(item.status)) throw new AppError('outbox_wrong_status', { id, status: item.status });
  return item;
}

/**
 * The chair's explicit "send it again" for an uncertain message (they checked Teams and it is
 * not there). Permission checks belong to the calling use-case; this records who decided.
 */
export function requeueUncertain(db: Db, tx: Tx, id: string, actor: string): OutboxItem {
  const item = findItem(db, id, ['uncertain']);
  const before = { status: item.status, attempts: item.attempts, lastError: item.lastError };
  item.status = 'queued';
  item.attempts = 0;
  item.nextAttemptAt = tx.now.toISOString();
  tx.audit({ actor, action: 'outbox.retry_uncertain', groupId: item.groupId, target: item.id, before, after: { status: item.status } });
  return item;
}

/** The chair's "leave it" for an uncertain message: it stops counting as uncertain. */
export function dismissItem(db: Db, tx: Tx, id: string, actor: string): OutboxItem {
  const item = findItem(db, id, ['uncertain', 'failed']);
  // Dismissed already (a re-sent or double click): nothing changes, no second audit entry.
  if (item.status === 'failed' && item.lastError?.startsWith('dismissed by ')) return item;
  const before = { status: item.status, lastError: item.lastError };
  // There is no "dismissed" status in the model; `failed` with the reason says the same.
  item.status = 'failed';
  item.lastError = `dismissed by ${actor}${before.lastError ? ` (was: ${before.lastError})` : ''}`;
  tx.audit({ actor, action: 'outbox.dismiss', groupId: item.groupId, target: item.id, before, after: { status: item.status } });
  return item;
}

export type OutboxCounts = Record<OutboxStatus, number>;

export function outboxCounts(db: Readonly<Db>): OutboxCounts {
  const counts: OutboxCounts = { queued: 0, sending: 0, sent: 0, failed: 0, uncertain: 0 };
  for (const o of db.outbox) counts[o.status]++;
  return counts;
}
