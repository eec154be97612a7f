/**
 * Soak smoke (issue #12, 4): 30 s of mixed traffic at 100 requests/s against the real bot on a
 * fast-forwarded clock (one simulated day per second: reminders, vote deadlines and nudges fire),
 * RSS and event-loop delay sampled. The 10-minute soak is `npm run soak` (test/reliability/soak.ts).
 */
import { describe, expect, it } from 'vitest';
import { describeSoak, soak } from './soak-lib.js';
import { figure } from './figures.js';

const SECONDS = Number(process.env.SOAK_SMOKE_SECONDS ?? 30);
/** Smoke bounds for 20 s after warm-up (RSS is noisy; the 10-minute soak holds the 10 % lines). */
const MAX_RSS_GROWTH_PCT = 30;
const MAX_OWN_HEAP_GROWTH_PCT = 15;

describe('soak smoke', () => {
  it(
    `${SECONDS} s of mixed traffic at 100 requests/s: no errors, no 5xx, bounded RSS growth`,
    async () => {
      const r = await soak({ seconds: SECONDS, rate: 100, warmupSeconds: Math.min(10, SECONDS / 3), log: (l) => console.log(l) });
      const ok =
        r.errors === 0 &&
        r.botErrors.length === 0 &&
        r.rssGrowthPct < MAX_RSS_GROWTH_PCT &&
        r.ownHeapGrowthPct < MAX_OWN_HEAP_GROWTH_PCT &&
        r.rate >= 90 &&
        r.fired.reminders > 0;
      figure(4, `Soak smoke (${SECONDS} s, CI)`, describeSoak(r), ok);
      if (r.botErrors.length) console.log(`bot errors:\n${[...new Set(r.botErrors)].slice(0, 10).join('\n')}`);
      expect(r.errors).toBe(0);
      expect([...new Set(r.botErrors)].slice(0, 5)).toEqual([]);
      expect(r.rate).toBeGreaterThanOrEqual(90);
      expect(r.rssGrowthPct).toBeLessThan(MAX_RSS_GROWTH_PCT);
      expect(r.ownHeapGrowthPct).toBeLessThan(MAX_OWN_HEAP_GROWTH_PCT);
      expect(r.fired.reminders).toBeGreaterThan(0);
    },
    (SECONDS + 90) * 1000,
  );
});
