import { defineConfig } from 'vitest/config';

// Every core test runs twice: on tfjs's pure-JS `cpu` backend and on its `wasm` backend.
const backends = ['cpu', 'wasm'] as const;

export default defineConfig({
  test: {
    projects: backends.map((backend) => ({
      extends: true,
      test: {
        name: backend,
        env: { ELLIPSE_TEST_BACKEND: backend },
        setupFiles: ['./test/setup-backend.ts'],
        testTimeout: 60_000,
      },
    })),
  },
});
