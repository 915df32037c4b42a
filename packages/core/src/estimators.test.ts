import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { BINARY, constantBernoulliVae, handLogLikelihood, LOGITS } from '../test/constant-bernoulli.ts';
import {
  closedFormElboTensor,
  DATA,
  linearGaussianVae,
  MODEL,
  mismatchedEncoder,
} from '../test/linear-gaussian.ts';
import {
  ConfigError,
  type EstimatorName,
  estimateGradients,
  leaveOneOutBaseline,
  NonFiniteError,
  type ScoreBaseline,
  ShapeError,
  standardNormalNoise,
} from './index.ts';

const DRAWS = 400;
const SAMPLES = 4;

describe('gradient estimators on the linear-Gaussian model', () => {
  const x = tf.tensor2d(DATA);
  const vae = linearGaussianVae(MODEL, mismatchedEncoder(MODEL));
  afterAll(() => {
    x.dispose();
    vae.dispose();
  });
  const names = [...vae.variables.keys()];
  const idToName = new Map([...vae.variables].map(([name, v]) => [v.name, name]));

  // Oracle: tf.grad of the closed-form loss -mean_N ELBO (analytic, no sampling).
  const exact = (() => {
    const { value, grads } = tf.variableGrads(
      () => tf.neg(tf.mean(closedFormElboTensor(vae, x, MODEL.s2))) as tf.Scalar,
      [...vae.variables.values()],
    );
    const out = new Map(
      Object.entries(grads).map(([id, g]) => [idToName.get(id) as string, Array.from(g.dataSync())]),
    );
    tf.dispose([value, ...Object.values(grads)]);
    return out;
  })();

  /** An estimator with its options: the score function with either baseline. */
  type Variant = 'reparam' | 'score' | 'score-no-baseline';
  const VARIANTS: Readonly<Record<Variant, { estimator: EstimatorName; baseline?: ScoreBaseline }>> = {
    reparam: { estimator: 'reparam' },
    score: { estimator: 'score' },
    'score-no-baseline': { estimator: 'score', baseline: 'none' },
  };

  /** Per-component mean and variance of DRAWS independent estimates, in float64. */
  async function moments(variant: Variant) {
    const sum = new Map(names.map((n) => [n, new Float64Array(exact.get(n)?.length ?? 0)]));
    const sq = new Map(names.map((n) => [n, new Float64Array(exact.get(n)?.length ?? 0)]));
    for (let draw = 0; draw < DRAWS; draw++) {
      const { grads } = await estimateGradients({
        vae,
        x,
        ...VARIANTS[variant],
        samples: SAMPLES,
        seed: 1000 + draw,
      });
      for (const [id, grad] of Object.entries(grads)) {
        const name = idToName.get(id) as string;
        const [s1, s2] = [sum.get(name) as Float64Array, sq.get(name) as Float64Array];
        grad.dataSync().forEach((g, j) => {
          s1[j] = (s1[j] as number) + g;
          s2[j] = (s2[j] as number) + g * g;
        });
        grad.dispose();
      }
    }
    return names.map((name) => {
      const mean = Array.from(sum.get(name) as Float64Array, (s) => s / DRAWS);
      const variance = Array.from(
        sq.get(name) as Float64Array,
        (s, j) => (s - DRAWS * (mean[j] as number) ** 2) / (DRAWS - 1),
      );
      return { name, mean, variance };
    });
  }

  const results = new Map<Variant, Awaited<ReturnType<typeof moments>>>();
  const totalVariance = (variant: Variant, prefix: string) =>
    (results.get(variant) ?? [])
      .filter(({ name }) => name.startsWith(prefix))
      .reduce((s, { variance }) => s + variance.reduce((a, b) => a + b, 0), 0);

  for (const estimator of Object.keys(VARIANTS) as Variant[]) {
    it(`'${estimator}' is unbiased: the mean of ${DRAWS} estimates (L = ${SAMPLES}) is within 4 SE of the exact gradient`, async () => {
      const before = tf.memory().numTensors;
      const result = await moments(estimator);
      results.set(estimator, result);
      expect(tf.memory().numTensors).toBe(before);
      expect(result.map(({ name }) => name).sort()).toEqual([...names].sort());
      for (const { name, mean, variance } of result) {
        const truth = exact.get(name) as number[];
        mean.forEach((m, j) => {
          const se = Math.sqrt((variance[j] as number) / DRAWS);
          const t = truth[j] as number;
          // 4 standard errors of the mean (measured), plus float32 rounding of the gradient itself.
          expect(
            Math.abs(m - t),
            `${estimator} ${name}[${j}]: mean ${m} vs exact ${t}, SE ${se}`,
          ).toBeLessThan(4 * se + 1e-4 * (1 + Math.abs(t)));
        });
      }
    });
  }

  it('the score-function estimator has a larger variance than the reparameterisation one', () => {
    const encoder = {
      reparam: totalVariance('reparam', 'encoder/'),
      score: totalVariance('score', 'encoder/'),
    };
    const decoder = {
      reparam: totalVariance('reparam', 'decoder/'),
      score: totalVariance('score', 'decoder/'),
    };
    console.info(
      `total gradient variance per estimate (L = ${SAMPLES}, N = ${DATA.length}), sum over components: ` +
        `encoder reparam ${encoder.reparam.toExponential(3)} vs score ${encoder.score.toExponential(3)} ` +
        `(ratio ${(encoder.score / encoder.reparam).toFixed(1)}); ` +
        `decoder reparam ${decoder.reparam.toExponential(3)} vs score ${decoder.score.toExponential(3)}`,
    );
    expect(encoder.reparam).toBeGreaterThan(0);
    expect(encoder.score).toBeGreaterThan(encoder.reparam);
  });

  it('the score function without its baseline has a larger encoder variance than with it', () => {
    const withBaseline = totalVariance('score', 'encoder/');
    const without = totalVariance('score-no-baseline', 'encoder/');
    console.info(
      `score-function encoder variance (L = ${SAMPLES}): leave-one-out ${withBaseline.toExponential(3)}, ` +
        `none ${without.toExponential(3)} (ratio ${(without / withBaseline).toFixed(1)})`,
    );
    expect(without).toBeGreaterThan(withBaseline);
  });

  it('returns the batch-mean ELBO parts and leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    const estimate = await estimateGradients({ vae, x, estimator: 'score', samples: 2, beta: 0.5, seed: 1 });
    tf.dispose(Object.values(estimate.grads));
    expect(tf.memory().numTensors).toBe(before);
    expect(estimate.elbo).toBeCloseTo(estimate.expectedLogLikelihood - 0.5 * estimate.kl, 4);
    expect(estimate.kl).toBeGreaterThan(0);
  });

  it('rejects bad input with named errors', async () => {
    await expect(estimateGradients({ vae, x, estimator: 'pathwise' as never, samples: 1 })).rejects.toThrow(
      /unknown estimator 'pathwise'/,
    );
    await expect(estimateGradients({ vae, x, estimator: 'score', samples: 1 })).rejects.toThrow(ConfigError);
    await expect(
      estimateGradients({ vae, x, estimator: 'score', samples: 2, baseline: 'mean' as never }),
    ).rejects.toThrow(/unknown baseline 'mean'/);
    await expect(
      estimateGradients({ vae, x, estimator: 'reparam', samples: 2, baseline: 'none' }),
    ).rejects.toThrow(/baseline 'none' given to the 'reparam' estimator/);
    await expect(
      estimateGradients({ vae, x, estimator: 'score', samples: 0, baseline: 'none' }),
    ).rejects.toThrow(/baseline 'none'\) must be an integer >= 1, got 0/);
    await expect(estimateGradients({ vae, x, estimator: 'reparam', samples: 0 })).rejects.toThrow(/got 0/);
    await expect(
      estimateGradients({ vae, x, estimator: 'reparam', samples: 1, beta: Infinity }),
    ).rejects.toThrow(/beta/);
    await expect(
      estimateGradients({ vae, x: tf.zeros([3]) as never, estimator: 'reparam', samples: 1 }),
    ).rejects.toThrow(ShapeError);
    await expect(
      estimateGradients({ vae, x: tf.tensor2d([[Infinity, 0, 0]]), estimator: 'reparam', samples: 1 }),
    ).rejects.toThrow(NonFiniteError);
  });
});

describe('leaveOneOutBaseline', () => {
  it('averages the other samples of each example: f [L, N] -> b [L, N]', () => {
    const b = leaveOneOutBaseline(
      tf.tensor2d([
        [1, 10],
        [2, 20],
        [6, 60],
      ]),
    );
    expect(Array.from(b.dataSync())).toEqual([4, 40, 3.5, 35, 1.5, 15]);
  });
});

describe('gradient estimators on a hand-computed case', () => {
  it('both give d(-ELBO)/d(decoder bias) = sigmoid(l) - mean x and 0 for the encoder, for a z-independent decoder', async () => {
    const vae = constantBernoulliVae();
    const x = tf.tensor2d(BINARY);
    const nameOf = new Map([...vae.variables].map(([name, v]) => [v.name, name]));
    for (const estimator of ['reparam', 'score'] as const) {
      const { grads } = await estimateGradients({ vae, x, estimator, samples: 3, seed: 2 });
      for (const [id, grad] of Object.entries(grads)) {
        const values = Array.from(grad.dataSync());
        if (nameOf.get(id) === 'decoder/output/kernel') continue; // depends on z: see the oracle
        if (nameOf.get(id) === 'decoder/output/bias') {
          LOGITS.forEach((l, d) => {
            const meanX = BINARY.reduce((s, row) => s + (row[d] as number), 0) / BINARY.length;
            expect(values[d]).toBeCloseTo(1 / (1 + Math.exp(-l)) - meanX, 5);
          });
        } else {
          for (const v of values) expect(Math.abs(v), `${estimator} ${nameOf.get(id)}`).toBeLessThan(1e-6);
        }
      }
      tf.dispose(Object.values(grads));
    }
    tf.dispose(x);
    vae.dispose();
  });
});

describe('the score function without a baseline, by hand', () => {
  // On the constant-Bernoulli model q = N(0, I) and f_n = log p(x_n|z) = c_n for every z, so with
  // b = 0 the encoder's gradient is all score term: grad log q(z|x) = (eps, (eps^2 - 1) / 2) for the
  // (mu, logvar) heads, and with mu = W x + b_mu,
  //   d(-ELBO)/d b_mu[k] = -1/(N L) sum_{n,l} c_n eps[l,n,k],  d/d W_mu[d,k] = the same with x[n,d],
  //   d(-ELBO)/d b_logvar[k] = -1/(N L) sum_{n,l} c_n (eps[l,n,k]^2 - 1) / 2.
  // The leave-one-out baseline cancels c_n exactly (the test above: all 0), so it has variance 0 here
  // while this one has variance sum_n c_n^2 / (N^2 L) per mu-bias component.
  it('gives the hand-computed encoder gradient for the noise it drew, and is not 0', async () => {
    const vae = constantBernoulliVae();
    const x = tf.tensor2d(BINARY);
    const [N, K, L, seed] = [BINARY.length, 2, 3, 7];
    const nameOf = new Map([...vae.variables].map(([name, v]) => [v.name, name]));
    const c = BINARY.map(handLogLikelihood);
    const noise = standardNormalNoise([L, N, K], seed);
    const eps = Array.from(noise.dataSync()); // [L, N, K] row-major
    noise.dispose();
    const sumOver = (term: (n: number, k: number, e: number) => number, k: number): number => {
      let total = 0;
      for (let l = 0; l < L; l++) {
        for (let n = 0; n < N; n++) total += term(n, k, eps[(l * N + n) * K + k] as number);
      }
      return -total / (N * L);
    };
    const expected: Record<string, number[]> = {
      'encoder/mu/bias': [0, 1].map((k) => sumOver((n, _k, e) => (c[n] as number) * e, k)),
      'encoder/logvar/bias': [0, 1].map((k) =>
        sumOver((n, _k, e) => ((c[n] as number) * (e * e - 1)) / 2, k),
      ),
      // kernel [D, K], row-major: element d * K + k
      'encoder/mu/kernel': [0, 1, 2].flatMap((d) =>
        [0, 1].map((k) =>
          sumOver((n, _k, e) => (c[n] as number) * e * ((BINARY[n] as number[])[d] as number), k),
        ),
      ),
    };
    const before = tf.memory().numTensors;
    const { grads } = await estimateGradients({
      vae,
      x,
      estimator: 'score',
      baseline: 'none',
      samples: L,
      seed,
    });
    const checked: string[] = [];
    for (const [id, grad] of Object.entries(grads)) {
      const name = nameOf.get(id) as string;
      const want = expected[name];
      if (want === undefined) continue;
      const got = Array.from(grad.dataSync());
      expect(got.length).toBe(want.length);
      got.forEach((g, j) => {
        expect(g, `${name}[${j}]`).toBeCloseTo(want[j] as number, 4);
      });
      expect(Math.max(...got.map(Math.abs)), name).toBeGreaterThan(1e-3);
      checked.push(name);
    }
    expect(checked.sort()).toEqual(Object.keys(expected).sort());
    tf.dispose(Object.values(grads));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(x);
    vae.dispose();
  });
});
