/**
 * The bot's durable writes by duration, per measured round: the store counts every write into
 * buckets (QueueStats.writeMs, cumulative), and the difference of two readings is that round's.
 * It tells a latency tail caused by the disk (slow commits) from one caused by the process.
 */
import { WRITE_MS_BOUNDS } from '../../src/storage/write-stats.js';

export interface CommitWindow {
  writes: number;
  /** Writes per bucket: ≤1, ≤2, ≤5, ≤10, ≤20, ≤50, ≤100, >100 ms. */
  buckets: number[];
}

export const readBuckets = (stats: Record<string, unknown>): number[] | null => {
  const s = stats.store as { writeMs?: number[] } | undefined;
  return Array.isArray(s?.writeMs) ? [...s.writeMs] : null;
};

export function commitWindow(before: number[] | null, after: number[] | null): CommitWindow | null {
  if (!before || !after || before.length !== after.length) return null;
  const buckets = after.map((n, i) => n - before[i]);
  return { writes: buckets.reduce((a, b) => a + b, 0), buckets };
}

export function sumWindows(ws: (CommitWindow | null)[]): CommitWindow | null {
  const got = ws.filter((w): w is CommitWindow => w !== null);
  if (!got.length) return null;
  const buckets = got[0].buckets.map((_, i) => got.reduce((a, w) => a + w.buckets[i], 0));
  return { writes: buckets.reduce((a, b) => a + b, 0), buckets };
}

const labels = [...WRITE_MS_BOUNDS.map((b) => `≤${b}`), `>${WRITE_MS_BOUNDS[WRITE_MS_BOUNDS.length - 1]}`];

/** "1,204 commits: ≤1 ms 61 %, ≤2 ms 30 %, … >100 ms 2" — slow buckets as counts, fast as shares. */
export function describeCommits(w: CommitWindow | null): string {
  if (!w || !w.writes) return 'commits: none';
  const parts = w.buckets.map((n, i) => {
    if (!n) return null;
    const share = (100 * n) / w.writes;
    return `${labels[i]} ms ${share >= 1 ? `${Math.round(share)} %` : n}`;
  });
  return `${w.writes} commits: ${parts.filter(Boolean).join(', ')}`;
}
