// @vitest-environment node
// The decoder service over the real SDK (onnxruntime-web's WASM build in Node) and the site's real
// models in public/models/, read through the checked loader of src/data.
import { readFile } from 'node:fs/promises';
import type { BackendReport } from '@ellipse/sdk';
import { describe, expect, it } from 'vitest';
import { openModelData } from '../data/model-data.ts';
import { ModelDataError } from '../data/model-data-error.ts';
import { createDecoderService, type DecoderStatus, describeStatus } from './decoder-service.ts';

const MODELS = new URL('../../public/models/', import.meta.url);
const fromDisk = async (path: string) => new Uint8Array(await readFile(new URL(path, MODELS)));

describe('createDecoderService', () => {
  it('imports the SDK once, loads each model once, reports its backend and keeps it for every model', async () => {
    const data = await openModelData({ fetchBytes: fromDisk });
    let imports = 0;
    const service = createDecoderService({
      importSdk: () => {
        imports += 1;
        return import('@ellipse/sdk');
      },
      onnx: data.onnx,
      backend: 'wasm',
    });
    const seen: DecoderStatus['state'][] = [];
    service.subscribe((status) => seen.push(status.state));
    expect(service.status).toEqual({ state: 'idle' });

    const [vae, again] = await Promise.all([service.model('vae'), service.model('vae')]);
    expect(again).toBe(vae);
    const geometric = await service.model('geometric');
    expect(imports).toBe(2); // one dynamic import per load; the module itself is evaluated once
    expect(vae.info.latentSize).toBe(2);
    expect(geometric.info.backend.name).toBe('wasm');
    const status = service.status;
    expect(status.state === 'ready' && status.backend.name).toBe('wasm');
    expect(status.state === 'ready' && status.models).toEqual(['vae', 'geometric']);
    expect(seen).toEqual(['idle', 'loading', 'ready', 'loading', 'ready']);

    // The encoder came with the decoder: the posterior of test digit 0 matches the shipped table.
    const digits = await data.digits();
    const encoded = await vae.encode(Float32Array.from(digits.subarray(0, 784))); // x [1, 784]
    const table = await data.posteriors('vae');
    expect(Math.abs((encoded.mu.data[0] as number) - (table[0] as number))).toBeLessThan(1e-4);
    expect(Math.abs((encoded.mu.data[1] as number) - (table[1] as number))).toBeLessThan(1e-4);
    await Promise.all([vae.dispose(), geometric.dispose()]);
  });

  it('reports a model that cannot load in its status, with the loader message, and rejects', async () => {
    const data = await openModelData({
      fetchBytes: async (path) => {
        const bytes = await fromDisk(path);
        return path.endsWith('encoder.onnx') ? bytes.subarray(0, 100) : bytes; // a truncated file
      },
    });
    const service = createDecoderService({ importSdk: () => import('@ellipse/sdk'), onnx: data.onnx });
    await expect(service.model('vae')).rejects.toThrow(ModelDataError);
    expect(service.status.state).toBe('failed');
    expect(describeStatus(service.status)).toMatch(
      /^The live figures could not start: .*encoder\.onnx.*damaged/,
    );
  });
});

describe('describeStatus', () => {
  const report = (backend: Partial<BackendReport>): BackendReport => ({
    name: 'wasm',
    reason: 'WebGPU unavailable: navigator.gpu is missing (no WebGPU in this runtime)',
    threads: 4,
    threadsReason: 'cross-origin isolated: min(4, 8 cores) threads',
    attempts: [],
    excluded: [],
    ...backend,
  });

  it('gives the SDK reason without its backend prefix, and keeps what failed before', () => {
    const webgpu = report({ name: 'webgpu', reason: 'webgpu: WebGPU adapter: google swiftshader' });
    expect(describeStatus({ state: 'ready', backend: webgpu, models: ['vae'] })).toBe(
      'Decoding live on WebGPU. Why: WebGPU adapter: google swiftshader.',
    );
    const fellBack = report({
      threads: 1,
      threadsReason: 'numThreads: 1 was requested',
      reason: 'webgpu failed: no adapter; then wasm: fallback if WebGPU fails',
    });
    expect(describeStatus({ state: 'ready', backend: fellBack, models: ['vae'] })).toBe(
      'Decoding live on WebAssembly (WASM) on 1 thread (numThreads: 1 was requested). ' +
        'Why: webgpu failed: no adapter; then wasm: fallback if WebGPU fails.',
    );
  });

  it('says which backend decodes and why, with the thread count on WASM', () => {
    expect(describeStatus({ state: 'ready', backend: report({}), models: ['vae'] })).toBe(
      'Decoding live on WebAssembly (WASM) on 4 threads (cross-origin isolated: min(4, 8 cores) threads). ' +
        'Why: WebGPU unavailable: navigator.gpu is missing (no WebGPU in this runtime).',
    );
    expect(
      describeStatus({
        state: 'ready',
        backend: report({ name: 'webgpu', reason: 'WebGPU adapter: google swiftshader' }),
        models: ['vae'],
      }),
    ).toBe('Decoding live on WebGPU. Why: WebGPU adapter: google swiftshader.');
    expect(
      describeStatus({ state: 'ready', backend: report({ threads: 1, threadsReason: 'x' }), models: [] }),
    ).toMatch(/on 1 thread \(x\)/);
  });

  it('says when nothing is loaded yet and what is loading', () => {
    expect(describeStatus({ state: 'idle' })).toMatch(/loads when the first live figure comes near/);
    expect(describeStatus({ state: 'loading', model: 'geometric' })).toBe(
      'Loading the geometric model and onnxruntime-web…',
    );
  });
});
