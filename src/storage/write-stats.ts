/** What a store's commit loop counts (CommitQueue for the file, pg-store for PostgreSQL). Pure. */
export interface QueueStats {
  /** Durable writes completed. */
  writes: number;
  /** Mutations persisted (sum over writes). */
  mutations: number;
  failedWrites: number;
  /** Largest number of mutations that shared one write. */
  largestBatch: number;
  /**
   * Durable writes by how long they took (ms), counted into WRITE_MS_BOUNDS: a latency tail at a
   * fixed rate is either the disk (slow writes here) or the process (fast writes, late answers).
   * Cumulative, so a reader diffs two readings for a window.
   */
  writeMs: number[];
  slowestWriteMs: number;
}

/** Upper bounds (ms) of the writeMs buckets; the last bucket is everything slower. */
export const WRITE_MS_BOUNDS = [1, 2, 5, 10, 20, 50, 100] as const;

export const newQueueStats = (): QueueStats => ({
  writes: 0,
  mutations: 0,
  failedWrites: 0,
  largestBatch: 0,
  writeMs: new Array(WRITE_MS_BOUNDS.length + 1).fill(0),
  slowestWriteMs: 0,
});

/** Counts one write's duration into the stats' histogram. */
export function countWrite(stats: QueueStats, ms: number): void {
  const i = WRITE_MS_BOUNDS.findIndex((b) => ms <= b);
  stats.writeMs[i < 0 ? WRITE_MS_BOUNDS.length : i] += 1;
  stats.slowestWriteMs = Math.max(stats.slowestWriteMs, Math.round(ms * 10) / 10);
}
