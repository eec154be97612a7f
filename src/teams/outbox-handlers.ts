import type { Services } from '../app/services.js';
import { VERBS } from '../cards/verbs.js';
import type { OutboxItem } from '../domain/model.js';
import { refOfPurpose, type OutboxRef } from '../domain/outbox-ref.js';
import type { Registry } from './registry.js';

/**
 * Routes the outbox sender's outcomes to the features' handlers by the item's reference kind
 * (Feature.outbox), as card actions are routed by verb. A handler that throws is logged by the
 * sender and does not undo the item's state.
 */
export function wireOutboxHandlers(registry: Registry, services: Services): void {
  services.delivery.onSent(async (item, activityId) => {
    const ref = refOfItem(item);
    await registry.outbox.get(ref.kind)?.sent?.(services, item, ref, activityId);
  });
  services.delivery.onUndelivered(async (item) => {
    const ref = refOfItem(item);
    await registry.outbox.get(ref.kind)?.undelivered?.(services, item, ref);
  });
}

/**
 * The item's reference. Items stored before references existed are read from their purpose; a
 * ballot among them was a plain `reply`, recognised by its card's refresh action naming the round.
 */
export function refOfItem(item: OutboxItem): OutboxRef {
  if (item.ref) return item.ref;
  const ref = refOfPurpose(item.purpose);
  if (ref.kind !== 'reply') return ref;
  const attachments = (item.activity as { attachments?: { content?: { refresh?: { action?: { verb?: unknown; data?: unknown } } } }[] })
    .attachments;
  const action = attachments?.[0]?.content?.refresh?.action;
  const data = (action?.data ?? {}) as { groupId?: unknown; roundId?: unknown };
  if (action?.verb === VERBS.voteRefresh && typeof data.groupId === 'string' && typeof data.roundId === 'string')
    return { kind: 'ballot', groupId: data.groupId, roundId: data.roundId };
  return ref;
}
