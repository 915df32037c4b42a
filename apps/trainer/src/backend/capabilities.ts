/**
 * Probes what this machine can run: the optional libtensorflow bindings, Dawn's WebGPU adapter, the
 * wasm backend and ONNX Runtime's CPU and CUDA execution providers. Only probes what the request
 * needs; the decision itself is select-backend.ts.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as Ort from 'onnxruntime-node';
import { encodeModel, floatValueInfo, node } from '../export/onnx-graph.ts';
import {
  AUTO_CANDIDATES,
  type BackendName,
  type BackendRequest,
  type Capabilities,
  isOnnxBackend,
} from './select-backend.ts';
import { type DawnHandle, type OpenDawnOptions, openDawnAdapter } from './webgpu-node.ts';

/** Dynamic import, injectable so tests can pretend a package is (not) installed. */
export type ImportModule = (specifier: string) => Promise<unknown>;

/**
 * The specifier is a variable on purpose: tsc and bundlers then do not require the optional
 * @tensorflow/tfjs-node(-gpu) packages to exist.
 */
export const importByName: ImportModule = (specifier) => import(specifier);

export interface ProbeOptions {
  request: BackendRequest;
  importModule?: ImportModule;
  dawn?: OpenDawnOptions;
  /** Whether the ONNX step covers this run's objective (training runs only; absent: it does not). */
  onnxStep?: Capabilities['onnxStep'];
}

export interface Probe {
  capabilities: Partial<Capabilities>;
  /** The opened Dawn instance when WebGPU was probed and found an adapter; reused by initBackend. */
  dawn: DawnHandle | null;
}

const TFJS_NODE: Record<'tensorflow' | 'tensorflow-gpu', string> = {
  tensorflow: '@tensorflow/tfjs-node',
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
};

/** Probes the candidates the request can end up on (all of auto's, or the one asked for). */
export async function probeCapabilities(options: ProbeOptions): Promise<Probe> {
  const importModule = options.importModule ?? importByName;
  const { request } = options;
  // An ONNX backend falls back to tfjs for objectives it does not cover: probe what auto would take.
  const names: readonly BackendName[] =
    request === 'auto'
      ? AUTO_CANDIDATES
      : isOnnxBackend(request)
        ? [request, ...AUTO_CANDIDATES.filter((name) => !isOnnxBackend(name))]
        : [request];
  const capabilities: Partial<Capabilities> = options.onnxStep ? { onnxStep: options.onnxStep } : {};
  let dawn: DawnHandle | null = null;
  for (const name of names) {
    if (name === 'tensorflow-gpu') {
      capabilities.tensorflowGpu = await probeTensorflow(TFJS_NODE['tensorflow-gpu'], importModule);
    } else if (name === 'tensorflow') {
      const { loads, why } = await probeTensorflow(TFJS_NODE.tensorflow, importModule);
      capabilities.tensorflow = { loads, why };
    } else if (name === 'webgpu') {
      const result = await openDawnAdapter(options.dawn);
      dawn = result.ok ? result.handle : null;
      capabilities.webgpu = result.ok
        ? { adapter: result.handle.adapter, why: result.handle.tried.join('; ') }
        : { adapter: null, why: result.why };
    } else if (name === 'wasm') {
      capabilities.wasm = await probeWasm(importModule);
    } else if (name === 'onnxruntime') {
      capabilities.onnxruntime = await probeOnnxRuntime('cpu', importModule);
    } else if (name === 'onnxruntime-cuda') {
      capabilities.onnxruntimeCuda = await probeOnnxRuntime('cuda', importModule);
    }
  }
  return { capabilities, dawn };
}

/** The libtensorflow backend as tfjs-node constructs it (NodeJSKernelBackend). */
interface TfjsNodeBackend {
  isGPUPackage?: boolean;
  isUsingGpuDevice?: boolean;
}

/**
 * Imports a tfjs-node package and asks its backend whether libtensorflow uses a GPU device.
 * tfjs-node-gpu without a usable CUDA GPU still loads and silently runs on the CPU: only
 * `isUsingGpuDevice` (from the native binding) tells the difference.
 */
export async function probeTensorflow(
  specifier: string,
  importModule: ImportModule,
): Promise<{ loads: boolean; gpu: boolean; why: string }> {
  try {
    await importModule(specifier);
  } catch (error) {
    return { loads: false, gpu: false, why: describeImportFailure(specifier, error) };
  }
  try {
    // findBackend initialises the backend tfjs-node registered, constructing its native binding.
    const backend = tf.findBackend('tensorflow') as TfjsNodeBackend | null;
    if (!backend)
      return { loads: false, gpu: false, why: `${specifier} loaded but registered no 'tensorflow' backend` };
    const gpu = backend.isUsingGpuDevice === true;
    return { loads: true, gpu, why: `${specifier} loaded, isUsingGpuDevice: ${gpu}` };
  } catch (error) {
    return {
      loads: false,
      gpu: false,
      why: `${specifier} loaded but its backend fails: ${errorText(error)}`,
    };
  }
}

/** The directory holding the wasm backend's .wasm files (with a trailing slash, for setWasmPaths). */
export function wasmDirectory(): string {
  const require = createRequire(import.meta.url);
  return `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`;
}

async function probeWasm(importModule: ImportModule): Promise<{ loads: boolean; why: string }> {
  if (typeof WebAssembly !== 'object') return { loads: false, why: 'this runtime has no WebAssembly' };
  try {
    await importModule('@tensorflow/tfjs-backend-wasm');
  } catch (error) {
    return { loads: false, why: describeImportFailure('@tensorflow/tfjs-backend-wasm', error) };
  }
  const file = join(wasmDirectory(), 'tfjs-backend-wasm-simd.wasm');
  if (!existsSync(file)) return { loads: false, why: `${file} is missing` };
  return { loads: true, why: 'tfjs-backend-wasm and its .wasm binaries found' };
}

/** The folder of onnxruntime-node's native libraries for this platform. */
function onnxRuntimeBinaries(): string {
  const entry = createRequire(import.meta.url).resolve('onnxruntime-node'); // <package>/dist/index.js
  return join(dirname(dirname(entry)), 'bin', 'napi-v6', process.platform, process.arch);
}

/** A one-node graph (y = x) to check that an execution provider really runs. */
const IDENTITY_GRAPH = encodeModel({
  graphName: 'probe',
  nodes: [node('Identity', ['x'], 'y')],
  initializers: [],
  inputs: [floatValueInfo('x', [1])],
  outputs: [floatValueInfo('y', [1])],
  metadata: {},
  producerName: 'ellipse-trainer',
  producerVersion: '0',
});

/**
 * Imports onnxruntime-node and runs a graph on one execution provider. ONNX Runtime refuses to
 * create a session when a requested provider cannot load (it does not fall back silently), so a
 * result of 2 from the identity graph fed 2 means the provider works.
 */
export async function probeOnnxRuntime(
  provider: 'cpu' | 'cuda',
  importModule: ImportModule,
): Promise<{ loads: boolean; why: string }> {
  let ort: typeof Ort;
  try {
    ort = (await importModule('onnxruntime-node')) as typeof Ort;
  } catch (error) {
    return { loads: false, why: describeImportFailure('onnxruntime-node', error) };
  }
  const version = ort.env.versions.node ?? 'unknown version';
  if (provider === 'cuda' && !existsSync(join(onnxRuntimeBinaries(), 'libonnxruntime_providers_cuda.so'))) {
    // Checked first: asking ONNX Runtime for a provider whose library is missing prints a native error.
    return {
      loads: false,
      why: `onnxruntime-node ${version} has no CUDA execution provider files (its install script's CUDA download is skipped)`,
    };
  }
  try {
    const session = await ort.InferenceSession.create(IDENTITY_GRAPH, {
      executionProviders: [provider],
      logSeverityLevel: 4,
    });
    const { y } = await session.run({ x: new ort.Tensor('float32', Float32Array.of(2), [1]) });
    await session.release();
    if (y === undefined || (y.data as Float32Array)[0] !== 2) {
      return { loads: false, why: `onnxruntime-node ${version} ran the probe graph wrongly on ${provider}` };
    }
    return { loads: true, why: `onnxruntime-node ${version}, ${provider} execution provider` };
  } catch (error) {
    const text = errorText(error).split('\n')[0] ?? '';
    return {
      loads: false,
      why: `onnxruntime-node ${version}'s ${provider} execution provider does not load (${text})`,
    };
  }
}

function describeImportFailure(specifier: string, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return `${specifier} is not installed`;
  return `${specifier} is installed but does not load: ${errorText(error)}`;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
