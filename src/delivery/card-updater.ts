import type { ConversationRef } from '../domain/model.js';
import { ConnectorError, type ConnectorHttp } from './connector-http.js';
import type { RateLimiter } from './rate-limiter.js';
import { backoffMs, nullLog, realTimers, type DeliveryLog, type Timers } from './timing.js';

/**
 * Coalescing updater for shared cards (vote tallies, agenda overviews). Fifty clicks in a
 * second must not become fifty PUTs: per card at most one PUT per `minIntervalMs`, and the
 * card is built when the PUT is made, so the one that goes out shows the latest state.
 *
 * A PUT replaces the whole card, so repeating one is harmless: uncertain failures (502, 504,
 * timeouts) are retried like 429/412/503. After `maxAttempts` the update is dropped with a log
 * line; the next change to the card sends the full state again anyway.
 */

export type BuildCard = () => Record<string, unknown>;

export interface CardUpdater {
  schedule(ref: ConversationRef, activityId: string, buildCard: BuildCard): void;
  /**
   * Shutdown/tests: sends every pending update now (skipping the interval; one attempt each) and
   * waits for PUTs in flight — for at most `deadlineMs` of rate-limiter waits: after that what is
   * still waiting for its turn is dropped (the cards are merely stale), so a stop never hangs.
   */
  flush(deadlineMs?: number): Promise<void>;
  stats(): CardUpdaterStats;
}

export interface CardUpdaterStats {
  scheduled: number;
  sent: number;
  /** Requests folded into a later PUT instead of getting their own. */
  coalesced: number;
  retried: number;
  dropped: number;
  /** Cards with an update waiting or in flight. */
  pending: number;
}

export interface CardUpdaterOptions {
  http: Pick<ConnectorHttp, 'update'>;
  limiter: RateLimiter;
  timers?: Timers;
  log?: DeliveryLog;
  minIntervalMs?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  /**
   * Several instances (a shared store): the interval holds for all of them together — an instance
   * claims the card's slot before its PUT (Store.shared.claimCardSlot) and otherwise waits.
   */
  slots?: { claimCardSlot(card: string, minIntervalMs: number): Promise<number> };
}

interface Entry {
  ref: ConversationRef;
  activityId: string;
  build: BuildCard;
  /** A change not yet sent. */
  dirty: boolean;
  lastPutAt: number;
  retryAt: number;
  attempts: number;
  runner: Promise<void> | null;
  /** Cuts a wait short (flush). */
  wake: (() => void) | null;
  /** Cancels a rate-limiter wait (flush, when the conversation is throttled for long). */
  acquiring: AbortController | null;
}

export function createCardUpdater(opts: CardUpdaterOptions): CardUpdater {
  const timers = opts.timers ?? realTimers;
  const log = opts.log ?? nullLog;
  const minIntervalMs = opts.minIntervalMs ?? 2000;
  const maxAttempts = opts.maxAttempts ?? 6;
  const baseDelayMs = opts.baseDelayMs ?? 1000;
  const maxDelayMs = opts.maxDelayMs ?? 60_000;
  const random = opts.random ?? Math.random;
  const entries = new Map<string, Entry>();
  const counters = { scheduled: 0, sent: 0, coalesced: 0, retried: 0, dropped: 0 };
  let flushing = false;
  /** The flush deadline passed: updates still waiting for the rate limiter are dropped. */
  let flushExpired = false;
  let lastSweep = timers.now();

  const keyOf = (ref: ConversationRef, activityId: string) => `${ref.serviceUrl}|${ref.conversationId}|${activityId}`;

  /** Idle entries only matter while their interval runs; forget them after that. */
  const sweep = (now: number) => {
    if (now - lastSweep < minIntervalMs) return;
    lastSweep = now;
    for (const [k, e] of entries) if (!e.runner && !e.dirty && now - e.lastPutAt >= minIntervalMs) entries.delete(k);
  };

  async function run(e: Entry): Promise<void> {
    while (e.dirty) {
      const wait = Math.max(e.lastPutAt + minIntervalMs, e.retryAt) - timers.now();
      if (wait > 0 && !flushing) {
        // Abortable, so a flush leaves no timer behind to hold the process open.
        const ac = new AbortController();
        e.wake = () => ac.abort();
        await timers.sleep(wait, ac.signal).catch(() => {});
      }
      e.wake = null;
      if (!e.dirty) break;
      if (opts.slots && !flushing) {
        let slotWait = 0;
        try {
          slotWait = await opts.slots.claimCardSlot(keyOf(e.ref, e.activityId), minIntervalMs);
        } catch (err) {
          // The database is in trouble: a card update is cosmetic, send it rather than lose it.
          log.warn({ err: String(err), activityId: e.activityId }, 'card update: could not claim the shared slot; updating anyway');
        }
        if (slotWait > 0) {
          // Another instance updated this card within the interval: its turn first.
          e.retryAt = timers.now() + slotWait;
          continue;
        }
      }
      e.dirty = false;
      const once = flushing;
      let activity: Record<string, unknown>;
      try {
        activity = e.build();
      } catch (err) {
        counters.dropped++;
        log.error(
          { err, conversationId: e.ref.conversationId, activityId: e.activityId },
          'card update: building the card failed; update dropped',
        );
        continue;
      }
      if (once && (flushExpired || throttled(e))) {
        dropThrottled(e);
        continue;
      }
      e.acquiring = new AbortController();
      try {
        await opts.limiter.acquire(e.ref.conversationId, e.acquiring.signal);
      } catch {
        dropThrottled(e);
        continue;
      } finally {
        e.acquiring = null;
      }
      try {
        await opts.http.update(e.ref, e.activityId, activity);
        counters.sent++;
        e.attempts = 0;
        e.retryAt = 0;
      } catch (err) {
        handleFailure(e, err, once);
      } finally {
        // Counted from when the PUT finished: a slow first request must not bring the
        // next one closer than the interval on Teams' side.
        e.lastPutAt = timers.now();
      }
    }
  }

  const throttled = (e: Entry) => opts.limiter.waitMs(e.ref.conversationId) > minIntervalMs;

  /** Shutdown must not wait out a long Retry-After; the card is merely stale. */
  function dropThrottled(e: Entry) {
    counters.dropped++;
    log.warn({ conversationId: e.ref.conversationId, activityId: e.activityId }, 'card update dropped at flush: conversation throttled');
  }

  function handleFailure(e: Entry, err: unknown, once: boolean) {
    const ce = err instanceof ConnectorError ? err : null;
    const where = { conversationId: e.ref.conversationId, activityId: e.activityId, status: ce?.status ?? null, code: ce?.code ?? null };
    e.attempts++;
    if (ce?.kind === 'fatal' || once || e.attempts >= maxAttempts) {
      counters.dropped++;
      e.attempts = 0;
      e.retryAt = 0;
      log.warn({ ...where, err: String(err) }, 'card update dropped; the next change to the card carries its state');
      return;
    }
    if (ce?.retryAfterMs != null) opts.limiter.pause(e.ref.conversationId, ce.retryAfterMs);
    e.retryAt = timers.now() + (ce?.retryAfterMs ?? backoffMs(e.attempts, baseDelayMs, maxDelayMs, random));
    // Rebuilt at the retry, so it also carries anything that changed meanwhile.
    if (!e.dirty) e.dirty = true;
    else counters.coalesced++;
    counters.retried++;
  }

  function start(e: Entry) {
    e.runner = run(e)
      .catch((err) => log.error({ err, activityId: e.activityId }, 'card updater: unexpected failure'))
      .finally(() => {
        e.runner = null;
        // A schedule() that raced with the end of the loop.
        if (e.dirty) start(e);
      });
  }

  return {
    schedule(ref, activityId, buildCard) {
      counters.scheduled++;
      sweep(timers.now());
      const key = keyOf(ref, activityId);
      let e = entries.get(key);
      if (!e)
        entries.set(
          key,
          (e = {
            ref,
            activityId,
            build: buildCard,
            dirty: false,
            lastPutAt: -Infinity,
            retryAt: 0,
            attempts: 0,
            runner: null,
            wake: null,
            acquiring: null,
          }),
        );
      if (e.dirty) counters.coalesced++;
      e.ref = ref;
      e.build = buildCard;
      e.dirty = true;
      if (!e.runner) start(e);
    },
    async flush(deadlineMs = 5000) {
      flushing = true;
      flushExpired = false;
      // Hundreds of distinct cards updated in a burst wait their turn at Teams' 60 per 30 s per
      // chat one by one: without a deadline a stop could take minutes (docs/reliability.md).
      const deadline = new AbortController();
      void timers
        .sleep(deadlineMs, deadline.signal)
        .then(() => {
          flushExpired = true;
          for (const e of entries.values()) e.acquiring?.abort();
        })
        .catch(() => {});
      try {
        // Loop: a PUT finishing may reveal an update scheduled while it was in flight.
        for (let busy = [...entries.values()].filter((e) => e.runner); busy.length; busy = [...entries.values()].filter((e) => e.runner)) {
          for (const e of busy) {
            e.wake?.();
            if (e.acquiring && throttled(e)) e.acquiring.abort();
          }
          await Promise.all(busy.map((e) => e.runner));
        }
      } finally {
        deadline.abort();
        flushing = false;
        flushExpired = false;
      }
    },
    stats: () => ({ ...counters, pending: [...entries.values()].filter((e) => e.dirty || e.runner).length }),
  };
}
