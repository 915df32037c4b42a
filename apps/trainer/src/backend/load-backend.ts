/**
 * Initialises the chosen tfjs backend for real: probe, select, import, tf.setBackend, verify.
 */
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { BackendError } from './backend-error.ts';
import { type ImportModule, probeCapabilities, wasmDirectory } from './capabilities.ts';
import {
  type BackendName,
  type CandidateVerdict,
  type Capabilities,
  parseBackendRequest,
  selectBackend,
} from './select-backend.ts';
import type { AdapterDescription } from './software-adapter.ts';
import {
  type DawnHandle,
  installNavigatorGpu,
  loadDawnGlobals,
  type OpenDawnOptions,
} from './webgpu-node.ts';

/** Where the backend computes. */
export interface BackendDevice {
  /** 'llvmpipe: Mesa 25.0.7-2~bpo12+1 (LLVM 15.0.6) 0.0.1', 'CUDA GPU', 'CPU (WebAssembly SIMD)', ... */
  description: string;
  /** 'Vulkan' | 'OpenGL ES' (webgpu), 'CUDA' | 'libtensorflow' (tensorflow*), 'WebAssembly', 'JavaScript'. */
  api: string;
  /** As Dawn reports it for webgpu; false for every other backend. */
  isFallbackAdapter: boolean;
  /** True when the computation runs on the CPU (software WebGPU adapters included). */
  software: boolean;
  /** The full WebGPU adapter description, for webgpu only. */
  adapter: AdapterDescription | null;
}

export interface InitializedBackend {
  name: BackendName;
  device: BackendDevice;
  /** CPU threads the backend computes with; null on a GPU. */
  threads: number | null;
  reason: string;
  candidatesTried: CandidateVerdict[];
}

export interface InitBackendOptions {
  /** Injectable dynamic import (tests pretend tfjs-node is or is not installed). */
  importModule?: ImportModule;
  /** Options for Dawn: strategy order, EGL platform. */
  dawn?: OpenDawnOptions;
  /** For a training run: whether the ONNX step covers its objective (absent: the ONNX backends are not used). */
  onnxStep?: Capabilities['onnxStep'];
}

/**
 * Picks and initialises a backend, then checks that tf.getBackend() is really it. With `auto`, a
 * candidate that probes fine but fails to initialise is reported and the next one is tried; an
 * explicit request that cannot initialise throws a BackendError with the fix.
 *
 * @example
 *   const backend = await initBackend('auto');
 *   console.log(`backend ${backend.name} on ${backend.device.description}: ${backend.reason}`);
 */
export async function initBackend(
  request: string,
  options: InitBackendOptions = {},
): Promise<InitializedBackend> {
  const wanted = parseBackendRequest(request);
  const probe = await probeCapabilities({
    request: wanted,
    ...(options.importModule ? { importModule: options.importModule } : {}),
    ...(options.dawn ? { dawn: options.dawn } : {}),
    ...(options.onnxStep ? { onnxStep: options.onnxStep } : {}),
  });
  // Gradients: tfjs-core alone registers none; @ellipse/core loads tfjs-layers, which registers them all.
  await import('@ellipse/core');
  const capabilities: Partial<Capabilities> = { ...probe.capabilities };
  for (;;) {
    const selection = selectBackend(wanted, capabilities);
    try {
      const activated = await activate(selection.name, probe.dawn);
      return {
        name: selection.name,
        ...activated,
        reason: selection.reason,
        candidatesTried: selection.candidatesTried,
      };
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      if (wanted !== 'auto') {
        if (error instanceof BackendError) throw error;
        throw new BackendError(wanted, `--backend ${wanted} failed to initialise: ${why}`, { cause: error });
      }
      markUnavailable(capabilities, selection.name, `probed fine but failed to initialise: ${why}`);
    }
  }
}

type Activated = Pick<InitializedBackend, 'device' | 'threads'>;

async function activate(name: BackendName, dawn: DawnHandle | null): Promise<Activated> {
  switch (name) {
    case 'cpu': {
      await import('@tensorflow/tfjs-backend-cpu');
      await setAndVerify('cpu');
      return { device: cpuDevice('CPU (JavaScript)', 'JavaScript'), threads: 1 };
    }
    case 'wasm': {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      wasm.setWasmPaths(wasmDirectory());
      await setAndVerify('wasm');
      const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
      // Node has no cross-origin isolation, so the wasm backend runs single-threaded there.
      return {
        device: cpuDevice(`CPU (WebAssembly${simd ? ' SIMD' : ''}, single-threaded in Node)`, 'WebAssembly'),
        threads: wasm.getThreadsCount(),
      };
    }
    case 'webgpu': {
      if (!dawn) throw new BackendError('webgpu', 'no Dawn adapter was opened for webgpu');
      if (!tf.findBackendFactory('webgpu')) {
        installNavigatorGpu(dawn, await loadDawnGlobals());
        await import('@tensorflow/tfjs-backend-webgpu');
      }
      if (!tf.findBackendFactory('webgpu')) {
        throw new BackendError(
          'webgpu',
          '@tensorflow/tfjs-backend-webgpu did not register: it was imported before navigator.gpu existed. ' +
            'Import it only through initBackend (never statically).',
        );
      }
      await setAndVerify('webgpu');
      const adapter = dawn.adapter;
      return {
        device: {
          description: adapter.description || adapter.device,
          api: adapter.api,
          isFallbackAdapter: adapter.isFallbackAdapter,
          software: adapter.software,
          adapter,
        },
        // A software adapter (llvmpipe/lavapipe) rasterises on every core.
        threads: adapter.software ? availableParallelism() : null,
      };
    }
    case 'onnxruntime':
    case 'onnxruntime-cuda': {
      // The step runs on ONNX Runtime; evaluation, pictures and export run on tfjs, wasm if it can.
      let evaluation: string;
      try {
        await activate('wasm', dawn);
        evaluation = 'tfjs wasm';
      } catch (error) {
        await activate('cpu', dawn);
        evaluation = `tfjs cpu, as wasm failed (${error instanceof Error ? error.message : String(error)})`;
      }
      const cpu = name === 'onnxruntime';
      // One intra-op thread: the step's GEMMs are small (batch 100), and splitting each across threads
      // costs more than it gains. On the quiet 2-core machine 1 thread trained 24,226 samples/s and 2
      // threads 14,492 (`pnpm --filter trainer bench`, BENCHMARKS.md 2026-11-29 21:57), with or without
      // ONNX Runtime's spin-waiting.
      const threads = cpu ? 1 : null;
      return {
        device: {
          description: cpu
            ? `CPU (ONNX Runtime, one intra-op thread: faster than one per core for this step, see BENCHMARKS.md; evaluation on ${evaluation})`
            : `CUDA GPU (ONNX Runtime CUDA execution provider; evaluation on ${evaluation})`,
          api: cpu ? 'ONNX Runtime CPU' : 'ONNX Runtime CUDA',
          isFallbackAdapter: false,
          software: cpu,
          adapter: null,
        },
        threads,
      };
    }
    case 'tensorflow':
    case 'tensorflow-gpu': {
      // The probe already imported the package; its backend is registered as 'tensorflow'.
      await setAndVerify('tensorflow');
      const gpu = (tf.backend() as { isUsingGpuDevice?: boolean }).isUsingGpuDevice === true;
      if (name === 'tensorflow-gpu' && !gpu) {
        throw new BackendError(name, 'libtensorflow initialised without a GPU device');
      }
      return {
        device: {
          description: gpu ? 'CUDA GPU (libtensorflow)' : 'CPU (libtensorflow)',
          api: gpu ? 'CUDA' : 'libtensorflow',
          isFallbackAdapter: false,
          software: !gpu,
          adapter: null,
        },
        threads: gpu ? null : availableParallelism(),
      };
    }
  }
}

async function setAndVerify(tfName: string): Promise<void> {
  let ok: boolean;
  try {
    ok = await tf.setBackend(tfName);
  } catch (error) {
    throw new BackendError(tfName, `tf.setBackend('${tfName}') threw: ${String(error)}`, { cause: error });
  }
  await tf.ready();
  const active = tf.getBackend();
  if (!ok || active !== tfName) {
    throw new BackendError(
      tfName,
      `tf.setBackend('${tfName}') returned ${ok}, tf.getBackend() is '${active}'`,
    );
  }
}

function cpuDevice(description: string, api: string): BackendDevice {
  return { description, api, isFallbackAdapter: false, software: true, adapter: null };
}

function markUnavailable(capabilities: Partial<Capabilities>, name: BackendName, why: string): void {
  switch (name) {
    case 'tensorflow-gpu':
      capabilities.tensorflowGpu = { loads: false, gpu: false, why };
      return;
    case 'tensorflow':
      capabilities.tensorflow = { loads: false, why };
      return;
    case 'webgpu':
      capabilities.webgpu = { adapter: null, why };
      return;
    case 'wasm':
      capabilities.wasm = { loads: false, why };
      return;
    case 'onnxruntime':
      capabilities.onnxruntime = { loads: false, why };
      return;
    case 'onnxruntime-cuda':
      capabilities.onnxruntimeCuda = { loads: false, why };
      return;
    case 'cpu':
      // cpu is the last resort; if it fails too, the error surfaces through selectBackend's loop.
      throw new BackendError('cpu', `the cpu backend failed to initialise: ${why}`);
  }
}
