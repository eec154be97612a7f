/**
 * When the file store checkpoints its journal (store-adapter.ts): after a write once the oldest
 * line of the active journal file is `everyMs` old or the journal has `maxBytes` (beside the
 * next commits, so no click waits for it), and `everyMs` after the first unmoved line when no
 * further write comes (so the document on disk, which operators copy and read with `jq`, is never
 * more than a few seconds behind). A failed checkpoint is logged and retried later: the state
 * stays durable in the journal meanwhile.
 */
import type { StoreAdapter } from './store-adapter.js';

export interface CheckpointPolicy {
  everyMs: number;
  maxBytes: number;
}

export const DEFAULT_CHECKPOINT: CheckpointPolicy = { everyMs: 2000, maxBytes: 16 * 1024 * 1024 };

export interface Checkpointer {
  /** The CommitQueue's afterWrite hook. */
  afterWrite(): Promise<void>;
  /** Checkpoint now if anything is journaled (open, close); rejects when it fails. */
  now(): Promise<void>;
  stop(): void;
}

export function createCheckpointer(
  adapter: StoreAdapter,
  policy: CheckpointPolicy,
  runBetweenWrites: (chore: () => Promise<void>) => Promise<void>,
  onError: (err: unknown) => void,
): Checkpointer {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let inFlight: Promise<void> | null = null;
  // Nothing but a torn or untrusted journal (no lines) is due at once: it blocks the next commit.
  const due = () =>
    adapter.journaled &&
    (adapter.journal.records === 0 || adapter.journal.size >= policy.maxBytes || adapter.journal.age() >= policy.everyMs);
  const alone = () => adapter.checkpoint().catch(onError);

  function schedule(): void {
    if (timer || stopped || !adapter.journaled) return;
    // Already due means the last attempt failed: retry a full interval later, not at once.
    const wait = due() ? policy.everyMs : Math.max(1, policy.everyMs - adapter.journal.age());
    timer = setTimeout(() => {
      timer = null;
      void runBetweenWrites(async () => {
        if (due()) await alone();
        schedule();
      });
    }, wait);
    timer.unref(); // an idle checkpoint must not keep a finished process alive
  }

  return {
    async afterWrite() {
      if (!inFlight && due()) {
        const started = adapter.beginCheckpoint();
        if (started) {
          inFlight = started.catch(onError).finally(() => (inFlight = null));
        } else {
          await alone(); // a failed background checkpoint left both journal files in use
        }
      }
      schedule();
    },
    now: () => adapter.checkpoint(),
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
