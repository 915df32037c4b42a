// @vitest-environment node
// The live MNIST training's session on tfjs's CPU backend, on the subset and test digits the site ships.
import '@tensorflow/tfjs-backend-cpu';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fetchFromDirectory } from '../data/fetch-from-directory.ts';
import { openMnistSubset } from '../data/mnist-subset.ts';
import { openModelData } from '../data/model-data.ts';
import { createMnistSession, type MnistSessionOptions, type MnistStepRecord } from './mnist-session.ts';
import { TrainSettingsError } from './train-session.ts';

const MODELS = fileURLToPath(new URL('../../public/models/', import.meta.url));
let options: MnistSessionOptions;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const fetchBytes = fetchFromDirectory(MODELS);
  const subset = await openMnistSubset({ fetchBytes });
  const digits = await (await openModelData({ fetchBytes })).digits();
  // 1000 training images (10 steps an epoch) and 100 test digits keep the CPU backend quick.
  options = {
    images: subset.images.subarray(0, 1000 * 784),
    testImages: digits.subarray(0, 100 * 784),
    seed: 1,
    learningRate: 1e-3,
    beta: 1,
    gridSize: 3,
  };
});

const mean = (rs: readonly MnistStepRecord[]) => rs.reduce((s, r) => s + r.loss, 0) / rs.length;

describe('createMnistSession (core mnist2d-site, batches of 100, cpu backend)', () => {
  it('lowers the loss from about 784 log 2 nats, and narrows the ellipses from about N(0, I)', async () => {
    const session = createMnistSession(options);
    const start = await session.snapshot();
    const records = await session.step(40);
    const end = await session.snapshot();
    session.dispose();
    const [first, last] = [mean(records.slice(0, 5)), mean(records.slice(-5))];
    const meanSigma = (s: Float32Array) => s.reduce((a, b) => a + b, 0) / s.length;
    console.info(
      `mnist2d-site on the subset, lr 1e-3: mean loss steps 1-5 ${first.toFixed(1)}, 36-40 ${last.toFixed(1)} nats; ` +
        `mean sigma ${meanSigma(start.sigma).toFixed(3)} -> ${meanSigma(end.sigma).toFixed(3)}`,
    );
    // An untrained Bernoulli decoder outputs logits near 0: p = 1/2 for each pixel, 784 log 2 = 543 nats.
    expect(records[0]?.loss).toBeGreaterThan(450);
    expect(last).toBeLessThan(first - 100);
    for (const r of records) expect(r.loss).toBeCloseTo(r.reconstruction + r.kl, 2);
    // Untrained, every q(z|x) is near N(0, I): sigma near 1. Training narrows them (the reconstruction
    // term wants each image's code precise) while the KL term keeps them from shrinking to points.
    expect(Math.abs(meanSigma(start.sigma) - 1)).toBeLessThan(0.2);
    expect(meanSigma(end.sigma)).toBeLessThan(meanSigma(start.sigma) - 0.2);
    expect(end.mu).toHaveLength(200);
    expect(end.manifold).toHaveLength(9 * 784);
    expect(end.manifold.every((p) => p > 0 && p < 1)).toBe(true);
  }, 120_000);

  it('counts epochs of N / B steps; the same seed gives the same losses, another seed others', async () => {
    const run = async (seed: number) => {
      const session = createMnistSession({ ...options, seed });
      const records = await session.step(12);
      expect(session.stepsPerEpoch).toBe(10);
      session.dispose();
      return records;
    };
    const first = await run(1);
    expect(first.map((r) => r.epoch)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2]);
    expect(await run(1)).toEqual(first);
    expect((await run(2)).map((r) => r.loss)).not.toEqual(first.map((r) => r.loss));
  }, 60_000);

  it('leaves no tensors behind across steps and snapshots (after the first step made Adam state)', async () => {
    const session = createMnistSession(options);
    await session.step(1);
    const before = (await session.snapshot()).numTensors;
    for (let i = 0; i < 5; i++) await session.step(4);
    expect((await session.snapshot()).numTensors).toBe(before);
    session.configure({ learningRate: 3e-3, beta: 2 });
    await session.step(2);
    expect((await session.snapshot()).numTensors).toBe(before);
    session.dispose();
  }, 60_000);

  it('names bad settings and data', () => {
    expect(() => createMnistSession({ ...options, images: options.images.subarray(0, 50 * 784) })).toThrow(
      new TrainSettingsError(
        'the training set must be at least 100 28x28 images (a multiple of 784 values), got 39200 values',
      ),
    );
    expect(() => createMnistSession({ ...options, testImages: new Uint8Array(5) })).toThrow(
      'the test set must be at least 1 28x28 images (a multiple of 784 values), got 5 values',
    );
    expect(() => createMnistSession({ ...options, batchSize: 0 })).toThrow(
      'batch size must be an integer >= 1, got 0',
    );
    expect(() => createMnistSession({ ...options, beta: -1 })).toThrow(
      'beta must be a finite number >= 0, got -1',
    );
  });
});
