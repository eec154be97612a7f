import { defineConfig } from 'vitest/config';

// Unit and integration tests. The e2e and reliability suites have their own configs
// (vitest.e2e.config.ts, vitest.reliability.config.ts) and npm scripts.
export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/cards/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Names the run's throwaway PostgreSQL (started on first use, removed at the end).
    globalSetup: ['test/helpers/pg-global-setup.ts'],
  },
});
