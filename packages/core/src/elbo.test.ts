import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { BINARY, constantBernoulliVae, handLogLikelihood } from '../test/constant-bernoulli.ts';
import {
  closedFormElbo,
  DATA,
  encodeLinear,
  exactEncoder,
  type LinearEncoder,
  linearGaussianVae,
  logMarginal,
  MODEL,
  mismatchedEncoder,
  posterior,
} from '../test/linear-gaussian.ts';
import {
  ConfigError,
  elbo,
  elboViaEntropy,
  elboViaPosterior,
  logLikelihood,
  NonFiniteError,
  ShapeError,
  type Vae,
} from './index.ts';

const N = DATA.length;
const evidence = DATA.map((x) => logMarginal(MODEL, x));
const closedForm = (encoder: LinearEncoder) =>
  DATA.map((x) => {
    const { mu, v } = encodeLinear(encoder, x);
    return closedFormElbo(MODEL, x, mu, v);
  });

/** Mean and standard error over R independent estimates (rows) of N per-example values. */
function spread(estimates: number[][]): { mean: number[]; se: number[] } {
  const r = estimates.length;
  const mean = DATA.map((_, i) => estimates.reduce((s, e) => s + (e[i] as number), 0) / r);
  const se = mean.map((m, i) =>
    Math.sqrt(estimates.reduce((s, e) => s + ((e[i] as number) - m) ** 2, 0) / (r - 1) / r),
  );
  return { mean, se };
}

/** R = 20 seeded estimates of a per-example quantity. */
const repeat = (estimate: (seed: number) => tf.Tensor): number[][] =>
  Array.from({ length: 20 }, (_, seed) => {
    const t = estimate(seed);
    const values = Array.from(t.dataSync());
    t.dispose();
    return values;
  });

describe('the linear-Gaussian oracle itself', () => {
  it('has closed-form ELBO = log p(x) at the exact posterior, and < log p(x) elsewhere', () => {
    const exact = closedForm(exactEncoder(MODEL));
    const mismatched = closedForm(mismatchedEncoder(MODEL));
    DATA.forEach((_, i) => {
      expect(exact[i]).toBeCloseTo(evidence[i] as number, 9);
      expect(evidence[i] as number).toBeGreaterThan((mismatched[i] as number) + 0.05);
    });
  });
});

describe('elbo on the linear-Gaussian model', () => {
  const x = tf.tensor2d(DATA);
  const exactVae = linearGaussianVae(MODEL, exactEncoder(MODEL));
  const wrongVae = linearGaussianVae(MODEL, mismatchedEncoder(MODEL));
  afterAll(() => {
    tf.dispose(x);
    exactVae.dispose();
    wrongVae.dispose();
  });
  const mcElbo = (vae: Vae, seed: number) => {
    const parts = elbo({ vae, x, samples: 500, seed });
    tf.dispose([parts.expectedLogLikelihood, parts.kl]);
    return parts.elbo;
  };

  it('matches the closed form within 4 SE for a mismatched q, and stays below log p(x)', () => {
    const oracle = closedForm(mismatchedEncoder(MODEL));
    const { mean, se } = spread(repeat((seed) => mcElbo(wrongVae, seed)));
    console.info(
      `mismatched q: log p(x) ${evidence.map((v) => v.toFixed(3))}, closed-form ELBO ${oracle.map((v) => v.toFixed(3))}, ` +
        `MC ${mean.map((v) => v.toFixed(3))} +/- ${se.map((v) => v.toFixed(4))}`,
    );
    DATA.forEach((_, i) => {
      expect(Math.abs((mean[i] as number) - (oracle[i] as number))).toBeLessThan(
        4 * (se[i] as number) + 1e-3,
      );
      expect(mean[i] as number).toBeLessThan(evidence[i] as number);
    });
  });

  it('equals log p(x) within 4 SE when q is the exact posterior', () => {
    const { mean, se } = spread(repeat((seed) => mcElbo(exactVae, seed)));
    DATA.forEach((_, i) => {
      expect(Math.abs((mean[i] as number) - (evidence[i] as number))).toBeLessThan(
        4 * (se[i] as number) + 1e-3,
      );
    });
  });

  it('has parts [N] with elbo = expectedLogLikelihood - beta kl and the analytic KL', () => {
    const before = tf.memory().numTensors;
    const parts = elbo({ vae: wrongVae, x, samples: 3, beta: 0.25, seed: 1 });
    const [value, expected, kl] = [parts.elbo, parts.expectedLogLikelihood, parts.kl].map((t) => {
      expect(t.shape).toEqual([N]);
      return Array.from(t.dataSync());
    });
    DATA.forEach((row, i) => {
      const { mu, v } = encodeLinear(mismatchedEncoder(MODEL), row);
      const handKl =
        0.5 * mu.reduce((s, m, k) => s + m * m + (v[k] as number) - Math.log(v[k] as number) - 1, 0);
      expect(kl?.[i]).toBeCloseTo(handKl, 4);
      expect(value?.[i]).toBeCloseTo((expected?.[i] as number) - 0.25 * handKl, 4);
    });
    tf.dispose([parts.elbo, parts.expectedLogLikelihood, parts.kl]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("uses ||mu||^2 + ||sigma - 1||^2 in place of KL with regularizer: 'geometric'", () => {
    const parts = elbo({ vae: wrongVae, x, samples: 2, seed: 4, regularizer: 'geometric' });
    const geometric = parts.kl.dataSync();
    DATA.forEach((row, i) => {
      const { mu, v } = encodeLinear(mismatchedEncoder(MODEL), row);
      const hand = mu.reduce((s, m, k) => s + m * m + (Math.sqrt(v[k] as number) - 1) ** 2, 0);
      expect(geometric[i]).toBeCloseTo(hand, 4);
    });
    tf.dispose([parts.elbo, parts.expectedLogLikelihood, parts.kl]);
  });

  it('agrees in its three forms: E[log p(x|z)] - KL = E[log p(x,z)] + H = log p(x) - KL(q || p(z|x))', () => {
    const oracle = closedForm(mismatchedEncoder(MODEL));
    const exactPosterior = DATA.map((row) => posterior(MODEL, row));
    const before = tf.memory().numTensors;
    const viaPosterior = tf.tidy(() =>
      elboViaPosterior({
        vae: wrongVae,
        x,
        logMarginal: evidence,
        posterior: {
          mu: tf.tensor2d(exactPosterior.map((p) => p.mean)),
          logVar: tf.tensor2d(exactPosterior.map((p) => p.cov.map((row, k) => Math.log(row[k] as number)))),
        },
      }),
    );
    const third = viaPosterior.dataSync();
    viaPosterior.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const first = spread(repeat((seed) => mcElbo(wrongVae, seed)));
    const second = spread(repeat((seed) => elboViaEntropy({ vae: wrongVae, x, samples: 500, seed })));
    expect(tf.memory().numTensors).toBe(before);
    DATA.forEach((_, i) => {
      const truth = oracle[i] as number;
      expect(third[i]).toBeCloseTo(truth, 3); // analytic: float32 rounding only
      expect(Math.abs((first.mean[i] as number) - truth)).toBeLessThan(4 * (first.se[i] as number) + 1e-3);
      expect(Math.abs((second.mean[i] as number) - truth)).toBeLessThan(4 * (second.se[i] as number) + 1e-3);
    });
  });

  it('rejects bad input with named errors naming the value', () => {
    expect(() => elbo({ vae: wrongVae, x: tf.zeros([2, 4]) as tf.Tensor2D, samples: 1 })).toThrow(ShapeError);
    expect(() => elbo({ vae: wrongVae, x: tf.tensor2d([[0, Number.NaN, 0]]), samples: 1 })).toThrow(
      NonFiniteError,
    );
    expect(() => elbo({ vae: wrongVae, x, samples: 0 })).toThrow(/samples must be an integer >= 1, got 0/);
    expect(() => elbo({ vae: wrongVae, x, samples: 1.5 })).toThrow(ConfigError);
    expect(() => elbo({ vae: wrongVae, x, samples: 1, beta: -1 })).toThrow(/beta must be .* got -1/);
    expect(() => elbo({ vae: wrongVae, x, samples: 1, beta: Number.NaN })).toThrow(ConfigError);
    expect(() => elbo({ vae: wrongVae, x, samples: 1, regularizer: 'l2' as never })).toThrow(
      /unknown regularizer 'l2'/,
    );
    expect(() => elboViaEntropy({ vae: wrongVae, x, samples: -2 })).toThrow(/got -2/);
    expect(() =>
      elboViaPosterior({
        vae: wrongVae,
        x,
        logMarginal: [1],
        posterior: { mu: tf.zeros([N, 2]), logVar: tf.zeros([N, 2]) },
      }),
    ).toThrow(/logMarginal has 1 values/);
    expect(() =>
      elboViaPosterior({
        vae: wrongVae,
        x,
        logMarginal: evidence,
        posterior: { mu: tf.zeros([N, 3]), logVar: tf.zeros([N, 2]) },
      }),
    ).toThrow(ShapeError);
  });
});

describe('elbo with a Bernoulli decoder', () => {
  it('equals the hand-computed sum x l - softplus(l) when the decoder ignores z and q = p(z)', () => {
    const vae = constantBernoulliVae();
    const x = tf.tensor2d(BINARY);
    const before = tf.memory().numTensors;
    const parts = elbo({ vae, x, samples: 5, seed: 1 });
    const values = parts.elbo.dataSync();
    const kl = parts.kl.dataSync();
    tf.dispose([parts.elbo, parts.expectedLogLikelihood, parts.kl]);
    const z = tf.zeros([2, BINARY.length, 2]);
    const logP = logLikelihood(vae, x, z); // [L = 2, N]
    expect(logP.shape).toEqual([2, BINARY.length]);
    const logPValues = logP.dataSync();
    tf.dispose([z, logP]);
    expect(tf.memory().numTensors).toBe(before);
    BINARY.forEach((row, i) => {
      expect(values[i]).toBeCloseTo(handLogLikelihood(row), 5);
      expect(kl[i]).toBe(0);
      expect(logPValues[i]).toBeCloseTo(handLogLikelihood(row), 5);
    });
    tf.dispose(x);
    vae.dispose();
  });
});
