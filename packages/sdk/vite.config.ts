import { ISOLATION_HEADERS } from '@ellipse/browser-test/isolation-headers';
import { defineConfig } from 'vite';

// The example app (example/): `npx vite` serves it, `npx vite build` writes example/dist.
// base './' keeps every asset URL relative, so the build can be served from any folder.
export default defineConfig({
  root: 'example',
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2023', chunkSizeWarningLimit: 1024 },
  // Pre-bundling would move onnxruntime-web away from its .wasm files in dev.
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  server: { headers: ISOLATION_HEADERS, host: '127.0.0.1' },
  preview: { headers: ISOLATION_HEADERS, host: '127.0.0.1' },
});
