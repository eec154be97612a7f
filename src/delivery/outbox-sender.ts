import { systemClock, type Clock, type Store } from '../app/ports.js';
import type { OutboxItem } from '../domain/model.js';
import { ConnectorError, type ConnectorHttp } from './connector-http.js';
import { dismissItem, markInterruptedUncertain, outboxCounts, requeueUncertain, type OutboxCounts } from './outbox.js';
import type { RateLimiter } from './rate-limiter.js';
import { backoffMs, nullLog, type DeliveryLog } from './timing.js';

/**
 * Sends queued outbox items. The rule that shapes everything here: a message may reach Teams
 * at most once. So an item is claimed durably (`sending`) before the POST, and any outcome
 * where Teams may have it (502, 504, timeout, a crash mid-send) ends as `uncertain`, which only
 * the chair can turn back into `queued`. Only answers that prove Teams did not take the message
 * (429, 412, 503, connection refused) are retried automatically.
 */

export interface OutboxSenderOptions {
  store: Store;
  http: Pick<ConnectorHttp, 'send'>;
  limiter: RateLimiter;
  clock?: Clock;
  log?: DeliveryLog;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Conversations drained in parallel (each one is strictly sequential). */
  concurrency?: number;
  /**
   * A chat whose rate-limit wait is longer than this is left for a later drain, so one chat
   * at its 60/30 s or hourly limit (or under a long Retry-After) does not hold a worker.
   */
  maxLimiterWaitMs?: number;
  random?: () => number;
  /** After an item is durably `sent`: callers record Teams' activity id (escalations, reminders). */
  onSent?: (item: OutboxItem, activityId: string) => void | Promise<void>;
  /** After an item became `failed` or `uncertain` (also at startup recovery). */
  onUndelivered?: (item: OutboxItem) => void | Promise<void>;
}

export interface OutboxSender {
  /** Sends every due queued item, in order per conversation; resolves when done. */
  drain(): Promise<void>;
  /** Marks items left `sending` by a dead process as `uncertain`; runs once before the first drain. */
  recover(): Promise<number>;
  /** Polls every `intervalMs` (sooner when a retry falls due). */
  start(intervalMs?: number): void;
  /** Drain soon (after an enqueue), without waiting for the next poll. */
  kick(): void;
  /** Stops polling and waits for sends in flight. */
  stop(): Promise<void>;
  retryUncertain(id: string, actor: string): Promise<OutboxItem>;
  dismiss(id: string, actor: string): Promise<OutboxItem>;
  counts(): OutboxCounts;
}

type Next = 'next' | 'block';

/** Who claimed an item, when several instances share the store (kept in the item; the schema passes unknown fields through). */
type Claim = { claimedBy?: string | null; claimedAt?: string | null };

export function createOutboxSender(opts: OutboxSenderOptions): OutboxSender {
  const { store, http, limiter } = opts;
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? nullLog;
  const maxAttempts = opts.maxAttempts ?? 8;
  const baseDelayMs = opts.baseDelayMs ?? 500;
  const maxDelayMs = opts.maxDelayMs ?? 5 * 60_000;
  const concurrency = Math.max(1, opts.concurrency ?? 4);
  const maxLimiterWaitMs = opts.maxLimiterWaitMs ?? 5000;
  const random = opts.random ?? Math.random;
  const abort = new AbortController();
  let recovered: Promise<number> | null = null;
  let draining: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let pollTimer: NodeJS.Timeout | null = null;
  let kickTimer: NodeJS.Timeout | null = null;
  /** Items this process claimed and has not recorded yet (never another instance's to expire). */
  const inFlight = new Set<string>();
  const shared = store.shared;
  /** Several instances: a `sending` item is interrupted once its claimer's lease ran out. */
  const expired = (o: OutboxItem, nowMs: number) => {
    const at = Date.parse((o as Claim).claimedAt ?? '');
    return !inFlight.has(o.id) && !(nowMs - at < shared!.claimLeaseMs);
  };

  const nowMs = () => clock.now().getTime();

  /** Hooks are the caller's code: their failure must not undo or block delivery bookkeeping. */
  async function hook(name: string, fn: (() => void | Promise<void>) | undefined) {
    try {
      await fn?.();
    } catch (err) {
      log.error({ err, hook: name }, 'outbox: hook failed');
    }
  }

  async function drainOnce() {
    const byConv = new Map<string, OutboxItem[]>();
    for (const o of store.read().outbox) {
      if (o.status !== 'queued') continue;
      const key = `${o.conversation.serviceUrl}|${o.conversation.conversationId}`;
      const list = byConv.get(key);
      if (list) list.push(o);
      else byConv.set(key, [o]);
    }
    const work = [...byConv.values()];
    const worker = async () => {
      for (let items = work.shift(); items && !stopped; items = work.shift()) await drainConversation(items);
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, work.length) }, worker));
  }

  async function drainConversation(items: OutboxItem[]) {
    for (const o of items) {
      // An earlier item waiting for its retry holds back later ones: messages keep their order.
      if (stopped || Date.parse(o.nextAttemptAt) > nowMs()) return;
      if ((await sendOne(o.id, o.conversation.conversationId)) === 'block') return;
    }
  }

  async function sendOne(id: string, conversationId: string): Promise<Next> {
    if (limiter.waitMs(conversationId) > maxLimiterWaitMs) return 'block';
    try {
      // Before the claim: a long wait here must not leave the item `sending`.
      await limiter.acquire(conversationId, abort.signal);
    } catch {
      return 'block';
    }
    let claimed: OutboxItem | null;
    try {
      claimed = await store.update((db, tx) => {
        const it = db.outbox.find((x) => x.id === id);
        if (!it || it.status !== 'queued' || Date.parse(it.nextAttemptAt) > tx.now.getTime()) return null;
        it.status = 'sending';
        it.attempts += 1;
        if (shared) Object.assign(it, { claimedBy: shared.instanceId, claimedAt: tx.now.toISOString() } satisfies Claim);
        return structuredClone(it);
      });
      if (claimed) inFlight.add(claimed.id);
    } catch (err) {
      log.error({ err, outboxId: id }, 'outbox: could not claim item; not sending it');
      return 'block';
    }
    if (!claimed) return 'next';
    let activityId: string;
    try {
      ({ id: activityId } = await http.send(claimed.conversation, claimed.activity));
    } catch (err) {
      return recordFailure(claimed, err);
    }
    return recordSent(claimed, activityId);
  }

  async function recordSent(claimed: OutboxItem, activityId: string): Promise<Next> {
    let item: OutboxItem | null = null;
    try {
      item = await store.update((db, tx) => {
        const it = db.outbox.find((x) => x.id === claimed.id);
        // `uncertain` too: a sender restarted meanwhile may have given up on it, but now we know.
        if (!it || (it.status !== 'sending' && it.status !== 'uncertain')) return null;
        it.status = 'sent';
        it.sentAt = tx.now.toISOString();
        it.activityId = activityId || null;
        it.lastError = null;
        return structuredClone(it);
      });
    } catch (err) {
      // It stays `sending` and becomes `uncertain` at the next start: never sent twice.
      log.error({ err, outboxId: claimed.id, activityId }, 'outbox: sent, but recording it failed');
      return 'block';
    } finally {
      inFlight.delete(claimed.id);
    }
    if (item) {
      log.info({ outboxId: item.id, purpose: item.purpose, activityId, attempts: item.attempts }, 'outbox: sent');
      const sent = item;
      await hook('onSent', opts.onSent && (() => opts.onSent!(sent, activityId)));
    }
    return 'next';
  }

  async function recordFailure(claimed: OutboxItem, err: unknown): Promise<Next> {
    const ce = err instanceof ConnectorError ? err : null;
    // Anything unexplained (a bug, an odd fetch failure) might have reached Teams.
    const kind = ce?.kind ?? 'uncertain';
    const message = (ce ? ce.message : String(err)).slice(0, 500);
    const conversationId = claimed.conversation.conversationId;
    const giveUp = kind === 'fatal' || claimed.attempts >= maxAttempts;
    let delayMs = 0;
    if (kind === 'retryable') {
      if (ce?.retryAfterMs != null) limiter.pause(conversationId, ce.retryAfterMs);
      delayMs = ce?.retryAfterMs ?? backoffMs(claimed.attempts, baseDelayMs, maxDelayMs, random);
    }
    let item: OutboxItem | null = null;
    try {
      item = await store.update((db, tx) => {
        const it = db.outbox.find((x) => x.id === claimed.id);
        // Only the claim we made: a restart or the chair may have moved it on meanwhile.
        if (!it || it.status !== 'sending' || it.attempts !== claimed.attempts) return null;
        it.lastError = message;
        if (kind === 'uncertain') it.status = 'uncertain';
        else if (kind === 'fatal' || giveUp) it.status = 'failed';
        else {
          it.status = 'queued';
          it.nextAttemptAt = new Date(tx.now.getTime() + delayMs).toISOString();
        }
        return structuredClone(it);
      });
    } catch (e) {
      log.error({ err: e, outboxId: claimed.id }, 'outbox: recording a failed send failed');
      return 'block';
    } finally {
      inFlight.delete(claimed.id);
    }
    const where = {
      outboxId: claimed.id,
      purpose: claimed.purpose,
      conversationId,
      attempts: claimed.attempts,
      status: ce?.status ?? null,
      kind,
      error: message,
    };
    if (item && item.status !== 'queued') {
      log.warn({ ...where, outcome: item.status }, 'outbox: not delivered');
      const undelivered = item;
      await hook('onUndelivered', opts.onUndelivered && (() => opts.onUndelivered!(undelivered)));
    } else if (item) log.info({ ...where, retryInMs: delayMs }, 'outbox: will retry');
    // Throttled or unreachable, or the connection itself is in trouble: later items wait too.
    if (kind === 'retryable' || (kind === 'uncertain' && (ce?.status ?? 0) === 0)) return 'block';
    return 'next';
  }

  const sender: OutboxSender = {
    recover() {
      if (shared) {
        // Other instances may be sending right now: only expired claims are interrupted, and
        // they can expire at any time, so this runs before every drain (writing only when needed).
        if (!store.read().outbox.some((o) => o.status === 'sending' && expired(o, nowMs()))) return Promise.resolve(0);
        recovered = null;
      }
      recovered ??= store
        .update((db, tx) =>
          (shared
            ? markInterruptedUncertain(db, tx, (o) => expired(o, tx.now.getTime()), 'claim expired')
            : markInterruptedUncertain(db, tx)
          ).map((o) => structuredClone(o)),
        )
        .then(async (items) => {
          for (const o of items) {
            log.warn({ outboxId: o.id, purpose: o.purpose }, 'outbox: interrupted while sending; now uncertain');
            await hook('onUndelivered', opts.onUndelivered && (() => opts.onUndelivered!(o)));
          }
          return items.length;
        })
        .catch((err) => {
          // Let the next drain try again rather than failing forever.
          recovered = null;
          throw err;
        });
      return recovered;
    },
    drain() {
      if (stopped) return Promise.resolve();
      if (draining) {
        again = true;
        return draining;
      }
      draining = (async () => {
        try {
          await sender.recover();
          do {
            again = false;
            await drainOnce();
          } while (again && !stopped);
        } finally {
          draining = null;
        }
      })();
      return draining;
    },
    start(intervalMs = 5000) {
      if (stopped || pollTimer) return;
      const tick = async () => {
        await sender.drain().catch((err) => log.error({ err }, 'outbox: drain failed'));
        if (stopped) return;
        // Wake for the earliest retry if it is sooner than the next poll. Only each chat's
        // first queued item counts (later ones wait behind it), and a due-but-held item (rate
        // limit, store trouble) gets the floor, never a tight loop.
        let next = intervalMs;
        const heads = new Set<string>();
        for (const o of store.read().outbox) {
          if (o.status !== 'queued' || heads.has(o.conversation.conversationId)) continue;
          heads.add(o.conversation.conversationId);
          next = Math.min(next, Date.parse(o.nextAttemptAt) - nowMs());
        }
        pollTimer = setTimeout(tick, next > 0 ? Math.max(10, next) : Math.min(intervalMs, 1000));
        pollTimer.unref();
      };
      pollTimer = setTimeout(tick, 0);
      pollTimer.unref();
    },
    kick() {
      if (stopped || kickTimer) return;
      kickTimer = setTimeout(() => {
        kickTimer = null;
        sender.drain().catch((err) => log.error({ err }, 'outbox: drain failed'));
      }, 5);
    },
    async stop() {
      stopped = true;
      if (pollTimer) clearTimeout(pollTimer);
      if (kickTimer) clearTimeout(kickTimer);
      pollTimer = kickTimer = null;
      abort.abort();
      await draining?.catch(() => {});
    },
    async retryUncertain(id, actor) {
      const item = await store.update((db, tx) => structuredClone(requeueUncertain(db, tx, id, actor)));
      sender.kick();
      return item;
    },
    dismiss: (id, actor) => store.update((db, tx) => structuredClone(dismissItem(db, tx, id, actor))),
    counts: () => outboxCounts(store.read()),
  };
  return sender;
}
