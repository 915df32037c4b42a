import { defineConfig } from 'vitest/config';

/**
 * CI's end-to-end check of `reproduce --budget small` (`pnpm --filter trainer test:reproduce`, run by
 * tooling/ci/test-all.sh after the suites): one CLI run of about 10 minutes on 2 cores, then checks
 * of its table. It spawns the CLI, so it needs no tfjs backend set up in the test process.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.ci.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 40 * 60_000,
  },
});
