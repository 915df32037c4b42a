import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareMeans, summarise } from '../viz/estimator-stats.ts';
import { createLabModel, disposeLabModel, gradientDraws, type LabModel } from './estimators-lab.ts';

let model: LabModel;
beforeAll(async () => {
  await tf.setBackend('cpu');
  model = createLabModel(1);
});
afterAll(() => disposeLabModel(model));

describe('gradientDraws (core estimateGradients, toy2d)', () => {
  it('both estimators estimate the same gradient; the score function varies more; no tensor leaks', async () => {
    const before = tf.memory().numTensors;
    const options = { model, samples: 4, draws: 60, seed: 5 };
    const reparam = summarise(await gradientDraws({ ...options, estimator: 'reparam' }));
    const score = summarise(await gradientDraws({ ...options, estimator: 'score' }));
    expect(tf.memory().numTensors).toBe(before);
    expect(compareMeans(score, reparam, 3).agree).toBe(true);
    expect(score.variance / reparam.variance).toBeGreaterThan(1);
  }, 30_000);

  it('without its baseline the score function estimates the same gradient with a larger variance', async () => {
    const options = { model, estimator: 'score', samples: 4, draws: 60, seed: 5 } as const;
    const withBaseline = summarise(await gradientDraws(options));
    const without = summarise(await gradientDraws({ ...options, baseline: 'none' }));
    expect(compareMeans(without, withBaseline, 3).agree).toBe(true);
    expect(without.variance / withBaseline.variance).toBeGreaterThan(1);
  }, 30_000);

  it('reproduces its draws from the seed and reports progress', async () => {
    const done: number[] = [];
    const options = { model, estimator: 'score', samples: 2, draws: 5, seed: 9 } as const;
    const first = await gradientDraws({
      ...options,
      progressEvery: 2,
      progress: async (n) => {
        done.push(n);
      },
    });
    expect(done).toEqual([2, 4, 5]);
    expect(await gradientDraws(options)).toEqual(first);
    expect(await gradientDraws({ ...options, seed: 10 })).not.toEqual(first);
  });

  it('names a missing parameter, too few draws and (through core) too few samples', async () => {
    const base = { model, estimator: 'score', samples: 2, draws: 5, seed: 1 } as const;
    await expect(gradientDraws({ ...base, parameter: { name: 'encoder/nope', index: 0 } })).rejects.toThrow(
      /no parameter encoder\/nope\[0\]/,
    );
    await expect(gradientDraws({ ...base, draws: 1 })).rejects.toThrow(
      /draws must be an integer >= 2 .*got 1/,
    );
    await expect(gradientDraws({ ...base, samples: 1 })).rejects.toThrow(/samples/);
  });
});
