/**
 * The retention sweep: at most once per `everyMs` (a day), prunes what src/app/retention.ts
 * allows. It looks at the in-memory state first, so a day with nothing to prune costs no write.
 */
import type { Store } from '../app/ports.js';
import { pruneExpired } from '../app/retention.js';
import { anyExpired, countsOf, expiredRecords } from '../domain/retention.js';
import type { Logger } from '../log.js';
import type { Sweep } from './job-runner.js';

export const RETENTION_EVERY_MS = 24 * 60 * 60 * 1000;
const CARD_SLOT_IDLE_MS = 60 * 60 * 1000;

export function createRetentionSweep(opts: { store: Store; days: number; log?: Logger; everyMs?: number }): Sweep {
  const every = opts.everyMs ?? RETENTION_EVERY_MS;
  let last = -Infinity;
  return {
    name: 'retention',
    async run(now: Date): Promise<Record<string, number>> {
      if (now.getTime() - last < every) return {};
      last = now.getTime();
      // Several instances: the per-card update slots in the database (a slot idle this long is free anyway).
      const cardSlots = (await opts.store.shared?.pruneCardSlots(CARD_SLOT_IDLE_MS)) ?? 0;
      if (cardSlots) opts.log?.info({ cardSlots }, 'retention: forgot idle shared-card slots');
      if (!anyExpired(countsOf(expiredRecords(opts.store.read(), now, opts.days)))) return { outbox: 0, jobs: 0, reminders: 0 };
      const counts = await opts.store.update((db, tx) => pruneExpired(db, tx, opts.days));
      opts.log?.info({ ...counts, days: opts.days }, 'retention: pruned finished records');
      return { ...counts };
    },
  };
}
