import type { ConversationRef } from './model-base.js';
import type { OutboxRef } from './outbox-ref.js';

/** Messages waiting to be sent, reminders and due jobs, as stored; re-exported by model.ts. */

export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'uncertain';

export interface OutboxItem {
  id: string;
  groupId: string | null;
  conversation: ConversationRef;
  /** A Bot Framework activity (text and/or attachments), plain JSON. */
  activity: Record<string, unknown>;
  /** Readable form of `ref` (logs, the chair's outbox card, `outbox --json`). */
  purpose: string;
  /** What the item is for (optional: items stored before it have only `purpose`; see refOf). */
  ref?: OutboxRef;
  status: OutboxStatus;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string;
  sentAt: string | null;
  activityId: string | null;
  lastError: string | null;
}

export type ReminderKind = string; // 'T-14d' | 'T-2d' | 'T-1h' | 'T-<n>d' | 'T-<n>h' | 'nudge-vote' | 'nudge-action'
export type ReminderStatus = 'planned' | 'sending' | 'sent' | 'expired' | 'failed' | 'uncertain' | 'cancelled';

export interface Reminder {
  id: string;
  groupId: string;
  meeting: number | null;
  kind: ReminderKind;
  to: string | null;
  dueAt: string;
  status: ReminderStatus;
  late: boolean;
  sentAt: string | null;
  outboxId: string | null;
  /** For nudges: the action point or vote round concerned. */
  ref?: string | null;
  /** Teams' activity id once the outbox delivered it (the first message, for multi-recipient nudges). */
  activityId?: string | null;
}

/** A persisted due-job (e.g. closing a vote round at its deadline), run by the job runner's tick(now). */
export interface Job {
  id: string;
  kind: string;
  dueAt: string;
  payload: Record<string, unknown>;
  status: 'pending' | 'done' | 'failed';
  doneAt?: string | null;
  error?: string | null;
}
