// Real WebGPU through Dawn: on machines without a GPU this runs on a software adapter (lavapipe on
// Vulkan, or llvmpipe on OpenGL ES); run tooling/setup/install-gpu-software.sh first.
// It fails loudly when WebGPU cannot initialise; set ELLIPSE_SKIP_WEBGPU=1 to skip it knowingly.
// Nothing here may import @tensorflow/tfjs-backend-webgpu statically: it registers only if
// navigator.gpu exists when it loads, and initBackend installs navigator.gpu first.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  lcg,
  matMulWithGradient,
  matMulWithGradientReference,
  maxRelativeDifference,
  trainVae,
} from '../../test/backend-workloads.ts';
import { type InitializedBackend, initBackend } from './load-backend.ts';

const skip = process.env.ELLIPSE_SKIP_WEBGPU === '1';
const [m, k, n] = [16, 8, 4];
const a = lcg(21, m * k);
const b = lcg(22, k * n);

/** initBackend('webgpu'), failing with a pointer to ELLIPSE_SKIP_WEBGPU when there is no driver. */
async function initWebgpu(): Promise<InitializedBackend> {
  try {
    return await initBackend('webgpu');
  } catch (error) {
    throw new Error(
      `WebGPU cannot initialise on this machine. Set ELLIPSE_SKIP_WEBGPU=1 to skip these tests knowingly. ${String(error)}`,
      { cause: error },
    );
  }
}

describe.skipIf(skip)(
  'webgpu (set ELLIPSE_SKIP_WEBGPU=1 to skip on a machine without a WebGPU driver)',
  () => {
    it('initialises through Dawn and reports the adapter', async () => {
      const webgpu = await initWebgpu();
      expect(webgpu.name).toBe('webgpu');
      expect(tf.getBackend()).toBe('webgpu');
      expect(['Vulkan', 'OpenGL ES']).toContain(webgpu.device.api);
      expect(webgpu.device.adapter?.api).toBe(webgpu.device.api);
      expect(webgpu.device.description.length).toBeGreaterThan(0);
      expect(webgpu.reason).toMatch(/^asked for webgpu: WebGPU through Dawn on /);
    }, 60_000);

    it('agrees with cpu within 1e-5 on matMul and its gradient', async () => {
      await initWebgpu();
      expect(tf.getBackend()).toBe('webgpu');
      const before = tf.memory().numTensors;
      const onGpu = await matMulWithGradient(a, b, m, k, n);
      expect(tf.memory().numTensors).toBe(before);
      await initBackend('cpu');
      const onCpu = await matMulWithGradient(a, b, m, k, n);
      expect(maxRelativeDifference(onGpu.product, onCpu.product)).toBeLessThan(1e-5);
      expect(maxRelativeDifference(onGpu.gradient, onCpu.gradient)).toBeLessThan(1e-5);
      const oracle = matMulWithGradientReference(a, b, m, k, n);
      expect(maxRelativeDifference(onGpu.gradient, oracle.gradient)).toBeLessThan(1e-5);
    }, 60_000);

    it('trains the mnist VAE for 10 steps with the same losses as cpu and wasm (within 1e-4)', async () => {
      await initBackend('cpu');
      const onCpu = await trainVae(10);
      await initBackend('wasm');
      const onWasm = await trainVae(10);
      await initWebgpu();
      const before = tf.memory().numTensors;
      const onGpu = await trainVae(10);
      expect(tf.memory().numTensors).toBe(before);
      expect(onCpu[9]).toBeLessThan(onCpu[0]! * 0.9); // it trains at all
      expect(maxRelativeDifference(onWasm, onCpu)).toBeLessThan(1e-4);
      expect(maxRelativeDifference(onGpu, onCpu)).toBeLessThan(1e-4);
    }, 180_000);
  },
);

describe('training agreement without WebGPU', () => {
  it('trains the mnist VAE for 10 steps on cpu and wasm to the same losses (within 1e-4), without leaks', async () => {
    await initBackend('cpu');
    const before = tf.memory().numTensors;
    const onCpu = await trainVae(10);
    expect(tf.memory().numTensors).toBe(before);
    await initBackend('wasm');
    const onWasm = await trainVae(10);
    expect(onCpu).toHaveLength(10);
    expect(onCpu.every(Number.isFinite)).toBe(true);
    expect(onCpu[9]).toBeLessThan(onCpu[0]! * 0.9);
    expect(maxRelativeDifference(onWasm, onCpu)).toBeLessThan(1e-4);
  }, 120_000);
});
