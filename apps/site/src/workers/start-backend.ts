/**
 * Starts one of tfjs's backends inside a training worker (its module loads only now) and makes it the
 * current one: the BackendStarter that chooseBackend (train-backend.ts) calls, shared by every worker.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { TrainBackend } from './train-protocol.ts';

/** Registers `backend` (its module loads only now) and makes it current: null, or why it cannot run. */
export async function startBackend(
  backend: TrainBackend,
  { acceptSoftware }: { acceptSoftware: boolean },
): Promise<string | null> {
  try {
    if (backend === 'webgpu') {
      const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> } })
        .gpu;
      if (gpu === undefined) return 'this browser has no WebGPU (navigator.gpu) in workers';
      const adapter = await gpu.requestAdapter();
      if (adapter === null) return 'the browser granted no WebGPU adapter';
      if (!acceptSoftware && (adapter.info?.isFallbackAdapter || adapter.isFallbackAdapter)) {
        return 'its only WebGPU adapter is a software fallback, slower here than WASM';
      }
      await import('@tensorflow/tfjs-backend-webgpu');
    } else if (backend === 'webgl') {
      if (typeof OffscreenCanvas === 'undefined') return 'no OffscreenCanvas in this worker';
      const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
      if (gl === null) return 'no WebGL 2 context in this worker';
      const debug = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer = debug === null ? '' : String(gl.getParameter(debug.UNMASKED_RENDERER_WEBGL));
      if (!acceptSoftware && /swiftshader|llvmpipe|software/i.test(renderer)) {
        return `its WebGL renderer is software (${renderer}), slower here than WASM`;
      }
      await import('@tensorflow/tfjs-backend-webgl');
    } else if (backend === 'wasm') {
      const wasm = await import('./train-wasm.ts');
      wasm.configureWasm();
    } else {
      await import('@tensorflow/tfjs-backend-cpu');
    }
    return (await tf.setBackend(backend))
      ? null
      : `TensorFlow.js could not initialise its ${backend} backend`;
  } catch (error) {
    return (error as Error).message;
  }
}

/** What this worker reads of a WebGPU adapter (the flag moved into adapter.info in newer browsers). */
interface GpuAdapterLike {
  readonly isFallbackAdapter?: boolean;
  readonly info?: { readonly isFallbackAdapter?: boolean };
}
