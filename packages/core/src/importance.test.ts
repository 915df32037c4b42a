import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DATA,
  exactEncoder,
  linearGaussianVae,
  logMarginal,
  MODEL,
  mismatchedEncoder,
  sampleData,
} from '../test/linear-gaussian.ts';
import { ConfigError, importanceLogLikelihood, iwaeBound, NonFiniteError, ShapeError } from './index.ts';

const evidence = DATA.map((x) => logMarginal(MODEL, x));
const meanOf = (values: ArrayLike<number>) => Array.from(values).reduce((a, b) => a + b, 0) / values.length;

describe('importance-weighted bounds on the linear-Gaussian model', () => {
  const x = tf.tensor2d(DATA);
  const wrongVae = linearGaussianVae(MODEL, mismatchedEncoder(MODEL));
  const exactVae = linearGaussianVae(MODEL, exactEncoder(MODEL));
  afterAll(() => {
    x.dispose();
    wrongVae.dispose();
    exactVae.dispose();
  });

  it('IWAE bound grows with k for a mismatched q (paired increments over 64 points x 20 seeds)', () => {
    const points = sampleData(MODEL, 64, 5);
    const many = tf.tensor2d(points);
    const truth = meanOf(points.map((p) => logMarginal(MODEL, p)));
    const before = tf.memory().numTensors;
    const ks = [1, 5, 25, 125, 625];
    // bounds[r][j]: L_k for k = ks[j] with seed r, averaged over the points. With one seed the k samples
    // are a prefix of the larger draws (common random numbers), which makes the increments less noisy.
    const bounds = Array.from({ length: 20 }, (_, seed) =>
      ks.map((k) => {
        const bound = iwaeBound({ vae: wrongVae, x: many, k, seed });
        expect(bound.shape).toEqual([points.length]);
        const value = meanOf(bound.dataSync());
        bound.dispose();
        return value;
      }),
    );
    expect(tf.memory().numTensors).toBe(before);
    many.dispose();
    const means = ks.map((_, j) => meanOf(bounds.map((row) => row[j] as number)));
    console.info(`IWAE k = ${ks}: ${means.map((b) => b.toFixed(4))}; log p(x) ${truth.toFixed(4)}`);
    for (let j = 1; j < ks.length; j++) {
      const increments = bounds.map((row) => (row[j] as number) - (row[j - 1] as number));
      const mean = meanOf(increments);
      const se = Math.sqrt(meanOf(increments.map((d) => (d - mean) ** 2)) / (increments.length - 1));
      console.info(`L_${ks[j]} - L_${ks[j - 1]} = ${mean.toFixed(4)} +/- ${se.toFixed(4)}`);
      // E[L_k] increases with k: the first increments by more than 3 SE; later ones (~ chi^2 / 2k, below
      // the noise) must not be significantly negative.
      expect(mean).toBeGreaterThan(j <= 2 ? 3 * se : -2 * se);
    }
    // L_1 is the ELBO, below log p(x) by KL(q || p(z|x)) ~ 0.25 nats; L_625 within 0.05 of log p(x).
    expect(means[0] as number).toBeLessThan(truth - 0.1);
    expect(Math.abs((means.at(-1) as number) - truth)).toBeLessThan(0.05);
  });

  it('the k = 5000 importance-sampled log-likelihood is within 0.05 nats of log p(x) for a mismatched q', async () => {
    const before = tf.memory().numTensors;
    const estimate = await importanceLogLikelihood({
      vae: wrongVae,
      x,
      samples: 5000,
      chunkSize: 500,
      seed: 9,
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(estimate).toBeInstanceOf(Float64Array);
    console.info(
      `log p(x) ${evidence.map((v) => v.toFixed(4))} vs IS k = 5000 ${Array.from(estimate, (v) => v.toFixed(4))}`,
    );
    evidence.forEach((truth, i) => {
      expect(Math.abs((estimate[i] as number) - truth)).toBeLessThan(0.05);
    });
  });

  it('with q the exact posterior every weight is p(x): L_1 and the chunked estimate equal log p(x)', async () => {
    // log w = log p(x, z) - log p(z|x) = log p(x) for every z, so any k and any chunking give log p(x).
    const bound = iwaeBound({ vae: exactVae, x, k: 1, seed: 2 });
    const chunked = await importanceLogLikelihood({ vae: exactVae, x, samples: 50, chunkSize: 7, seed: 3 });
    const values = bound.dataSync();
    evidence.forEach((truth, i) => {
      expect(values[i]).toBeCloseTo(truth, 3);
      expect(chunked[i]).toBeCloseTo(truth, 3);
    });
    bound.dispose();
  });

  it('rejects bad input with named errors', async () => {
    expect(() => iwaeBound({ vae: wrongVae, x, k: 0 })).toThrow(/k must be an integer >= 1, got 0/);
    expect(() => iwaeBound({ vae: wrongVae, x: tf.zeros([2, 2]) as tf.Tensor2D, k: 5 })).toThrow(ShapeError);
    await expect(importanceLogLikelihood({ vae: wrongVae, x, samples: 10, chunkSize: 2.5 })).rejects.toThrow(
      ConfigError,
    );
    await expect(importanceLogLikelihood({ vae: wrongVae, x, samples: -1 })).rejects.toThrow(/got -1/);
    await expect(
      importanceLogLikelihood({ vae: wrongVae, x: tf.tensor2d([[0, 0, Number.NaN]]) }),
    ).rejects.toThrow(NonFiniteError);
  });
});
