import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['./test/setup-backend.ts'],
    testTimeout: 60_000,
    // The end-to-end `reproduce --budget small` (~10 minutes) runs on its own: vitest.reproduce.config.ts.
    exclude: [...configDefaults.exclude, '**/*.ci.test.ts'],
  },
});
