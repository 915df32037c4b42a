import { defineConfig } from 'vitest/config';

// Two projects: `unit` (src/** and scripts/**: pure functions and D3 renders in jsdom) and `browser` (test/**: the BUILT
// site in Debian's headless Chromium; `pnpm build` first). Run one with `vitest run --project unit`.
export default defineConfig({
  test: {
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'], environment: 'jsdom' },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/harness/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
