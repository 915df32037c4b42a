import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Adam, createAdam, createVae, mixSeed, presetConfig, type Vae } from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint, restoreTrainingState, saveCheckpoint, vaeCheckpointable } from '../../checkpoint.ts';
import { binarizeDynamic } from '../../data/binarize.ts';
import { loadMnist } from '../../data/mnist.ts';
import { DEFAULT_RUN_OPTIONS } from '../../run-options.ts';
import { type StepBatch, type StepEngine, tfjsStepEngine } from '../../step-engine.ts';
import type { StepResult } from '../../train-loop.ts';
import { vaeStep } from '../../training-model.ts';
import { initBackend } from '../load-backend.ts';
import { createOnnxStepEngine } from './onnx-step-engine.ts';

const config = presetConfig('mnist');
const BATCH = 100;
let images: Float32Array;

beforeAll(async () => {
  await initBackend('wasm');
  images = (await loadMnist({ split: 'train' })).values;
});
afterAll(async () => {
  await initBackend('cpu');
});

/** Real MNIST batches, dynamically binarised as the trainer does; step i uses the noise seed of step i. */
function batch(i: number, size = BATCH): StepBatch {
  const start = (i * BATCH * 784) % (images.length - BATCH * 784);
  const values = binarizeDynamic(images.subarray(start, start + size * 784), { seed: 1, epoch: 0, step: i });
  return { values, size, beta: 1, seed: mixSeed(1, 0x57e9, i) };
}

function model(): { vae: Vae; adam: Adam } {
  const vae = createVae({ config, seed: 4 });
  return { vae, adam: createAdam({ variables: vae.variables, learningRate: 1e-3 }) };
}

/** The mnist run's objective and Adam, on one CPU thread. */
const STEP_OPTIONS = {
  ort,
  samples: 1,
  regularizer: 'kl',
  learningRate: 1e-3,
  executionProvider: 'cpu',
  threads: 1,
} as const;
const onnxEngine = (vae: Vae, adam: Adam) => createOnnxStepEngine({ ...STEP_OPTIONS, vae, adam });

async function run(engine: StepEngine, from: number, to: number): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (let i = from; i < to; i++) results.push(await engine.step(batch(i)));
  return results;
}

describe('the ONNX Runtime step engine', () => {
  it("trains 50 steps of the mnist preset with the wasm backend's losses (relative 1e-5)", async () => {
    const a = model();
    const b = model();
    const tfjs = tfjsStepEngine({
      config,
      step: vaeStep(a.vae, a.adam, { objective: 'vae', samples: 1, k: 1 }),
    });
    const onnx = await onnxEngine(b.vae, b.adam);
    const expected = await run(tfjs, 0, 50);
    const actual = await run(onnx, 0, 50);
    // Two float32 runtimes summing in different orders drift apart through Adam: measured 1.5e-6 of
    // the loss at worst over these 50 steps; the bound is 1e-5 of the loss (~0.002-0.006 nats).
    actual.forEach((r, i) => {
      const want = expected[i] as StepResult;
      for (const term of ['loss', 'reconstruction', 'kl'] as const) {
        expect(Math.abs(r[term] - want[term]), `step ${i} ${term}`).toBeLessThan(1e-5 * Math.abs(want.loss));
      }
    });
    expect((actual.at(-1) as StepResult).loss).toBeLessThan((actual[0] as StepResult).loss - 50); // it learns
    // after sync, the model holds the engine's weights: the same as tfjs's, to float32 drift
    await onnx.sync();
    const [wa, wb] = [await a.vae.getWeights(), await b.vae.getWeights()];
    for (const [name, { values }] of Object.entries(wa)) {
      const other = wb[name]?.values as Float32Array;
      const worst = values.reduce((w, x, j) => Math.max(w, Math.abs(x - (other[j] as number))), 0);
      expect(worst, name).toBeLessThan(1e-4);
    }
    expect(b.adam.step).toBe(50);
    await onnx.dispose();
    for (const x of [a.vae, a.adam, b.vae, b.adam]) x.dispose();
  }, 120_000);

  it('resumes from a checkpoint file bit for bit', async () => {
    const straight = model();
    const engine = await onnxEngine(straight.vae, straight.adam);
    const all = await run(engine, 0, 12);
    await engine.sync();
    await engine.dispose();

    const first = model();
    const half = await onnxEngine(first.vae, first.adam);
    await run(half, 0, 6);
    await half.sync();
    await half.dispose();
    const path = join(mkdtempSync(join(tmpdir(), 'ellipse-onnx-step-')), 'checkpoint.ckpt');
    const position = { epoch: 0, step: 6 };
    await saveCheckpoint(path, {
      model: vaeCheckpointable(first.vae, first.adam),
      options: DEFAULT_RUN_OPTIONS,
      position,
    });

    const resumed = model();
    restoreTrainingState(await loadCheckpoint(path), vaeCheckpointable(resumed.vae, resumed.adam), path);
    const rest = await onnxEngine(resumed.vae, resumed.adam);
    const tail = await run(rest, 6, 12);
    await rest.sync();
    await rest.dispose();
    expect(tail).toEqual(all.slice(6));
    expect(await resumed.vae.getWeights()).toEqual(await straight.vae.getWeights());
    expect(await resumed.adam.getState()).toEqual(await straight.adam.getState());
    for (const x of [straight, first, resumed]) {
      x.vae.dispose();
      x.adam.dispose();
    }
  }, 120_000);

  it('takes a smaller last batch, and refuses a non-finite one before touching the weights', async () => {
    const { vae, adam } = model();
    const engine = await onnxEngine(vae, adam);
    const small = await engine.step(batch(0, 7));
    expect(Number.isFinite(small.loss)).toBe(true);
    const bad = batch(1);
    bad.values[3 * 784 + 5] = Number.NaN;
    await expect(engine.step(bad)).rejects.toThrow(/NaN at row 3, column 5/);
    await engine.sync();
    expect(adam.step).toBe(1);
    const before = tf.memory().numTensors;
    await engine.step(batch(2));
    expect(tf.memory().numTensors).toBe(before);
    await engine.dispose();
    vae.dispose();
    adam.dispose();
  }, 60_000);
});
