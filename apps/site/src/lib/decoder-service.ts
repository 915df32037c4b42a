/**
 * The one decoder service every live figure shares. Nothing of the SDK or onnxruntime-web is in the
 * page's first bytes: the first `model()` call imports `@ellipse/sdk` (one dynamic import, one chunk),
 * then loads that model's decoder and encoder (bytes checked against the models' manifest by
 * `src/data/model-data.ts`, whose `onnx` is injected here). The first model decides the
 * backend (the SDK prefers WebGPU, else WASM, and says why); every later model is loaded on that same
 * backend, so the page runs one backend and reports it (`status`, shown by the backend read-out). If a
 * later model fails there, the SDK chooses again (under 'auto') and the read-out shows its report.
 */
import type { BackendReport, BackendRequest, LoadModelOptions, ModelSource, VaeModel } from '@ellipse/sdk';
import type { SiteModelName } from '../data/manifest.ts';
import type { ModelData } from '../data/model-data.ts';

/** What the service needs from the SDK: `() => import('@ellipse/sdk')` on the page. */
export interface SdkModule {
  loadModel(source: ModelSource, options?: LoadModelOptions): Promise<VaeModel>;
}

export interface DecoderServiceOptions {
  readonly importSdk: () => Promise<SdkModule>;
  /** The checked bytes of a model's ONNX file: `ModelData.onnx` (src/data/model-data.ts). */
  readonly onnx: ModelData['onnx'];
  /** 'auto' (default): WebGPU if the browser grants an adapter, else WASM; or force one. */
  readonly backend?: BackendRequest;
}

export type DecoderStatus =
  | { readonly state: 'idle' }
  | { readonly state: 'loading'; readonly model: SiteModelName }
  | { readonly state: 'ready'; readonly backend: BackendReport; readonly models: readonly SiteModelName[] }
  | { readonly state: 'failed'; readonly model: SiteModelName; readonly message: string };

export interface DecoderService {
  /** The model `name` (decoder + encoder), loaded once and shared by every figure. */
  model(name: SiteModelName): Promise<VaeModel>;
  readonly status: DecoderStatus;
  /** Calls `listener` now and on every status change; returns an unsubscribe function. */
  subscribe(listener: (status: DecoderStatus) => void): () => void;
}

export function createDecoderService({
  importSdk,
  onnx,
  backend = 'auto',
}: DecoderServiceOptions): DecoderService {
  const loaded = new Map<SiteModelName, Promise<VaeModel>>();
  const listeners = new Set<(status: DecoderStatus) => void>();
  const ready: SiteModelName[] = [];
  let status: DecoderStatus = { state: 'idle' };
  // Models load one after another: the first fixes the backend, the next ones reuse it.
  let queue: Promise<unknown> = Promise.resolve();
  let chosen: BackendReport | null = null;

  const publish = (next: DecoderStatus) => {
    status = next;
    for (const listener of listeners) listener(next);
  };

  const load = async (name: SiteModelName): Promise<VaeModel> => {
    publish({ state: 'loading', model: name });
    try {
      const [sdk, decoder, encoder] = await Promise.all([
        importSdk(),
        onnx(name, 'decoder'),
        onnx(name, 'encoder'),
      ]);
      let model: VaeModel;
      try {
        model = await sdk.loadModel(decoder, { backend: chosen?.name ?? backend, encoder });
      } catch (error) {
        // The backend that ran the first model failed on this one: let the SDK choose again (it
        // reports what failed), rather than leave the figure dead. The read-out then shows that report.
        if (chosen === null || backend !== 'auto') throw error;
        model = await sdk.loadModel(decoder, { backend: 'auto', encoder });
      }
      if (chosen === null || model.info.backend.name !== chosen.name) chosen = model.info.backend;
      ready.push(name);
      publish({ state: 'ready', backend: chosen, models: [...ready] });
      return model;
    } catch (error) {
      publish({ state: 'failed', model: name, message: (error as Error).message });
      throw error;
    }
  };

  return {
    model(name) {
      let model = loaded.get(name);
      if (model === undefined) {
        model = queue.then(() => load(name));
        queue = model.catch(() => undefined);
        loaded.set(name, model);
      }
      return model;
    },
    get status() {
      return status;
    },
    subscribe(listener) {
      listeners.add(listener);
      listener(status);
      return () => listeners.delete(listener);
    },
  };
}

const BACKEND_NAMES = { webgpu: 'WebGPU', wasm: 'WebAssembly (WASM)' } as const;

/** One or two sentences for readers: which backend decodes, and why (never a silent fallback). */
export function describeStatus(status: DecoderStatus): string {
  switch (status.state) {
    case 'idle':
      return 'The decoder (onnxruntime-web) loads when the first live figure comes near.';
    case 'loading':
      return `Loading the ${status.model} model and onnxruntime-web…`;
    case 'failed':
      return `The live figures could not start: ${status.message}`;
    case 'ready': {
      const { backend } = status;
      const threads =
        backend.name === 'wasm'
          ? ` on ${backend.threads} thread${backend.threads === 1 ? '' : 's'} (${backend.threadsReason})`
          : '';
      // The SDK's reason reads '<backend>: <why>', after any failed tries ('webgpu failed: ...; then wasm: ...').
      const why = backend.reason.startsWith(`${backend.name}: `)
        ? backend.reason.slice(backend.name.length + 2)
        : backend.reason;
      return `Decoding live on ${BACKEND_NAMES[backend.name]}${threads}. Why: ${why}.`;
    }
  }
}
