import { defineConfig } from 'astro/config';
import { ISOLATION_HEADERS } from '@ellipse/browser-test/isolation-headers';

// A static site. COOP/COEP in dev and preview make the page cross-origin isolated, so onnxruntime-web
// can run multi-threaded WASM (see README: "Serving the site" for static hosts).
export default defineConfig({
  output: 'static',
  site: 'http://127.0.0.1:4321',
  server: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
  devToolbar: { enabled: false },
  vite: {
    // Pre-bundling would move onnxruntime-web away from its .wasm files in dev.
    optimizeDeps: { exclude: ['onnxruntime-web'] },
    build: { target: 'es2023', chunkSizeWarningLimit: 1024 },
    preview: { headers: ISOLATION_HEADERS },
  },
});
