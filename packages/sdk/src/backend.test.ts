import { describe, expect, it } from 'vitest';
import { type Capabilities, planBackends } from './backend.ts';

const page: Capabilities = {
  webgpuApi: true,
  webgpuAdapter: 'google swiftshader (fallback adapter: software, slow)',
  crossOriginIsolated: true,
  sharedArrayBuffer: true,
  cores: 8,
  node: false,
};
const order = (plan: ReturnType<typeof planBackends>) => plan.candidates.map((c) => c.backend);

describe('planBackends', () => {
  it('auto: WebGPU first, then WASM, with reasons', () => {
    const plan = planBackends({ backend: 'auto' }, page);
    expect(order(plan)).toEqual(['webgpu', 'wasm']);
    expect(plan.candidates[0]?.reason).toMatch(/swiftshader/);
    expect(plan.threads).toBe(4);
  });

  it('auto without an adapter or without navigator.gpu: WASM only, and says why', () => {
    const noAdapter = planBackends({ backend: 'auto' }, { ...page, webgpuAdapter: null });
    expect(order(noAdapter)).toEqual(['wasm']);
    expect(noAdapter.candidates[0]?.reason).toMatch(/requestAdapter\(\) returned null/);
    const noApi = planBackends({ backend: 'auto' }, { ...page, webgpuApi: false, webgpuAdapter: null });
    expect(noApi.excluded).toEqual([
      { backend: 'webgpu', reason: expect.stringMatching(/navigator.gpu is missing/) },
    ]);
  });

  it('a named backend is the only candidate; webgpu without WebGPU leaves none', () => {
    expect(order(planBackends({ backend: 'wasm' }, page))).toEqual(['wasm']);
    expect(order(planBackends({ backend: 'webgpu' }, page))).toEqual(['webgpu']);
    const none = planBackends({ backend: 'webgpu' }, { ...page, webgpuApi: false, webgpuAdapter: null });
    expect(none.candidates).toEqual([]);
    expect(none.excluded.map((c) => c.backend)).toEqual(['webgpu', 'wasm']);
  });

  it('one thread without cross-origin isolation, and says how to fix it', () => {
    const plan = planBackends({ backend: 'wasm', numThreads: 4 }, { ...page, crossOriginIsolated: false });
    expect(plan.threads).toBe(1);
    expect(plan.threadsReason).toMatch(/not cross-origin isolated.*Cross-Origin-Embedder-Policy/);
    expect(planBackends({ backend: 'wasm', numThreads: 2 }, page).threads).toBe(2);
    expect(planBackends({ backend: 'wasm' }, { ...page, cores: 2 }).threads).toBe(2);
    expect(planBackends({ backend: 'wasm' }, { ...page, node: true }).threadsReason).toMatch(/Node/);
  });
});
