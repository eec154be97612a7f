import { defineConfig } from 'vitest/config';

/**
 * `npm run test:e2e`: a whole meeting in the Microsoft 365 Agents Playground, driven in headless
 * Debian Chromium (playwright-core). One file at a time, steps in order, in a forked process; the
 * bot, the playground and the browser start once per file (slow on a loaded machine: long hook
 * and step timeouts). Screenshots of every step land in test-results/e2e/ (git-ignored).
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    fileParallelism: false,
    sequence: { concurrent: false, shuffle: false },
    // A retry would replay a half-done meeting on the same store: fail loudly instead.
    retry: 0,
  },
});
