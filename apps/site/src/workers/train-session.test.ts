import '@tensorflow/tfjs-backend-cpu';
import { TOY_DATASETS, toyDataset } from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { TRAIN_DATASETS, TRAIN_POINTS } from '../figures/train-settings.ts';
import { createTrainSession, TRACKED_POINTS, TrainSettingsError, trainingPoints } from './train-session.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const points = toyDataset({ name: 'moons', count: 128, seed: 3 });
const options = { points, seed: 3, learningRate: 1e-2, beta: 1, priorSamples: 16 };

describe('createTrainSession (core toy2d, full batch, cpu backend)', () => {
  it('lowers the loss: the mean of steps 191-200 is below the mean of steps 1-10', async () => {
    const session = createTrainSession(options);
    const records = await session.step(200);
    session.dispose();
    expect(records.map((r) => r.step)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const mean = (rs: typeof records) => rs.reduce((s, r) => s + r.loss, 0) / rs.length;
    const first = mean(records.slice(0, 10));
    const last = mean(records.slice(-10));
    console.info(
      `toy2d on moons, lr 1e-2: mean loss steps 1-10 ${first.toFixed(3)}, 191-200 ${last.toFixed(3)}`,
    );
    expect(last).toBeLessThan(first - 0.5);
    for (const r of records) expect(r.loss).toBeCloseTo(r.reconstruction + r.kl, 4);
  }, 60_000);

  it('reproduces its losses from the seed; another seed gives others', async () => {
    const run = async (seed: number) => {
      const session = createTrainSession({ ...options, seed });
      const losses = (await session.step(5)).map((r) => r.loss);
      session.dispose();
      return losses;
    };
    const first = await run(3);
    expect(await run(3)).toEqual(first);
    expect(await run(4)).not.toEqual(first);
  });

  it('leaves no tensors behind across 100 steps and snapshots (after the first step made Adam state)', async () => {
    const session = createTrainSession(options);
    await session.step(1);
    const before = (await session.snapshot()).numTensors;
    for (let i = 0; i < 10; i++) await session.step(10);
    const snapshot = await session.snapshot();
    expect(snapshot.numTensors).toBe(before);
    expect(snapshot.step).toBe(101);
    expect(snapshot.mu.length).toBe(256);
    expect(snapshot.sigma.every((s) => s > 0)).toBe(true);
    expect(snapshot.decoded.length).toBe(32);
    const held = tf.memory().numTensors;
    session.dispose();
    expect(tf.memory().numTensors).toBeLessThan(held);
  }, 60_000);

  it('trains on new points (drawn by the reader) and restarts Adam on a new learning rate', async () => {
    const session = createTrainSession(options);
    await session.step(2);
    session.setPoints(new Float32Array([0, 0, 1, 1, -1, 0.5]));
    expect(session.size).toBe(3);
    expect((await session.snapshot()).mu.length).toBe(6);
    session.configure({ learningRate: 1e-3, beta: 0.5 });
    const [record] = await session.step(1);
    expect(record?.step).toBe(3);
    expect(record?.loss).toBeCloseTo((record?.reconstruction ?? 0) + 0.5 * (record?.kl ?? 0), 4);
    session.dispose();
  });

  it("offers core's toy sets (written out in the settings) and appends the drawn points to one", () => {
    expect([...TRAIN_DATASETS].sort()).toEqual([...TOY_DATASETS].sort());
    const points = trainingPoints('rings', 5, new Float32Array([9, 8]));
    expect(points.length).toBe(2 * TRAIN_POINTS + 2);
    expect(points.subarray(0, 2 * TRAIN_POINTS)).toEqual(
      toyDataset({ name: 'rings', count: TRAIN_POINTS, seed: 5 }),
    );
    expect(Array.from(points.subarray(2 * TRAIN_POINTS))).toEqual([9, 8]);
  });

  it("traces the next step with trainStep's own noise: its loss is the step's, and it changes no weight", async () => {
    const traced = createTrainSession({ ...options, beta: 0.5 });
    const plain = createTrainSession({ ...options, beta: 0.5 });
    await traced.step(3);
    await plain.step(3);
    await traced.trace(); // warm-up: later traces must not add tensors
    const before = tf.memory().numTensors;
    const trace = await traced.trace();
    expect(tf.memory().numTensors).toBe(before);
    const [record] = await traced.step(1);
    const [untraced] = await plain.step(1);
    if (record === undefined || untraced === undefined) throw new Error('no step record');
    // The trace changed no weight: the same step with and without a trace before it reports the same loss.
    expect(record.loss).toBe(untraced.loss);
    expect(trace.step).toBe(record.step);
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-5 * Math.max(1, Math.abs(b));
    expect(close(trace.loss, record.loss), `${trace.loss} vs ${record.loss}`).toBe(true);
    expect(close(trace.reconstruction, record.reconstruction)).toBe(true);
    expect(close(trace.kl, record.kl)).toBe(true);
    expect(trace.beta).toBe(0.5);
    // The arrays agree with each other: z = mu + sigma * eps, row by row; q(z|x) is the snapshot's.
    const n = points.length / 2;
    for (const a of [trace.mu, trace.sigma, trace.eps, trace.z, trace.decoded]) expect(a.length).toBe(2 * n);
    for (let i = 0; i < 2 * n; i++) {
      const z = (trace.mu[i] as number) + (trace.sigma[i] as number) * (trace.eps[i] as number);
      expect(trace.z[i]).toBeCloseTo(z, 5);
    }
    // Another step's noise: the next trace draws other eps.
    const next = await traced.trace();
    expect(next.step).toBe(record.step + 1);
    expect(next.eps).not.toEqual(trace.eps);
    expect(next.tracked).toEqual(trace.tracked);
    expect(new Set(trace.tracked).size).toBe(TRACKED_POINTS);
    for (const i of trace.tracked) expect(i).toBeLessThan(n);
    traced.dispose();
    plain.dispose();
  });

  it('traces a snapshot of the weights it has: mu and sigma are the snapshot ones', async () => {
    const session = createTrainSession(options);
    await session.step(2);
    const trace = await session.trace();
    const snapshot = await session.snapshot();
    expect(trace.mu).toEqual(snapshot.mu);
    expect(trace.sigma).toEqual(snapshot.sigma);
    session.dispose();
  });

  it('names bad settings and data', () => {
    expect(() => createTrainSession({ ...options, learningRate: 0 })).toThrow(TrainSettingsError);
    expect(() => createTrainSession({ ...options, beta: -1 })).toThrow(/beta must be .* got -1/);
    expect(() => createTrainSession({ ...options, points: new Float32Array([1, Number.NaN]) })).toThrow(
      /points must be .* got 2 numbers/,
    );
  });
});
