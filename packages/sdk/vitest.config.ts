import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // A Chromium test compiles two ~28 MB wasm builds and SwiftShader shaders: minutes on a loaded 2-core machine.
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
