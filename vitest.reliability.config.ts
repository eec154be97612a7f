import { defineConfig } from 'vitest/config';

/**
 * `npm run test:reliability`: hostile input, connector faults, duplicate delivery, soak smoke and
 * the compact re-runs of earlier proofs. One file at a time (they start real bots, children and
 * load), in forked processes; the figures table is printed by the reporter at the end.
 */
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    testTimeout: 240_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
    globalSetup: ['test/reliability/figures-setup.ts'],
    reporters: ['default', './test/reliability/figures-reporter.ts'],
  },
});
