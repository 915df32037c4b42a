import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['./test/setup-backend.ts'],
    testTimeout: 60_000,
  },
});
