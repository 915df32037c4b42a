import { ISOLATION_HEADERS } from '@ellipse/browser-test/isolation-headers';
import { defineConfig } from 'astro/config';

// A static site. `server.headers` applies to `astro dev` and `astro preview`: COOP/COEP in both make
// the page cross-origin isolated, so onnxruntime-web can run multi-threaded WASM (static hosts: see
// the README, "Serving the site").
export default defineConfig({
  output: 'static',
  site: 'http://127.0.0.1:4321',
  server: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
  devToolbar: { enabled: false },
  vite: {
    // Pre-bundling would move onnxruntime-web away from its .wasm files in dev.
    optimizeDeps: { exclude: ['onnxruntime-web'] },
    build: { target: 'es2023', chunkSizeWarningLimit: 1024 },
    // The training worker is an ES module worker, so each tfjs backend it may choose is its own chunk,
    // fetched only when chosen (as one IIFE file it was 2.2 MB with all four inside).
    worker: { format: 'es' },
  },
});
