/**
 * Headers that make a page cross-origin isolated (`crossOriginIsolated === true`), which
 * onnxruntime-web needs for multi-threaded WASM; without them it runs one thread (and the SDK says so).
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
} as const;
