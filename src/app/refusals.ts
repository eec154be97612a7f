import type { Db } from '../domain/model.js';
import type { SecurityLog, Store, Tx } from './ports.js';

type Update = (fn: (db: Db, tx: Tx) => unknown, ...scope: unknown[]) => Promise<unknown>;

/**
 * The store as handlers and jobs use it: each mutation's `tx.refuse(...)` is written to the
 * security log at once (so a refusal is kept although its mutation throws), with the mutation's
 * instant. Applied once in the composition root, so no use-case or caller has to pass the log.
 */
export function withSecurityLog(store: Store, security: SecurityLog): Store {
  const update = store.update.bind(store) as Update;
  const logged: Store = Object.create(store);
  logged.update = ((fn: (db: Db, tx: Tx) => unknown, ...scope: unknown[]) =>
    update(
      (db, tx) =>
        fn(db, {
          ...tx,
          refuse: (code, detail, who) =>
            security.record({ at: tx.now.toISOString(), actor: who.actor, conversationId: who.conversationId ?? null, code, detail }),
        }),
      ...scope,
    )) as Store['update'];
  return logged;
}
