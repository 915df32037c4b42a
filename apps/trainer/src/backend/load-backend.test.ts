// Real initialisation of the backends that need no extra software: cpu and wasm. WebGPU has its own
// file (webgpu.test.ts) because its tfjs module must load after navigator.gpu exists.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  lcg,
  matMulWithGradient,
  matMulWithGradientReference,
  maxRelativeDifference,
} from '../../test/backend-workloads.ts';
import { BackendError } from './backend-error.ts';
import type { ImportModule } from './capabilities.ts';
import { initBackend } from './load-backend.ts';

const [m, k, n] = [16, 8, 4];
const a = lcg(11, m * k);
const b = lcg(12, k * n);

const notInstalled: ImportModule = async (specifier) => {
  if (specifier.startsWith('@tensorflow/tfjs-node')) {
    throw Object.assign(new Error(`Cannot find package '${specifier}'`), { code: 'ERR_MODULE_NOT_FOUND' });
  }
  return import(specifier);
};

describe('initBackend', () => {
  it('initialises cpu and agrees with a float64 oracle on matMul and its gradient', async () => {
    const backend = await initBackend('cpu');
    expect(backend).toMatchObject({ name: 'cpu', threads: 1, device: { api: 'JavaScript', software: true } });
    expect(tf.getBackend()).toBe('cpu');
    const before = tf.memory().numTensors;
    const got = await matMulWithGradient(a, b, m, k, n);
    expect(tf.memory().numTensors).toBe(before);
    const want = matMulWithGradientReference(a, b, m, k, n);
    expect(maxRelativeDifference(got.product, want.product)).toBeLessThan(1e-5);
    expect(maxRelativeDifference(got.gradient, want.gradient)).toBeLessThan(1e-5);
  });

  it('initialises wasm, single-threaded, and agrees with cpu within 1e-5', async () => {
    await initBackend('cpu');
    const onCpu = await matMulWithGradient(a, b, m, k, n);
    const backend = await initBackend('wasm');
    expect(backend.name).toBe('wasm');
    expect(backend.threads).toBe(1);
    expect(backend.device.description).toMatch(/WebAssembly.*single-threaded/);
    expect(tf.getBackend()).toBe('wasm');
    const before = tf.memory().numTensors;
    const onWasm = await matMulWithGradient(a, b, m, k, n);
    expect(tf.memory().numTensors).toBe(before);
    expect(maxRelativeDifference(onWasm.product, onCpu.product)).toBeLessThan(1e-5);
    expect(maxRelativeDifference(onWasm.gradient, onCpu.gradient)).toBeLessThan(1e-5);
    const oracle = matMulWithGradientReference(a, b, m, k, n);
    expect(maxRelativeDifference(onWasm.gradient, oracle.gradient)).toBeLessThan(1e-5);
  }, 30_000);

  it('rejects an unknown name with the offending value', async () => {
    await expect(initBackend('gpu')).rejects.toMatchObject({ name: 'BackendError', value: 'gpu' });
  });

  it.each([
    ['tensorflow-gpu', /pnpm --filter trainer add @tensorflow\/tfjs-node-gpu.*CUDA 11\.2 and cuDNN 8\.1/],
    ['tensorflow', /pnpm --filter trainer add @tensorflow\/tfjs-node\b/],
  ])('explains how to install %s when it is absent', async (name, fix) => {
    const attempt = initBackend(name, { importModule: notInstalled });
    await expect(attempt).rejects.toBeInstanceOf(BackendError);
    await expect(attempt).rejects.toThrow(fix);
    await expect(attempt).rejects.toThrow(/is not installed/);
  });

  it('explains a tfjs-node package that is installed but broken', async () => {
    const broken: ImportModule = async () => {
      throw new Error('libcudart.so.11.0: cannot open shared object file');
    };
    await expect(initBackend('tensorflow-gpu', { importModule: broken })).rejects.toThrow(
      /installed but does not load: libcudart\.so\.11\.0/,
    );
  });

  it('auto without tfjs-node-gpu or hardware WebGPU lands on wasm and says why', async () => {
    // Dawn strategies are emptied so the answer does not depend on this machine's GPU drivers.
    const backend = await initBackend('auto', { importModule: notInstalled, dawn: { strategies: [] } });
    expect(backend.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(backend.candidatesTried.map((c) => [c.name, c.ok])).toEqual([
      ['onnxruntime-cuda', false],
      ['tensorflow-gpu', false],
      ['onnxruntime', false], // not a training run: no onnxStep given
      ['webgpu', false],
      ['wasm', true],
    ]);
    expect(backend.reason).toMatch(
      /^auto chose wasm: WebAssembly, single-threaded in Node.*tfjs-node-gpu is not installed/,
    );
  }, 30_000);

  it('initialises onnxruntime for a covered objective: ONNX Runtime trains, tfjs wasm evaluates', async () => {
    const onnxStep = { supported: true, why: 'reparameterised gradient, kl regulariser' };
    const backend = await initBackend('onnxruntime', { onnxStep });
    expect(backend).toMatchObject({
      name: 'onnxruntime',
      threads: 1, // one intra-op thread, whatever the core count
      device: { api: 'ONNX Runtime CPU', software: true },
    });
    expect(backend.device.description).toMatch(
      /one intra-op thread: faster than one per core for this step, see BENCHMARKS.md; evaluation on tfjs wasm/,
    );
    expect(backend.reason).toMatch(
      /^asked for onnxruntime: the whole training step as one ONNX graph on the CPU \(onnxruntime-node 1\./,
    );
    expect(tf.getBackend()).toBe('wasm');
  }, 30_000);

  it('falls back from onnxruntime to tfjs for an objective the step does not cover, saying why', async () => {
    const onnxStep = { supported: false, why: "the 'score' estimator" };
    const backend = await initBackend('onnxruntime', { onnxStep, dawn: { strategies: [] } });
    expect(backend.name).toBe('wasm');
    expect(backend.reason).toMatch(
      /^asked for onnxruntime, but .*'score' estimator; falling back to tfjs: auto chose wasm/,
    );
  }, 30_000);

  describe('with a stand-in for tfjs-node-gpu (the real one cannot be installed here)', () => {
    // Registers a fake 'tensorflow' backend the way tfjs-node does on import; the fake carries the
    // two flags tfjs-node's NodeJSKernelBackend sets from its native binding.
    const fakeTfjsNodeGpu =
      (isUsingGpuDevice: boolean): ImportModule =>
      async (specifier) => {
        if (specifier !== '@tensorflow/tfjs-node-gpu') return notInstalled(specifier);
        if (!tf.findBackendFactory('tensorflow')) {
          const backend = { isGPUPackage: true, isUsingGpuDevice, dispose() {} };
          tf.registerBackend('tensorflow', () => backend as unknown as tf.KernelBackend);
        }
        return {};
      };
    const removeFake = async () => {
      await initBackend('cpu');
      tf.removeBackend('tensorflow');
    };

    it('refuses tfjs-node-gpu that loads but sees no GPU (it would silently run on the CPU)', async () => {
      try {
        await expect(initBackend('tensorflow-gpu', { importModule: fakeTfjsNodeGpu(false) })).rejects.toThrow(
          /sees no CUDA GPU, so it would silently run on the CPU \(.*isUsingGpuDevice: false\).*nvidia-smi/,
        );
      } finally {
        await removeFake();
      }
    });

    it('auto skips tfjs-node-gpu without a GPU and says so', async () => {
      try {
        const backend = await initBackend('auto', {
          importModule: fakeTfjsNodeGpu(false),
          dawn: { strategies: [] },
        });
        expect(backend.name).toBe('wasm');
        expect(backend.candidatesTried[1]).toMatchObject({ name: 'tensorflow-gpu', ok: false });
        expect(backend.candidatesTried[1]!.why).toMatch(/silently run on the CPU/);
      } finally {
        await removeFake();
      }
    }, 30_000);

    it('auto takes tfjs-node-gpu when it sees a GPU, and reports a CUDA device', async () => {
      try {
        const backend = await initBackend('auto', {
          importModule: fakeTfjsNodeGpu(true),
          dawn: { strategies: [] },
        });
        expect(backend).toMatchObject({
          name: 'tensorflow-gpu',
          threads: null,
          device: { api: 'CUDA', software: false },
        });
        expect(tf.getBackend()).toBe('tensorflow');
      } finally {
        await removeFake();
      }
    });
  });
});
