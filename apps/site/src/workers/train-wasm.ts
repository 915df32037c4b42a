/**
 * tfjs's WASM backend, its .wasm files served by the site (Vite emits them under _astro/ and these
 * imports are their URLs): nothing is fetched from another origin. One thread: the network is
 * 2-64-64-2, too small for threads to pay for their synchronisation.
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import plainUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simdUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import * as tf from '@tensorflow/tfjs-core';

export function configureWasm(): void {
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths({
    'tfjs-backend-wasm.wasm': plainUrl,
    'tfjs-backend-wasm-simd.wasm': simdUrl,
    // setWasmPaths wants all three; with threads off the threaded build is never fetched.
    'tfjs-backend-wasm-threaded-simd.wasm': threadedUrl,
  });
}
