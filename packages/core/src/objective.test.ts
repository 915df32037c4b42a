import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  autoencoderReconstruction,
  ConfigError,
  createAdam,
  createVae,
  type ObjectiveName,
  objectiveStep,
  PRESETS,
  toyDataset,
} from './index.ts';

const POINTS = 128;
const data = () => tf.tensor2d(toyDataset({ name: 'pinwheel', count: POINTS, seed: 2 }), [POINTS, 2]);

/** Trains toy2d on pinwheel full-batch; returns the last step and the mean -log p(x | mu(x)) after. */
async function train(objective: ObjectiveName, steps: number) {
  const vae = createVae({ config: PRESETS.toy2d, seed: 7 });
  const optimizer = createAdam({ variables: vae.variables, learningRate: 1e-2 });
  const x = data();
  const initial = await vae.getWeights();
  let last = await objectiveStep({ vae, optimizer, x, objective, seed: 0 });
  const tensors = tf.memory().numTensors; // after Adam's moments exist
  for (let step = 1; step < steps; step++)
    last = await objectiveStep({ vae, optimizer, x, objective, seed: step });
  expect(tf.memory().numTensors).toBe(tensors);
  const reconstruction = tf.tidy(() => tf.mean(autoencoderReconstruction(vae, x)).dataSync()[0] as number);
  const weights = await vae.getWeights();
  x.dispose();
  optimizer.dispose();
  vae.dispose();
  return { last, reconstruction, initial, weights };
}

describe('objectiveStep', () => {
  it('ae: reconstructs better than vae at an equal number of steps, with no regulariser term', async () => {
    const ae = await train('ae', 300);
    const vae = await train('vae', 300);
    console.info(
      `-log p(x | mu(x)) after 300 steps: ae ${ae.reconstruction.toFixed(3)}, vae ${vae.reconstruction.toFixed(3)} nats`,
    );
    expect(ae.reconstruction).toBeLessThan(vae.reconstruction - 0.5);
    // No regulariser: the loss is the reconstruction alone.
    expect(ae.last.kl).toBe(0);
    expect(ae.last.loss).toBe(ae.last.reconstruction);
    expect(vae.last.kl).toBeGreaterThan(0);
    // Nothing reaches the log-variance head; every other weight moved.
    for (const [name, weight] of Object.entries(ae.weights)) {
      if (name.startsWith('encoder/logvar/')) expect(weight.values, name).toEqual(ae.initial[name]?.values);
      else expect(weight.values, name).not.toEqual(ae.initial[name]?.values);
    }
  }, 300_000);

  it('vae, geometric and score are the ELBO steps of trainStep with the matching estimator and regulariser', async () => {
    for (const objective of ['vae', 'geometric', 'score'] as const) {
      const vae = createVae({ config: PRESETS.toy2d, seed: 8 });
      const optimizer = createAdam({ variables: vae.variables, learningRate: 1e-2 });
      const x = data();
      const result = await objectiveStep({ vae, optimizer, x, objective, samples: 2, beta: 0.5, seed: 3 });
      expect(result.loss).toBeCloseTo(result.reconstruction + 0.5 * result.kl, 4);
      expect(optimizer.step).toBe(1);
      x.dispose();
      optimizer.dispose();
      vae.dispose();
    }
  });

  it('rejects an unknown objective and too few samples for score, naming the value, before any update', async () => {
    const vae = createVae({ config: PRESETS.toy2d, seed: 9 });
    const optimizer = createAdam({ variables: vae.variables, learningRate: 1e-2 });
    const x = data();
    await expect(objectiveStep({ vae, optimizer, x, objective: 'gan' as ObjectiveName })).rejects.toThrow(
      new ConfigError(
        "unknown objective 'gan': expected one of vae, geometric, score, ae, iwae, avb, avb-ac",
      ),
    );
    await expect(objectiveStep({ vae, optimizer, x, objective: 'score', samples: 1 })).rejects.toThrow(
      "samples (objective 'score') must be an integer >= 2, got 1",
    );
    expect(optimizer.step).toBe(0);
    x.dispose();
    optimizer.dispose();
    vae.dispose();
  });
});
