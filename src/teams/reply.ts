import type { TurnContext } from 'botbuilder';
import type { Services } from '../app/services.js';
import { ConnectorError, classifyStatus } from '../delivery/connector-http.js';
import { backoffMs } from '../delivery/timing.js';
import type { ConversationRef, Db, OutboxItem } from '../domain/model.js';
import type { OutboxRef } from '../domain/outbox-ref.js';
import { AppError } from '../errors.js';
import { conversationRefOf } from './conversation.js';
import { REPLY_TIMEOUT_MS, withTimeout } from './timeout.js';

/**
 * In-turn replies with a hand-off to the outbox (issue #12).
 *
 * A reply is tried once during the turn, capped at REPLY_TIMEOUT_MS. It goes out with the
 * project's own connector client (plain fetch, no retries) rather than `turn.sendActivity`:
 * botbuilder's client repeats a POST on 5xx and keeps going after we stopped waiting, so a
 * reply could land two or three times (measured: 7–9 POSTs per reply for 502/504).
 *
 * What the connector answered decides the rest, the same way as for the outbox:
 * - sent: done, Teams' activity id is returned;
 * - Teams refused it (429, 412, 503, connection refused): nothing reached Teams, so it is queued
 *   in the outbox (reference `reply` or the caller's, after Retry-After when given) and delivery is kicked;
 * - Teams may have it (502, 504, timeout, connection lost): recorded in the outbox as
 *   `uncertain` — shown to the chair, never sent again on its own;
 * - anything else (400, 403, 404 …): recorded as `failed`.
 * So every reply ends sent once, failed or uncertain, never twice. Only replies in a conversation
 * a group knows (its chat, a linked meeting chat, a member's personal chat) are recorded; others
 * are logged and dropped, so unauthenticated noise cannot grow the store. After one failure in a turn,
 * the turn's further replies go straight to the outbox (in order), and a turn never spends more
 * than TURN_BUDGET_MS on replies, so a message turn stays well inside Teams' 15 s.
 */

/** All in-turn replies of one turn together (Bot Framework waits ~15 s for the whole turn). */
export const TURN_BUDGET_MS = 10_000;
/** Less time left than this: do not start a send, queue it. */
const MIN_SEND_MS = 300;
/**
 * Undelivered replies kept whole per chat. Beyond this the reply is still recorded (as `failed`)
 * but without its card: when the bot itself is overloaded, every timed-out reply would store its
 * 7–10 KB card, the store would grow, each write take longer and more replies time out. The cap
 * keeps that loop from starting; a chat with 20 undelivered replies needs the chair anyway
 * (docs/reliability.md).
 */
export const MAX_KEPT_REPLIES = 20;

export type ReplyOutcome =
  | { status: 'sent'; activityId: string | undefined }
  | { status: 'queued' | 'uncertain' | 'failed'; outboxId: string | null; error: string };

/** What sendReply needs from a turn (TurnCtx has all of it). */
export interface ReplyDeps {
  turn: TurnContext;
  services: Services;
  /** The group the turn belongs to, if any (recorded on the outbox item so the chair sees it). */
  group?: () => { id: string };
}

interface TurnState {
  startedAt: number;
  /** The connector failed once in this turn: later replies are queued without trying. */
  degraded: boolean;
}
const turns = new WeakMap<object, TurnState>();

function stateOf(turn: TurnContext): TurnState {
  let s = turns.get(turn);
  if (!s) turns.set(turn, (s = { startedAt: Date.now(), degraded: false }));
  return s;
}

/** Sends `activity` as a reply in this turn; resolves with Teams' activity id, or undefined when handed to the outbox. */
export async function sendReply(
  deps: ReplyDeps,
  activity: Record<string, unknown>,
  ref: OutboxRef = { kind: 'reply' },
): Promise<string | undefined> {
  const out = await deliverReply(deps, activity, ref);
  return out.status === 'sent' ? out.activityId : undefined;
}

/** As sendReply, with the outcome spelled out (tests, logs). */
export async function deliverReply(
  deps: ReplyDeps,
  activity: Record<string, unknown>,
  ref: OutboxRef = { kind: 'reply' },
): Promise<ReplyOutcome> {
  const { turn, services } = deps;
  const state = stateOf(turn);
  const left = TURN_BUDGET_MS - (Date.now() - state.startedAt);
  if (state.degraded || left < MIN_SEND_MS) {
    return handOff(
      deps,
      activity,
      {
        kind: 'retryable',
        message: state.degraded ? 'connector failed earlier in this turn' : 'turn budget used up',
        tried: false,
      },
      ref,
    );
  }
  try {
    const id = await withCap(sendNow(turn, services, activity), Math.min(REPLY_TIMEOUT_MS, left));
    return { status: 'sent', activityId: id || undefined };
  } catch (err) {
    state.degraded = true;
    const ce = asConnectorError(err);
    services.log.warn(
      { status: ce.status, kind: ce.kind, code: ce.code, conversation: turn.activity.conversation?.id },
      'in-turn reply not delivered; handing to the outbox',
    );
    return handOff(deps, activity, { kind: ce.kind, message: ce.message, retryAfterMs: ce.retryAfterMs, tried: true }, ref);
  }
}

/** The reply as Teams expects it: into the conversation (thread) of the incoming activity, to its sender. */
function replyRef(turn: TurnContext): ConversationRef {
  // The raw conversation id: in a channel it carries `;messageid=…`, which keeps the reply in the thread.
  return conversationRefOf(turn.activity);
}

function outgoing(turn: TurnContext, activity: Record<string, unknown>): Record<string, unknown> {
  const a = turn.activity;
  return {
    ...activity,
    replyToId: a.id ?? undefined,
    recipient: a.from ? { id: a.from.id, name: a.from.name } : undefined,
    locale: a.locale ?? undefined,
  };
}

async function sendNow(turn: TurnContext, services: Services, activity: Record<string, unknown>): Promise<string | undefined> {
  const res = await services.delivery.sendNow(replyRef(turn), outgoing(turn, activity));
  return res.id;
}

function withCap<T>(p: Promise<T>, ms: number): Promise<T> {
  return withTimeout(
    p,
    ms,
    () =>
      new ConnectorError({
        kind: 'uncertain',
        status: 0,
        code: 'timeout',
        message: `reply: no answer from the connector within ${ms} ms (it may have been processed)`,
      }),
  );
}

function asConnectorError(err: unknown): ConnectorError {
  if (err instanceof ConnectorError) return err;
  // botbuilder's errors carry `statusCode`; anything unexplained may have reached Teams.
  const status = typeof (err as any)?.statusCode === 'number' ? (err as any).statusCode : 0;
  const message = err instanceof Error ? err.message : String(err);
  return new ConnectorError({ kind: status ? classifyStatus(status) : 'uncertain', status, message: `reply: ${message}`, cause: err });
}

/** Records the reply in the outbox: `queued` (sent later), or `uncertain`/`failed` (for the chair). */
async function handOff(
  deps: ReplyDeps,
  activity: Record<string, unknown>,
  why: { kind: ConnectorError['kind']; message: string; retryAfterMs?: number | null; tried: boolean },
  outboxRef: OutboxRef,
): Promise<ReplyOutcome> {
  const { turn, services } = deps;
  let groupId: string | null = null;
  try {
    groupId = deps.group?.().id ?? null;
  } catch {
    /* a turn outside any group (e.g. personal chat of a stranger) */
  }
  const status: OutboxItem['status'] = why.kind === 'retryable' ? 'queued' : why.kind === 'uncertain' ? 'uncertain' : 'failed';
  const error = why.message.slice(0, 500);
  const conversationId = String(turn.activity.conversation?.id ?? '');
  if (!groupId && !isPersonalChatOfMember(services.store.read(), conversationId)) {
    // A conversation no group knows (a stranger's chat, a forged serviceUrl in local mode):
    // nothing is stored for it, so unauthenticated noise can never grow the outbox.
    services.log.warn(
      { conversation: conversationId.slice(0, 80), reason: error },
      'reply not delivered (conversation of no group; not queued)',
    );
    return { status: 'failed', outboxId: null, error };
  }
  let item: OutboxItem;
  try {
    item = await services.store.update((db, tx) => {
      const ref = replyRef(turn);
      const kept = db.outbox.filter(
        (o) =>
          o.purpose === 'reply' &&
          o.conversation.conversationId === ref.conversationId &&
          (o.status === 'queued' || o.status === 'sending' || o.status === 'uncertain'),
      ).length;
      if (kept >= MAX_KEPT_REPLIES) {
        const it = tx.enqueue({
          groupId,
          conversation: ref,
          activity: { type: 'message', text: summaryOf(activity), replyToId: turn.activity.id ?? undefined },
          ref: { kind: 'reply' },
        });
        it.status = 'failed';
        it.attempts = why.tried ? 1 : 0;
        it.lastError = `not kept: ${kept} undelivered replies in this chat already (${error})`.slice(0, 500);
        tx.audit({
          actor: 'system',
          action: 'outbox.reply_failed',
          groupId,
          target: it.id,
          after: { status: 'failed', reason: 'too many undelivered replies' },
        });
        return structuredClone(it);
      }
      const it = tx.enqueue({ groupId, conversation: ref, activity: outgoing(turn, activity), ref: outboxRef });
      if (status === 'queued') {
        // Teams said "not now": respect Retry-After, else a short jittered pause (as the sender would).
        const waitMs = why.retryAfterMs ?? (why.tried ? backoffMs(1, 500, 5000) : 0);
        if (waitMs) it.nextAttemptAt = new Date(tx.now.getTime() + waitMs).toISOString();
        if (why.tried) it.lastError = error;
      } else {
        it.status = status;
        it.attempts = 1;
        it.lastError = error;
        tx.audit({ actor: 'system', action: `outbox.reply_${status}`, groupId, target: it.id, after: { status } });
      }
      return structuredClone(it);
    });
  } catch (err) {
    // Not even recordable (no conversation reference, store refused): the turn reports it.
    services.log.error({ err: String(err), reason: error }, 'reply could not be handed to the outbox');
    throw new AppError('reply_timeout', {}, `${error}; outbox: ${String(err)}`);
  }
  if (item.status === 'queued') services.delivery.kick();
  else services.log.warn({ outboxId: item.id, status: item.status, reason: item.lastError }, 'reply recorded for the chair');
  return { status: item.status as 'queued' | 'uncertain' | 'failed', outboxId: item.id, error };
}

/** A roster member's personal chat with the bot (recorded when they first wrote there). */
function isPersonalChatOfMember(db: Readonly<Db>, conversationId: string): boolean {
  return !!conversationId && db.groups.some((g) => g.roster.some((m) => m.personalChat?.conversationId === conversationId));
}

/** A short stand-in for a reply that is not kept whole: its text, or that it was a card. */
function summaryOf(activity: Record<string, unknown>): string {
  if (typeof activity.text === 'string' && activity.text) return activity.text.slice(0, 300);
  const card = (activity.attachments as { content?: { body?: { text?: unknown }[] } }[] | undefined)?.[0]?.content;
  const title = card?.body?.find((b) => typeof b?.text === 'string')?.text;
  return `(kort${typeof title === 'string' ? `: ${title.slice(0, 120)}` : ''})`;
}
