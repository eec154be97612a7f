import { describe, expect, it } from 'vitest';
import { countWrite, newQueueStats, WRITE_MS_BOUNDS } from '../../../src/storage/write-stats.js';
import { commitWindow, describeCommits } from '../../../bench/lib/commits.js';

describe('durable writes by duration', () => {
  it('counts each write into the first bucket whose bound it does not exceed, and keeps the slowest', () => {
    const stats = newQueueStats();
    for (const ms of [0.2, 1, 1.01, 2, 4.9, 10, 19, 50, 99.9, 100, 100.1, 250]) countWrite(stats, ms);
    expect(WRITE_MS_BOUNDS).toEqual([1, 2, 5, 10, 20, 50, 100]);
    expect(stats.writeMs).toEqual([2, 2, 1, 1, 1, 1, 2, 2]);
    expect(stats.slowestWriteMs).toBe(250);
  });

  it('a window is the difference of two readings; shares for common buckets, counts for rare ones', () => {
    const stats = newQueueStats();
    for (let i = 0; i < 98; i++) countWrite(stats, 0.5);
    const before = [...stats.writeMs];
    for (let i = 0; i < 198; i++) countWrite(stats, 0.5);
    countWrite(stats, 30);
    countWrite(stats, 140);
    const w = commitWindow(before, stats.writeMs);
    expect(w).toEqual({ writes: 200, buckets: [198, 0, 0, 0, 0, 1, 0, 1] });
    expect(describeCommits(w)).toBe('200 commits: ≤1 ms 99 %, ≤50 ms 1, >100 ms 1');
    expect(commitWindow(null, stats.writeMs)).toBeNull();
  });
});
