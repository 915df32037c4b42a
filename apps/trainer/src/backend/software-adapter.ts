/**
 * What we know about a WebGPU adapter opened through Dawn, and whether it is a software rasteriser.
 */

/** The native API Dawn drives underneath WebGPU. */
export type DawnApi = 'Vulkan' | 'OpenGL ES';

/** A WebGPU adapter as reported by Dawn, plus our verdict on whether it is software. */
export interface AdapterDescription {
  api: DawnApi;
  /** 'core' (full WebGPU) or 'compatibility' (the subset Dawn offers on OpenGL ES). */
  featureLevel: 'core' | 'compatibility';
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** As Dawn reports it. Dawn's OpenGL ES backend reports `false` even for llvmpipe. */
  isFallbackAdapter: boolean;
  /** Our verdict: a CPU rasteriser (llvmpipe, lavapipe, SwiftShader, ...), whatever Dawn says. */
  software: boolean;
}

const SOFTWARE_NAMES = /llvmpipe|lavapipe|softpipe|swiftshader|swrast|microsoft basic render/i;

/**
 * True for software adapters. Dawn's `isFallbackAdapter` is not enough: on OpenGL ES it reports
 * `false` for Mesa's llvmpipe (device 'llvmpipe-llvm-15-0-6-256-bits-'), so the names count too.
 */
export function isSoftwareAdapter(info: {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
}): boolean {
  if (info.isFallbackAdapter) return true;
  if (info.architecture.toLowerCase() === 'software') return true;
  return SOFTWARE_NAMES.test(`${info.vendor} ${info.device} ${info.description}`);
}

/** One line for logs: 'llvmpipe: Mesa 25.0.7 (LLVM 15.0.6) via Vulkan, software'. */
export function formatAdapter(adapter: AdapterDescription): string {
  const { description, device } = adapter;
  const name =
    description && device && !description.includes(device.split(/[-\s]/)[0] ?? device)
      ? `${device} (${description})`
      : description || device || adapter.vendor || 'unnamed adapter';
  const mode = adapter.featureLevel === 'compatibility' ? ', compatibility mode' : '';
  return `${name} via ${adapter.api}${mode}, ${adapter.software ? 'software' : 'hardware'}`;
}
