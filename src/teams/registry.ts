import type { OutboxRefKind } from '../domain/outbox-ref.js';
import type { CardActionDef, CommandDef, EventDef, Feature, OutboxHandlerDef } from './types.js';

/** All registered features, filled once by the application at start-up (help lists these). */
export interface Registry {
  features: Feature[];
  commands: CommandDef[];
  cardActions: Map<string, CardActionDef>;
  events: EventDef[];
  /** After-send handlers by outbox reference kind (src/teams/outbox-handlers.ts dispatches). */
  outbox: Map<OutboxRefKind, OutboxHandlerDef>;
}

export function buildRegistry(features: Feature[]): Registry {
  const cardActions = new Map<string, CardActionDef>();
  for (const f of features)
    for (const a of f.cardActions ?? []) {
      if (cardActions.has(a.verb)) throw new Error(`verb ${a.verb} registered twice`);
      cardActions.set(a.verb, a);
    }
  const outbox = new Map<OutboxRefKind, OutboxHandlerDef>();
  for (const f of features)
    for (const h of f.outbox ?? []) {
      if (outbox.has(h.kind)) throw new Error(`outbox kind ${h.kind} handled twice`);
      outbox.set(h.kind, h);
    }
  return {
    features,
    outbox,
    commands: features.flatMap((f) => f.commands ?? []),
    cardActions,
    events: features.flatMap((f) => f.events ?? []),
  };
}
