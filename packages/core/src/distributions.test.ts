import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  bernoulliLogProb,
  diagonalGaussianEntropy,
  diagonalGaussianLogDensity,
  gaussianLogLikelihood,
  klDiagonalGaussians,
  klToStandardNormal,
  sampleDiagonalGaussian,
  standardNormalLogDensity,
} from './index.ts';

const LOG_2PI = Math.log(2 * Math.PI);
const MU = [
  [0.5, -1.0],
  [0.0, 0.0],
  [2.0, 0.3],
];
const LOG_VAR = [
  [0.0, -1.0],
  [0.0, 0.0],
  [1.2, -2.0],
];
/** KL(N(mu, diag e^lv) || N(0, I)) by hand, float64. */
const handKl = (mu: number[], lv: number[]) =>
  0.5 * mu.reduce((s, m, k) => s + m * m + Math.exp(lv[k] as number) - (lv[k] as number) - 1, 0);

/** Mean and standard error of each column of a row-major [S, N] array, in float64. */
function meanAndStandardError(values: ArrayLike<number>, n: number): { mean: number[]; se: number[] } {
  const s = values.length / n;
  const mean = new Array<number>(n).fill(0);
  const sq = new Array<number>(n).fill(0);
  for (let i = 0; i < values.length; i++) mean[i % n] = (mean[i % n] as number) + (values[i] as number) / s;
  for (let i = 0; i < values.length; i++)
    sq[i % n] = (sq[i % n] as number) + ((values[i] as number) - (mean[i % n] as number)) ** 2;
  return { mean, se: sq.map((v) => Math.sqrt(v / (s - 1) / s)) };
}

describe('diagonal Gaussian', () => {
  it('analytic KL to N(0, I) matches the hand formula and a 1e5-sample Monte Carlo estimate within 4 SE', () => {
    const mu = tf.tensor2d(MU);
    const logVar = tf.tensor2d(LOG_VAR);
    const before = tf.memory().numTensors;
    const analytic = klToStandardNormal({ mu, logVar });
    const samples = 100_000;
    const logRatio = tf.tidy(() => {
      const z = sampleDiagonalGaussian({ mu, logVar, samples, seed: 11 }); // [S, 3, 2]
      return tf.sub(diagonalGaussianLogDensity(z, { mu, logVar }), standardNormalLogDensity(z)); // [S, 3]
    });
    const { mean, se } = meanAndStandardError(logRatio.dataSync(), MU.length);
    const values = analytic.dataSync();
    MU.forEach((row, i) => {
      const kl = handKl(row, LOG_VAR[i] as number[]);
      expect(values[i]).toBeCloseTo(kl, 5);
      // Tolerance: 4 standard errors of the MC mean (computed above), plus float32 rounding.
      expect(Math.abs((mean[i] as number) - kl)).toBeLessThan(4 * (se[i] as number) + 1e-4);
    });
    console.info(
      `KL analytic ${Array.from(values).map((v) => v.toFixed(4))} vs MC ${mean.map((v) => v.toFixed(4))} +/- ${se.map((v) => v.toFixed(4))}`,
    );
    tf.dispose([analytic, logRatio]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([mu, logVar]);
  });

  it('entropy matches 1/2 sum (log 2 pi e + logVar) and the Monte Carlo -E[log q]', () => {
    const mu = tf.tensor2d(MU);
    const logVar = tf.tensor2d(LOG_VAR);
    const entropy = diagonalGaussianEntropy(logVar).dataSync();
    const logQ = tf.tidy(() =>
      diagonalGaussianLogDensity(sampleDiagonalGaussian({ mu, logVar, samples: 20_000, seed: 3 }), {
        mu,
        logVar,
      }),
    );
    const { mean, se } = meanAndStandardError(logQ.dataSync(), MU.length);
    LOG_VAR.forEach((lv, i) => {
      const hand = 0.5 * lv.reduce((s, v) => s + LOG_2PI + 1 + v, 0);
      expect(entropy[i]).toBeCloseTo(hand, 5);
      expect(Math.abs(-(mean[i] as number) - hand)).toBeLessThan(4 * (se[i] as number) + 1e-4);
    });
    tf.dispose([mu, logVar, logQ]);
  });

  it('samples z = mu + eps exp(logVar / 2) from injected noise, with shape [L, N, K]', () => {
    const z = sampleDiagonalGaussian({
      mu: tf.tensor2d([[1, -1]]),
      logVar: tf.tensor2d([[Math.log(4), 0]]),
      samples: 2,
      eps: tf.tensor3d([[[0.5, 2]], [[-1, 0]]]),
    });
    expect(z.shape).toEqual([2, 1, 2]);
    expect(Array.from(z.dataSync())).toEqual([2, 1, -1, -1]);
  });

  it('seeded draws repeat; log-density matches a hand case', () => {
    for (const seed of [0, 5]) {
      const draw = () =>
        sampleDiagonalGaussian({ mu: tf.zeros([2, 3]), logVar: tf.zeros([2, 3]), samples: 4, seed });
      expect(Array.from(draw().dataSync())).toEqual(Array.from(draw().dataSync()));
    }
    const logP = diagonalGaussianLogDensity(tf.tensor2d([[1, 2]]), {
      mu: tf.tensor2d([[0, 2.5]]),
      logVar: tf.tensor2d([[0, Math.log(4)]]),
    });
    const hand = -0.5 * (LOG_2PI + 1 + (LOG_2PI + Math.log(4) + 0.25 / 4));
    expect(logP.dataSync()[0]).toBeCloseTo(hand, 5);
  });

  it('KL between diagonal Gaussians: hand case, and equal to klToStandardNormal when p = N(0, I)', () => {
    const q = { mu: tf.tensor2d(MU), logVar: tf.tensor2d(LOG_VAR) };
    const general = klDiagonalGaussians(q, { mu: tf.zeros([3, 2]), logVar: tf.zeros([3, 2]) }).dataSync();
    const special = klToStandardNormal(q).dataSync();
    for (let i = 0; i < 3; i++) expect(general[i]).toBeCloseTo(special[i] as number, 5);
    // KL(N(1, 1) || N(0, 4)) = 1/2 (log 4 - 0 + (1 + 1) / 4 - 1)
    const hand = klDiagonalGaussians(
      { mu: tf.tensor2d([[1]]), logVar: tf.tensor2d([[0]]) },
      { mu: tf.tensor2d([[0]]), logVar: tf.tensor2d([[Math.log(4)]]) },
    ).dataSync()[0];
    expect(hand).toBeCloseTo(0.5 * (Math.log(4) + 0.5 - 1), 6);
  });
});

describe('likelihoods', () => {
  it('Bernoulli log p(x|logits) matches hand cases and stays finite at logits +/-1e4', () => {
    const sp2 = Math.log(1 + Math.exp(2));
    const cases: [number, number, number][] = [
      // x, logit, log p by hand: x log sigmoid(l) + (1 - x) log sigmoid(-l)
      [1, 0, -Math.log(2)],
      [0, 0, -Math.log(2)],
      [1, 2, 2 - sp2],
      [0, 2, -sp2],
      [0, -3, -Math.log(1 + Math.exp(-3))],
      [1, 1e4, 0],
      [0, 1e4, -1e4],
      [1, -1e4, -1e4],
      [0, -1e4, 0],
    ];
    const logP = tf.tidy(() =>
      bernoulliLogProb(tf.tensor2d(cases.map(([x]) => [x])), tf.tensor2d(cases.map(([, l]) => [l]))),
    );
    expect(logP.shape).toEqual([cases.length]);
    const values = logP.dataSync();
    cases.forEach(([, , hand], i) => {
      expect(Number.isFinite(values[i])).toBe(true);
      expect(values[i]).toBeCloseTo(hand, 4);
    });
    // Sums over the last axis: one example with all the finite cases.
    const row = bernoulliLogProb(tf.tensor1d([1, 0, 1]), tf.tensor1d([0, 2, 2])).dataSync()[0];
    expect(row).toBeCloseTo(-Math.log(2) - sp2 + 2 - sp2, 5);
    tf.dispose(logP);
  });

  it('Bernoulli log-prob has finite gradients sigmoid(l) - x at logits +/-1e4', () => {
    const grad = tf.grad((l: tf.Tensor) => bernoulliLogProb(tf.tensor1d([1, 0, 1, 0]), l))(
      tf.tensor1d([1e4, 1e4, -1e4, -1e4]),
    );
    expect(Array.from(grad.dataSync())).toEqual([0, -1, 1, 0]);
  });

  it('Gaussian log-likelihood with per-dimension log-variance [D] broadcast over [L, N, D]', () => {
    const x = tf.tensor2d([[1, 2]]); // [N = 1, D = 2]
    const mean = tf.tensor3d([[[0, 2.5]], [[1, 2]]]); // [L = 2, 1, 2]
    const logVar = tf.tensor1d([0, Math.log(4)]);
    const logP = gaussianLogLikelihood(x, mean, logVar);
    expect(logP.shape).toEqual([2, 1]);
    const [first, second] = logP.dataSync();
    expect(first).toBeCloseTo(-0.5 * (2 * LOG_2PI + Math.log(4) + 1 + 0.25 / 4), 5);
    expect(second).toBeCloseTo(-0.5 * (2 * LOG_2PI + Math.log(4)), 5);
  });
});

describe('distributions leak nothing', () => {
  it('every function leaves only its result behind', () => {
    const mu = tf.tensor2d(MU);
    const logVar = tf.tensor2d(LOG_VAR);
    const x = tf.tensor2d([[1, 0]]);
    const before = tf.memory().numTensors;
    const results = [
      sampleDiagonalGaussian({ mu, logVar, samples: 2, seed: 1 }),
      diagonalGaussianLogDensity(mu, { mu, logVar }),
      standardNormalLogDensity(mu),
      diagonalGaussianEntropy(logVar),
      klToStandardNormal({ mu, logVar }),
      klDiagonalGaussians({ mu, logVar }, { mu: logVar, logVar: mu }),
      bernoulliLogProb(x, mu),
      gaussianLogLikelihood(x, mu, tf.tensor1d([0, 1])),
    ];
    expect(tf.memory().numTensors).toBe(before + results.length + 1); // + the log-variance [D] above
    tf.dispose(results);
    tf.dispose([mu, logVar, x]);
  });
});
