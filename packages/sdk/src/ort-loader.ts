import type * as Ort from 'onnxruntime-web';
import type { BackendName } from './backend.ts';
import { createRunQueue, type RunQueue } from './run-queue.ts';

export type OrtModule = typeof Ort;
/** A prefix (URL of the folder holding the .wasm/.mjs files) or explicit file URLs. */
export type WasmPaths = Ort.Env.WasmPrefixOrFilePaths;

export interface OrtLoadOptions {
  readonly threads: number;
  readonly wasmPaths?: WasmPaths;
}

/**
 * Imports the onnxruntime-web build for `backend` on first use: 'onnxruntime-web/webgpu' (WebGPU EP,
 * ~26 MB asyncify wasm) only when WebGPU will be tried, else 'onnxruntime-web/wasm' (~14 MB wasm).
 * Its `env` is global to that build, so the wasm location and thread count apply to every model on it.
 */
export async function loadOrt(backend: BackendName, options: OrtLoadOptions): Promise<OrtModule> {
  const ort: OrtModule =
    backend === 'webgpu' ? await import('onnxruntime-web/webgpu') : await import('onnxruntime-web/wasm');
  ort.env.wasm.numThreads = options.threads;
  if (options.wasmPaths !== undefined) ort.env.wasm.wasmPaths = options.wasmPaths;
  ort.env.logLevel = 'error';
  return ort;
}

/**
 * One queue per onnxruntime-web build, shared by every session on it: session creation, runs and
 * releases of ALL models go through it one at a time. The WebGPU build (JSEP) suspends inside wasm
 * with Asyncify while it waits on the GPU; a second session entering the same wasm instance meanwhile
 * corrupts that saved stack ('RuntimeError: memory access out of bounds', seen with three models on one
 * page). ORT supports one running session at a time per wasm instance, so the SDK enforces it.
 */
const queues = new Map<BackendName, RunQueue>();

export function ortQueue(backend: BackendName): RunQueue {
  let queue = queues.get(backend);
  if (queue === undefined) {
    queue = createRunQueue();
    queues.set(backend, queue);
  }
  return queue;
}
