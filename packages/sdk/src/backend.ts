/** Which onnxruntime-web execution provider to use, decided by one pure function over capabilities. */

export type BackendName = 'webgpu' | 'wasm';
export type BackendRequest = 'auto' | BackendName;

/** What the runtime offers; detected by `detectCapabilities`, injected here so the choice is testable. */
export interface Capabilities {
  /** `navigator.gpu` exists. */
  readonly webgpuApi: boolean;
  /** A WebGPU adapter was granted: its description, or null when none was (or there is no API). */
  readonly webgpuAdapter: string | null;
  /** `globalThis.crossOriginIsolated` (COOP + COEP headers), required for wasm threads in a page. */
  readonly crossOriginIsolated: boolean;
  readonly sharedArrayBuffer: boolean;
  /** Logical cores (`navigator.hardwareConcurrency`), 1 when unknown. */
  readonly cores: number;
  /** Running in Node rather than a browser. */
  readonly node: boolean;
}

export interface Candidate {
  readonly backend: BackendName;
  /** Why this backend is a candidate at this position. */
  readonly reason: string;
}

export interface BackendPlan {
  /** Tried in order when the session is created; the first that works runs. */
  readonly candidates: readonly Candidate[];
  /** Backends left out, with why (reported, never silent). */
  readonly excluded: readonly Candidate[];
  /** wasm threads to use, and why that many. */
  readonly threads: number;
  readonly threadsReason: string;
}

export interface PlanRequest {
  readonly backend: BackendRequest;
  /** Wasm threads wanted; default: min(4, cores) when threads are possible. */
  readonly numThreads?: number;
}

function webgpuStatus(caps: Capabilities): { ok: boolean; reason: string } {
  if (!caps.webgpuApi) return { ok: false, reason: 'navigator.gpu is missing (no WebGPU in this runtime)' };
  if (caps.webgpuAdapter === null)
    return { ok: false, reason: 'navigator.gpu.requestAdapter() returned null' };
  return { ok: true, reason: `WebGPU adapter: ${caps.webgpuAdapter}` };
}

function threadPlan(request: PlanRequest, caps: Capabilities): { threads: number; threadsReason: string } {
  const wanted = request.numThreads;
  if (wanted === 1) return { threads: 1, threadsReason: 'numThreads: 1 was requested' };
  if (caps.node) {
    if (wanted !== undefined)
      return { threads: wanted, threadsReason: `numThreads: ${wanted} was requested` };
    return { threads: 1, threadsReason: 'Node: one thread unless numThreads is given' };
  }
  if (!caps.sharedArrayBuffer || !caps.crossOriginIsolated) {
    return {
      threads: 1,
      threadsReason:
        'one thread: the page is not cross-origin isolated (serve it with ' +
        "'Cross-Origin-Opener-Policy: same-origin' and 'Cross-Origin-Embedder-Policy: require-corp')",
    };
  }
  if (wanted !== undefined) return { threads: wanted, threadsReason: `numThreads: ${wanted} was requested` };
  const threads = Math.max(1, Math.min(4, caps.cores));
  return { threads, threadsReason: `cross-origin isolated: min(4, ${caps.cores} cores) threads` };
}

/** Candidates in priority order: WebGPU (when asked for or auto, and available), then WASM. */
export function planBackends(request: PlanRequest, caps: Capabilities): BackendPlan {
  const gpu = webgpuStatus(caps);
  const candidates: Candidate[] = [];
  const excluded: Candidate[] = [];
  if (request.backend !== 'wasm') {
    (gpu.ok ? candidates : excluded).push({ backend: 'webgpu', reason: gpu.reason });
  } else {
    excluded.push({ backend: 'webgpu', reason: "backend: 'wasm' was requested" });
  }
  if (request.backend === 'webgpu') {
    excluded.push({ backend: 'wasm', reason: "backend: 'webgpu' was requested" });
  } else {
    const reason =
      request.backend === 'wasm'
        ? "backend: 'wasm' was requested"
        : gpu.ok
          ? 'fallback if WebGPU fails'
          : `WebGPU unavailable: ${gpu.reason}`;
    candidates.push({ backend: 'wasm', reason });
  }
  return { candidates, excluded, ...threadPlan(request, caps) };
}
