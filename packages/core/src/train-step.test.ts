import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  createAdam,
  createVae,
  type EstimatorName,
  elbo,
  NonFiniteError,
  PRESETS,
  ShapeError,
  toyDataset,
  trainStep,
  type Vae,
} from './index.ts';

const POINTS = 64;
const data = () => tf.tensor2d(toyDataset({ name: 'moons', count: POINTS, seed: 1 }), [POINTS, 2]);

/** Mean ELBO per point with 16 samples and a fixed seed: the same noise before and after training. */
function meanElbo(vae: Vae, x: tf.Tensor2D): number {
  const parts = elbo({ vae, x, samples: 16, seed: 123 });
  const value = tf.tidy(() => tf.mean(parts.elbo).dataSync()[0] as number);
  tf.dispose([parts.elbo, parts.expectedLogLikelihood, parts.kl]);
  return value;
}

/** Full-batch training on `moons` with core's Adam; returns the ELBO before and after and the last step. */
async function train(estimator: EstimatorName, steps: number, samples: number) {
  const vae = createVae({ config: PRESETS.toy2d, seed: 3 });
  const optimizer = createAdam({ variables: vae.variables, learningRate: 2e-2 });
  const x = data();
  const before = meanElbo(vae, x);
  let last = await trainStep({ vae, optimizer, x, estimator, samples, seed: 0 });
  const tensors = tf.memory().numTensors; // after the first step created Adam's moments
  for (let step = 1; step < steps; step++)
    last = await trainStep({ vae, optimizer, x, estimator, samples, seed: step });
  expect(tf.memory().numTensors).toBe(tensors);
  const after = meanElbo(vae, x);
  tf.dispose(x);
  optimizer.dispose();
  vae.dispose();
  return { before, after, last };
}

describe('trainStep', () => {
  it('200 reparameterised Adam steps on toy2d moons raise the ELBO by more than 0.4 nat per point, leaking nothing', async () => {
    const { before, after, last } = await train('reparam', 200, 1);
    console.info(`reparam: ELBO ${before.toFixed(3)} -> ${after.toFixed(3)} nats per point`);
    expect(after - before).toBeGreaterThan(0.4);
    expect(last.loss).toBeCloseTo(last.reconstruction + last.kl, 4);
    expect(last.kl).toBeGreaterThan(0);
  });

  it('the score-function estimator trains too: 100 steps (L = 4) raise the ELBO by more than 0.3 nat per point', async () => {
    const { before, after } = await train('score', 100, 4);
    console.info(`score: ELBO ${before.toFixed(3)} -> ${after.toFixed(3)} nats per point`);
    expect(after - before).toBeGreaterThan(0.3);
  });

  it('also drives a tfjs optimiser (tf.train.adam), with the geometric regulariser and beta', async () => {
    const vae = createVae({ config: PRESETS.toy2d, seed: 4 });
    const optimizer = tf.train.adam(1e-2);
    const x = data();
    const initial = await vae.getWeights();
    const result = await trainStep({
      vae,
      optimizer,
      x,
      estimator: 'reparam',
      samples: 2,
      beta: 0.5,
      regularizer: 'geometric',
    });
    expect(result.loss).toBeCloseTo(result.reconstruction + 0.5 * result.kl, 4);
    for (const [name, weight] of Object.entries(await vae.getWeights())) {
      expect(weight.values, name).not.toEqual(initial[name]?.values);
    }
    optimizer.dispose();
    tf.dispose(x);
    vae.dispose();
  });

  it('rejects bad input with named errors before touching the weights', async () => {
    const vae = createVae({ config: PRESETS.toy2d, seed: 5 });
    const optimizer = createAdam({ variables: vae.variables, learningRate: 1e-2 });
    const initial = await vae.getWeights();
    const nan = tf.tensor2d([[0, Number.NaN]]);
    await expect(trainStep({ vae, optimizer, x: nan, estimator: 'reparam', samples: 1 })).rejects.toThrow(
      NonFiniteError,
    );
    await expect(
      trainStep({ vae, optimizer, x: tf.zeros([4, 3]) as tf.Tensor2D, estimator: 'reparam', samples: 1 }),
    ).rejects.toThrow(ShapeError);
    await expect(
      trainStep({
        vae,
        optimizer,
        x: tf.zeros([4, 2]) as tf.Tensor2D,
        estimator: 'reparam',
        samples: 2,
        beta: -0.1,
      }),
    ).rejects.toThrow(/beta must be a finite number >= 0, got -0.1/);
    expect(await vae.getWeights()).toEqual(initial);
    expect(optimizer.step).toBe(0);
    optimizer.dispose();
    vae.dispose();
  });
});
