/**
 * WebGPU in Node through Dawn (the `webgpu` npm package): open an adapter, trying Vulkan first and
 * then OpenGL ES, and expose it as `navigator.gpu` so @tensorflow/tfjs-backend-webgpu can register.
 *
 * Without a GPU Dawn needs a software driver (see tooling/setup/install-gpu-software.sh):
 * - Vulkan: Mesa 25's lavapipe (bookworm-backports `mesa-vulkan-drivers`); Debian 12's own Mesa 22.3
 *   lavapipe is rejected by Dawn. On a GPU machine this is the ordinary path.
 * - OpenGL ES: Mesa's EGL + llvmpipe with EGL_PLATFORM=surfaceless, WebGPU in compatibility mode.
 */
import { type AdapterDescription, type DawnApi, isSoftwareAdapter } from './software-adapter.ts';

/** One way of asking Dawn for an adapter. */
export interface DawnStrategy {
  api: DawnApi;
  /** Flags for `create()` from the `webgpu` package. */
  createFlags: string[];
  featureLevel: 'core' | 'compatibility';
}

/** Tried in this order; the first one that yields an adapter wins. */
export const DAWN_STRATEGIES: readonly DawnStrategy[] = [
  { api: 'Vulkan', createFlags: ['backend=vulkan'], featureLevel: 'core' },
  { api: 'OpenGL ES', createFlags: ['backend=opengles'], featureLevel: 'compatibility' },
];

/** An opened Dawn instance and the adapter it gave. Hold on to it: `gpu` must outlive the backend. */
export interface DawnHandle {
  gpu: GPU;
  strategy: DawnStrategy;
  adapter: AdapterDescription;
  /** What each strategy did, in order: 'Vulkan: no adapter', 'OpenGL ES: llvmpipe ...'. */
  tried: string[];
}

export interface OpenDawnOptions {
  /** Which strategies to try, in order (default DAWN_STRATEGIES). */
  strategies?: readonly DawnStrategy[];
  /**
   * EGL platform for the OpenGL ES strategy, written to process.env.EGL_PLATFORM only when that is
   * unset (Mesa's EGL reads it when Dawn opens the display). Default 'surfaceless': no X, no Wayland.
   */
  eglPlatform?: string;
  /** Loads the `webgpu` package; injectable for tests. */
  loadDawn?: () => Promise<{ create: (flags: string[]) => GPU; globals: object }>;
}

export type DawnResult = { ok: true; handle: DawnHandle } | { ok: false; why: string };

const loadWebgpuPackage = async () => {
  const dawn = await import('webgpu');
  return { create: dawn.create, globals: dawn.globals };
};

/** Asks Dawn for an adapter, strategy by strategy; never throws (a failure is a `why`). */
export async function openDawnAdapter(options: OpenDawnOptions = {}): Promise<DawnResult> {
  const strategies = options.strategies ?? DAWN_STRATEGIES;
  let dawn: Awaited<ReturnType<NonNullable<OpenDawnOptions['loadDawn']>>>;
  try {
    dawn = await (options.loadDawn ?? loadWebgpuPackage)();
  } catch (error) {
    return { ok: false, why: `the 'webgpu' package (Dawn) does not load: ${message(error)}` };
  }
  const tried: string[] = [];
  for (const strategy of strategies) {
    if (strategy.api === 'OpenGL ES' && process.env.EGL_PLATFORM === undefined) {
      process.env.EGL_PLATFORM = options.eglPlatform ?? 'surfaceless';
    }
    try {
      const gpu = dawn.create(strategy.createFlags);
      const adapter = await gpu.requestAdapter({
        powerPreference: 'high-performance',
        featureLevel: strategy.featureLevel,
      } as GPURequestAdapterOptions);
      if (!adapter) {
        tried.push(`${strategy.api}: no adapter`);
        continue;
      }
      const description = describeAdapter(adapter, strategy);
      tried.push(`${strategy.api}: ${description.description || description.device}`);
      return { ok: true, handle: { gpu, strategy, adapter: description, tried } };
    } catch (error) {
      tried.push(`${strategy.api}: ${message(error)}`);
    }
  }
  return { ok: false, why: `Dawn found no WebGPU adapter (${tried.join('; ')})` };
}

/** Reads Dawn's adapter info into our plain description. */
export function describeAdapter(adapter: GPUAdapter, strategy: DawnStrategy): AdapterDescription {
  const info = adapter.info as Partial<GPUAdapterInfo> & { isFallbackAdapter?: boolean };
  const fields = {
    vendor: info.vendor ?? '',
    architecture: info.architecture ?? '',
    device: info.device ?? '',
    description: info.description ?? '',
    isFallbackAdapter: info.isFallbackAdapter === true,
  };
  return {
    api: strategy.api,
    featureLevel: strategy.featureLevel,
    ...fields,
    software: isSoftwareAdapter(fields),
  };
}

/**
 * Makes `navigator.gpu` (and the GPU* constants such as GPUBufferUsage) global, backed by the handle's
 * Dawn instance. Every requestAdapter call gets the handle's feature level, so tfjs's own
 * `requestAdapter({powerPreference})` lands on the same kind of adapter the probe found. Must run
 * before @tensorflow/tfjs-backend-webgpu is first imported: that module registers only if
 * `navigator.gpu` exists at load time.
 */
export function installNavigatorGpu(handle: DawnHandle, dawnGlobals: object): void {
  const { gpu, strategy } = handle;
  const facade = {
    requestAdapter: (options?: GPURequestAdapterOptions) =>
      gpu.requestAdapter({ ...options, featureLevel: strategy.featureLevel } as GPURequestAdapterOptions),
    getPreferredCanvasFormat: () => gpu.getPreferredCanvasFormat(),
    get wgslLanguageFeatures() {
      return gpu.wgslLanguageFeatures;
    },
  };
  const g = globalThis as Record<string, unknown>;
  for (const [key, value] of Object.entries(dawnGlobals)) {
    if (!(key in g)) g[key] = value;
  }
  if (typeof g.navigator !== 'object' || g.navigator === null) {
    Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
  }
  Object.defineProperty(g.navigator, 'gpu', { value: facade, configurable: true, writable: true });
}

/** Loads Dawn's globals (GPUBufferUsage, ...) for installNavigatorGpu. */
export async function loadDawnGlobals(): Promise<object> {
  return (await loadWebgpuPackage()).globals;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
