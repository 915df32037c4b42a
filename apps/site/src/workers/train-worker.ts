/**
 * The training worker: <train-figure> starts it (new Worker(new URL(...), { type: 'module' })) and
 * talks to it in train-protocol.ts's messages. TensorFlow.js, its backends and @ellipse/core load
 * here, off the main thread, so the page stays responsive while the VAE trains.
 */
import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend } from './train-backend.ts';
import type { TrainBackend, TrainingSet, TrainReply, TrainRequest } from './train-protocol.ts';
import { createTrainSession, type StepRecord, type TrainSession, trainingPoints } from './train-session.ts';

const scope = self as unknown as {
  postMessage(message: TrainReply): void;
  onmessage: ((event: MessageEvent<TrainRequest>) => void) | null;
};

/** Registers `backend` (its module loads only now) and makes it current: null, or why it cannot run. */
async function startBackend(
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

let session: TrainSession | null = null;
let points: Float32Array = new Float32Array(0);
let data: { dataset: TrainingSet['dataset']; seed: number } = { dataset: 'moons', seed: 0 };

async function trained(records: readonly StepRecord[], ms: number): Promise<TrainReply> {
  const snapshot = await (session as TrainSession).snapshot();
  return { type: 'trained', records, snapshot, points, ms };
}

async function handle(request: TrainRequest): Promise<TrainReply> {
  switch (request.type) {
    case 'init': {
      const { backend, why } = await chooseBackend(request.backend, startBackend);
      return { type: 'ready', backend, why };
    }
    case 'reset': {
      session?.dispose();
      session = null;
      const { dataset, drawn, seed, learningRate, beta } = request;
      data = { dataset, seed };
      points = trainingPoints(dataset, seed, drawn);
      session = createTrainSession({ points, seed, learningRate, beta });
      return trained([], 0);
    }
    default: {
      if (session === null) throw new Error(`'${request.type}' before 'reset': the worker has no model yet`);
      if (request.type === 'step') {
        const start = performance.now();
        const records = await session.step(request.count);
        return trained(records, performance.now() - start);
      }
      if (request.type === 'configure') {
        session.configure(request);
      } else {
        const next = trainingPoints(data.dataset, data.seed, request.drawn);
        session.setPoints(next);
        points = next;
      }
      return trained([], 0);
    }
  }
}

// One request at a time, in order: the page never has two in flight, and this keeps it so.
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (event) => {
  queue = queue.then(async () => {
    try {
      scope.postMessage(await handle(event.data));
    } catch (error) {
      scope.postMessage({ type: 'error', message: (error as Error).message });
    }
  });
};
