import type { CardActionDef, CommandDef, EventDef, Feature } from './types.js';

/** All registered features, filled once by the application at start-up (help lists these). */
export interface Registry {
  features: Feature[];
  commands: CommandDef[];
  cardActions: Map<string, CardActionDef>;
  events: EventDef[];
}

export function buildRegistry(features: Feature[]): Registry {
  const cardActions = new Map<string, CardActionDef>();
  for (const f of features)
    for (const a of f.cardActions ?? []) {
      if (cardActions.has(a.verb)) throw new Error(`verb ${a.verb} registered twice`);
      cardActions.set(a.verb, a);
    }
  return {
    features,
    commands: features.flatMap((f) => f.commands ?? []),
    cardActions,
    events: features.flatMap((f) => f.events ?? []),
  };
}
