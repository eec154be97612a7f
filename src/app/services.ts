import type { Config } from '../config.js';
import type { ConversationRef, OutboxItem } from '../domain/model.js';
import type { Logger } from '../log.js';
import type { Clock, SecurityLog, Store } from './ports.js';

/** A conversation member as the Bot Connector describes one. */
export interface ConversationMember {
  id: string;
  name: string;
  aadObjectId: string | null;
}

/** Sends and updates that leave the turn: the outbox sender and the coalescing card updater. */
export interface Delivery {
  /** Drain the outbox soon (after a use-case enqueued proactive messages). */
  kick(): void;
  /**
   * Update a card everybody sees, coalesced and rate limited; `build` runs at send time so the
   * latest state goes out. Returns at once: never awaited inside a card turn.
   */
  updateCard(conversation: ConversationRef, activityId: string, build: () => Record<string, unknown> | null): void;
  /** Outbox counts for /healthz. */
  counts(): Record<string, number>;
  /**
   * Listen for outbox items durably `sent`. Features do not listen here: they declare handlers by
   * reference kind (Feature.outbox), which src/teams/outbox-handlers.ts wires to this.
   */
  onSent(listener: (item: OutboxItem, activityId: string) => void | Promise<void>): void;
  /** Listen for outbox items that became `failed` or `uncertain`. */
  onUndelivered(listener: (item: OutboxItem) => void | Promise<void>): void;
  /** Posts an activity now (a reply inside a turn; not through the outbox). Teams' activity id, '' if none. */
  sendNow(conversation: ConversationRef, activity: Record<string, unknown>): Promise<{ id: string }>;
  /** One member of a conversation (Teams user id or Entra object id); null when not in it. */
  getMember(conversation: ConversationRef, userId: string): Promise<ConversationMember | null>;
  /** Every member of a conversation (a channel: its team). */
  getMembers(conversation: ConversationRef): Promise<ConversationMember[]>;
  /** The chair's explicit re-send of an uncertain item, or dismissal. */
  retryUncertain(id: string, actor: string): Promise<OutboxItem>;
  dismiss(id: string, actor: string): Promise<OutboxItem>;
}

/** Everything a handler or use-case may need, built once in the composition root. */
export interface Services {
  config: Config;
  store: Store;
  clock: Clock;
  security: SecurityLog;
  log: Logger;
  delivery: Delivery;
  /** Ask the job runner / scheduler to look at due work soon. */
  kickJobs(): void;
}
