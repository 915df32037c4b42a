/**
 * Picks the backend from a request and a set of probed capabilities. Pure: probing lives in
 * capabilities.ts, loading in load-backend.ts; this file only decides and explains.
 *
 * Two kinds of backend: tfjs backends run core's model op by op; the ONNX Runtime ones
 * (`onnxruntime`, `onnxruntime-cuda`) run the whole training step as one generated graph
 * (onnx-step/) and use tfjs (wasm) only for evaluation and export. They cover the objectives the
 * step generator covers; for any other objective the choice falls back to tfjs and says why.
 */
import { BackendError, INSTALL_HINTS } from './backend-error.ts';
import { type AdapterDescription, formatAdapter } from './software-adapter.ts';

/** Every backend the trainer can run on, fastest first. */
export const BACKEND_NAMES = [
  'onnxruntime-cuda',
  'tensorflow-gpu',
  'onnxruntime',
  'tensorflow',
  'webgpu',
  'wasm',
  'cpu',
] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];
export type BackendRequest = BackendName | 'auto';

/** The backends that train with a whole-step ONNX graph on ONNX Runtime. */
export const ONNX_BACKENDS: readonly BackendName[] = ['onnxruntime-cuda', 'onnxruntime'];

export function isOnnxBackend(name: BackendName): boolean {
  return ONNX_BACKENDS.includes(name);
}

/**
 * What `auto` tries, in priority order. `onnxruntime` (CPU) comes before WebGPU: it measured
 * 1.0-1.1x PyTorch on 2 cores (BENCHMARKS.md), while tfjs on WebGPU dispatches ~390 kernels a step.
 */
export const AUTO_CANDIDATES: readonly BackendName[] = [
  'onnxruntime-cuda',
  'tensorflow-gpu',
  'onnxruntime',
  'webgpu',
  'wasm',
  'cpu',
];

/** What the probes found. A missing entry means "not probed" and counts as unavailable. */
export interface Capabilities {
  /** @tensorflow/tfjs-node-gpu: did it load, and does its libtensorflow see a CUDA GPU. */
  tensorflowGpu: { loads: boolean; gpu: boolean; why: string };
  /** @tensorflow/tfjs-node (libtensorflow on the CPU). */
  tensorflow: { loads: boolean; why: string };
  /** The best adapter Dawn (the `webgpu` package) could open, or null with the reason. */
  webgpu: { adapter: AdapterDescription | null; why: string };
  /** @tensorflow/tfjs-backend-wasm and WebAssembly itself. */
  wasm: { loads: boolean; why: string };
  /** onnxruntime-node with its CPU execution provider: did a graph run. */
  onnxruntime: { loads: boolean; why: string };
  /** onnxruntime-node with its CUDA execution provider (needs its CUDA files and an NVIDIA GPU). */
  onnxruntimeCuda: { loads: boolean; why: string };
  /**
   * Not probed but given: does the ONNX step generator cover the objective of this run (only a
   * training run can use the ONNX backends; other commands leave it out).
   */
  onnxStep: { supported: boolean; why: string };
}

export interface CandidateVerdict {
  name: BackendName;
  ok: boolean;
  why: string;
}

export interface BackendSelection {
  name: BackendName;
  /** One sentence for logs: what was asked, what was chosen and why. */
  reason: string;
  /** Every candidate looked at, in order, up to and including the chosen one. */
  candidatesTried: CandidateVerdict[];
}

/** Validates a user-supplied backend name (from argv). */
export function parseBackendRequest(value: string): BackendRequest {
  if (value === 'auto' || (BACKEND_NAMES as readonly string[]).includes(value))
    return value as BackendRequest;
  throw new BackendError(
    value,
    `unknown backend '${value}': expected one of auto, ${BACKEND_NAMES.join(', ')} (e.g. --backend auto)`,
  );
}

/**
 * Chooses a backend. `auto` walks AUTO_CANDIDATES and takes the first that is usable (WebGPU only on
 * a hardware adapter); an explicit name is taken if usable (WebGPU on a software adapter too),
 * otherwise a BackendError says why and what to do.
 */
export function selectBackend(
  request: BackendRequest,
  capabilities: Partial<Capabilities>,
): BackendSelection {
  const wanted = parseBackendRequest(request);
  if (wanted === 'auto') {
    const candidatesTried: CandidateVerdict[] = [];
    for (const name of AUTO_CANDIDATES) {
      const verdict = judge(name, capabilities, false);
      candidatesTried.push(verdict);
      if (verdict.ok) {
        const skipped = candidatesTried
          .filter((c) => !c.ok)
          .map((c) => `${c.name} (${c.why})`)
          .join('; ');
        const reason = `auto chose ${name}: ${verdict.why}${skipped ? `; skipped ${skipped}` : ''}`;
        return { name, reason, candidatesTried };
      }
    }
    // Unreachable while cpu is a candidate; kept so a future edit cannot return nothing.
    throw new BackendError('auto', 'no backend is usable, not even cpu: this is a bug in select-backend.ts');
  }
  const runtime = wanted === 'onnxruntime' ? capabilities.onnxruntime : capabilities.onnxruntimeCuda;
  if (isOnnxBackend(wanted) && runtime?.loads && !capabilities.onnxStep?.supported) {
    // The runtime is there but the objective is not covered: tfjs trains it instead, and says so.
    const fallback = selectBackend('auto', { ...capabilities, onnxruntime: NO_ORT, onnxruntimeCuda: NO_ORT });
    return {
      ...fallback,
      reason: `asked for ${wanted}, but ${stepWhy(capabilities.onnxStep)}; falling back to tfjs: ${fallback.reason}`,
    };
  }
  const verdict = judge(wanted, capabilities, true);
  if (!verdict.ok) {
    throw new BackendError(
      wanted,
      `--backend ${wanted} cannot initialise: ${verdict.why}. ${fixFor(wanted)}`,
    );
  }
  return { name: wanted, reason: `asked for ${wanted}: ${verdict.why}`, candidatesTried: [verdict] };
}

const NO_ORT = { loads: false, why: 'not used: the objective is not covered by the ONNX step' };

function stepWhy(step: Capabilities['onnxStep'] | undefined): string {
  return `the ONNX step does not cover this run: ${step?.why ?? 'not a training run'}`;
}

function judge(name: BackendName, caps: Partial<Capabilities>, explicit: boolean): CandidateVerdict {
  const no = (why: string): CandidateVerdict => ({ name, ok: false, why });
  const yes = (why: string): CandidateVerdict => ({ name, ok: true, why });
  switch (name) {
    case 'tensorflow-gpu': {
      const c = caps.tensorflowGpu;
      if (!c) return no('not probed');
      if (!c.loads) return no(c.why);
      if (!c.gpu)
        return no(
          `loaded, but libtensorflow sees no CUDA GPU, so it would silently run on the CPU (${c.why})`,
        );
      return yes(`libtensorflow with a CUDA GPU (${c.why})`);
    }
    case 'tensorflow': {
      const c = caps.tensorflow;
      if (!c) return no('not probed');
      return c.loads ? yes(`libtensorflow on the CPU (${c.why})`) : no(c.why);
    }
    case 'webgpu': {
      const c = caps.webgpu;
      if (!c) return no('not probed');
      if (!c.adapter) return no(c.why);
      const adapter = formatAdapter(c.adapter);
      if (c.adapter.software && !explicit) {
        return no(
          `only a software adapter (${adapter}); auto takes WebGPU on hardware only, ask for --backend webgpu to use it`,
        );
      }
      return yes(`WebGPU through Dawn on ${adapter}`);
    }
    case 'wasm': {
      const c = caps.wasm;
      if (!c) return no('not probed');
      return c.loads ? yes(`WebAssembly, single-threaded in Node (${c.why})`) : no(c.why);
    }
    case 'cpu':
      return yes('pure JavaScript, always available, the slowest');
    case 'onnxruntime':
    case 'onnxruntime-cuda': {
      const c = name === 'onnxruntime' ? caps.onnxruntime : caps.onnxruntimeCuda;
      if (!c) return no('not probed');
      if (!c.loads) return no(c.why);
      if (!caps.onnxStep?.supported) return no(stepWhy(caps.onnxStep));
      const where = name === 'onnxruntime' ? 'on the CPU' : 'on a CUDA GPU';
      return yes(`the whole training step as one ONNX graph ${where} (${c.why})`);
    }
  }
}

function fixFor(name: BackendName): string {
  switch (name) {
    case 'tensorflow-gpu':
      return (
        `If the package is missing, ${INSTALL_HINTS['tensorflow-gpu']}. If it loads but sees no GPU, check ` +
        '`nvidia-smi` and the CUDA 11.2 / cuDNN 8.1 libraries on LD_LIBRARY_PATH, or use --backend tensorflow or webgpu.'
      );
    case 'tensorflow':
      return `To use it, ${INSTALL_HINTS.tensorflow}; or use --backend wasm.`;
    case 'webgpu':
      return (
        'Without a GPU, install a software driver with tooling/setup/install-gpu-software.sh and export the ' +
        'variables it prints (Mesa 25 lavapipe for Vulkan, or Mesa EGL with EGL_PLATFORM=surfaceless for ' +
        'OpenGL ES); or use --backend wasm.'
      );
    case 'wasm':
      return 'Reinstall dependencies (`pnpm install`) so @tensorflow/tfjs-backend-wasm and its .wasm files exist; or use --backend cpu.';
    case 'cpu':
      return 'Reinstall dependencies (`pnpm install`).';
    case 'onnxruntime':
      return 'Reinstall dependencies (`pnpm install`) so onnxruntime-node and its bundled CPU binaries exist; or use --backend wasm.';
    case 'onnxruntime-cuda':
      return (
        "It needs an NVIDIA GPU with CUDA 12 and cuDNN 9, and onnxruntime-node's CUDA files, which its " +
        'install script downloads (skipped by default): see "Training on ONNX Runtime" in the README; ' +
        'or use --backend onnxruntime.'
      );
  }
}
