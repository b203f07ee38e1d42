import { defineConfig } from 'vitest/config';

export default defineConfig({
  // --expose-gc: the hostile-file test collects garbage before it measures what a refusal costs.
  test: {
    setupFiles: ['../../vitest.setup.ts'],
    testTimeout: 120_000,
    pool: 'forks',
    poolOptions: { forks: { execArgv: ['--expose-gc'] } },
  },
});
