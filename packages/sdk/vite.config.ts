import { defineConfig } from 'vite';

/** Headers that make the page cross-origin isolated, so onnxruntime-web can use wasm threads. */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

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
