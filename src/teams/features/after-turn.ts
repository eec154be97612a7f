/**
 * Shared-card updates after a card click's turn: the click is answered with the clicker's own
 * card first, and the card everyone sees is updated a moment later — a burst of clicks becomes one
 * update through the rate-limited, coalescing card updater (src/delivery). Also a delayed outbox
 * drain. Split from risks.ts.
 */
import type { Services } from '../../app/services.js';
import type { CardJson } from '../../cards/render.js';
import type { ConversationRef } from '../../domain/model.js';

/** Shared-card updates wait this long after a click: the invoke answer leaves first, and a burst of clicks becomes one PUT. */
export const SETTLE_MS = 300;

export interface AfterTurn {
  /** Update a shared card soon (after the settle window), built from the store at send time. */
  card(services: Services, conversation: ConversationRef, activityId: string, build: () => CardJson | null): void;
  /** Drain the outbox soon (after the settle window). */
  kick(services: Services): void;
}

export function createAfterTurn(): AfterTurn {
  const pending = new Map<string, { build: () => CardJson | null }>();
  let kickTimer: NodeJS.Timeout | null = null;
  return {
    card(services, conversation, activityId, build) {
      const key = `${conversation.serviceUrl}|${conversation.conversationId}|${activityId}`;
      const entry = pending.get(key);
      if (entry) {
        entry.build = build;
        return;
      }
      const e = { build };
      pending.set(key, e);
      setTimeout(() => {
        pending.delete(key);
        services.delivery.updateCard(conversation, activityId, () => e.build());
      }, SETTLE_MS).unref();
    },
    kick(services) {
      if (kickTimer) return;
      kickTimer = setTimeout(() => {
        kickTimer = null;
        services.delivery.kick();
      }, SETTLE_MS);
      kickTimer.unref();
    },
  };
}
