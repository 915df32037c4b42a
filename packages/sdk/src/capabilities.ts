import type { Capabilities } from './backend.ts';

interface GpuAdapterLike {
  readonly info?: {
    readonly vendor?: string;
    readonly architecture?: string;
    readonly description?: string;
    readonly isFallbackAdapter?: boolean;
  };
}
interface NavigatorLike {
  readonly gpu?: { requestAdapter(): Promise<GpuAdapterLike | null> };
  readonly hardwareConcurrency?: number;
}

function describeAdapter({ info = {} }: GpuAdapterLike): string {
  const name = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unnamed';
  return info.isFallbackAdapter === true ? `${name} (fallback adapter: software, slow)` : name;
}

/** Reads what this runtime offers: WebGPU (asking for an adapter), isolation, threads, Node or browser. */
export async function detectCapabilities(): Promise<Capabilities> {
  const scope = globalThis as { navigator?: NavigatorLike; crossOriginIsolated?: boolean; process?: unknown };
  const nav = scope.navigator;
  const node =
    typeof (scope.process as { versions?: { node?: string } } | undefined)?.versions?.node === 'string';
  let webgpuAdapter: string | null = null;
  if (nav?.gpu !== undefined) {
    try {
      const adapter = await nav.gpu.requestAdapter();
      webgpuAdapter = adapter === null ? null : describeAdapter(adapter);
    } catch {
      webgpuAdapter = null;
    }
  }
  return {
    webgpuApi: nav?.gpu !== undefined,
    webgpuAdapter,
    crossOriginIsolated: scope.crossOriginIsolated === true,
    sharedArrayBuffer: typeof SharedArrayBuffer === 'function',
    cores: nav?.hardwareConcurrency ?? 1,
    node,
  };
}
