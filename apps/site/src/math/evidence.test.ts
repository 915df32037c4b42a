import { createVae, elbo, mulberry32, standardNormal, type Vae, type VaeConfig } from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeEvidence, type DecodeMeans } from './evidence.ts';

// A small Bernoulli VAE of @ellipse/core (random weights, seed 3): 24 pixels, 2-D latent. Its decoder is
// the capability computeEvidence decodes through. The oracles are computed by other code from the same
// model: core's Monte Carlo ELBO, and log p(x) by brute force in tfjs (logits and softplus, not the
// clamped float32 means; a wider, finer grid of its own).
const config: VaeConfig = {
  inputSize: 24,
  imageShape: null,
  latentSize: 2,
  hiddenSizes: [16],
  activation: 'tanh',
  likelihood: 'bernoulli',
  gaussianVariance: 'learned',
};

/** Standard-normal draws from core's seeded generator. */
function normals(n: number, seed: number): Float32Array {
  const uniform = mulberry32(seed);
  return Float32Array.from({ length: n }, () => standardNormal(uniform));
}

/** log int p(x|z) p(z) dz on [-8, 8]^2 (200^2 midpoints), log p(x|z) = sum x l - softplus(l) from logits l. */
async function bruteForceLogEvidence(vae: Vae, x: Float32Array): Promise<number> {
  const n = 200;
  const side = 16 / n;
  const logJoint = tf.tidy(() => {
    const axis = tf.add(tf.mul(tf.range(0, n), side), -8 + side / 2); // [n]
    const z = tf.stack(
      [tf.tile(axis, [n]), tf.reshape(tf.tile(tf.reshape(axis, [n, 1]), [1, n]), [n * n])],
      1,
    ); // [n^2, 2]
    const logits = vae.decode(z as tf.Tensor2D); // [n^2, D]
    const ll = tf.sum(tf.sub(tf.mul(tf.tensor2d(x, [1, x.length]), logits), tf.softplus(logits)), 1);
    const logPrior = tf.mul(-0.5, tf.add(tf.sum(tf.square(z), 1), 2 * Math.log(2 * Math.PI)));
    return tf.add(tf.logSumExp(tf.add(ll, logPrior)), 2 * Math.log(side));
  });
  const [value] = await logJoint.data();
  logJoint.dispose();
  return value as number;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('computeEvidence against @ellipse/core', () => {
  it('log p(x) = ELBO + KL(q || p(z|x)); each number matches its oracle; IWAE climbs to log p(x)', async () => {
    const vae = createVae({ config, seed: 3 });
    const x = Float32Array.from({ length: 24 }, (_, i) => (i % 3 === 0 || i === 7 ? 1 : 0));
    const xTensor = tf.tensor2d(x, [1, 24]);
    const { mu, logVar } = vae.encode(xTensor);
    const muValues = Array.from(await mu.data());
    const sigma = Array.from(await logVar.data(), (lv) => Math.exp(lv / 2));
    mu.dispose();
    logVar.dispose();
    const decode: DecodeMeans = async (z) => {
      const means = tf.tidy(() => tf.sigmoid(vae.decode(tf.tensor2d(z, [z.length / 2, 2])))); // [N, D]
      const values = (await means.data()) as Float32Array;
      means.dispose();
      return values;
    };
    const before = tf.memory().numTensors;
    const evidence = await computeEvidence({
      decode,
      x,
      q: { mu: muValues, sigma },
      eps: normals(2 * 20_000, 7),
      ks: [1, 10, 100, 1000],
    });
    expect(tf.memory().numTensors).toBe(before);

    // the identity, from three separate computations (grid, Gauss-Hermite + closed form, grid)
    expect(Math.abs(evidence.identityGap)).toBeLessThan(1e-3);
    expect(evidence.qMass).toBeCloseTo(1, 3);
    expect(evidence.klPosterior).toBeGreaterThan(0);

    expect(evidence.logEvidence).toBeCloseTo(await bruteForceLogEvidence(vae, x), 4);

    const parts = elbo({ vae, x: xTensor, samples: 20_000, seed: 5 });
    const coreElbo = (await parts.elbo.data())[0] as number;
    const coreKl = (await parts.kl.data())[0] as number;
    for (const t of Object.values(parts)) t.dispose();
    expect(evidence.klPrior).toBeCloseTo(coreKl, 4); // both analytic
    expect(Math.abs(evidence.elbo - coreElbo)).toBeLessThan(0.05); // Monte Carlo error of core's L = 20,000

    // the IWAE bounds climb from the ELBO toward log p(x)
    const means = evidence.iwae.map((p) => p.mean);
    expect(Math.abs((means[0] as number) - evidence.elbo)).toBeLessThan(0.05);
    for (let i = 1; i < means.length; i += 1)
      expect(means[i] as number).toBeGreaterThan((means[i - 1] as number) - 1e-3);
    const last = evidence.iwae.at(-1);
    expect(Math.abs(evidence.logEvidence - (last?.mean as number))).toBeLessThan(
      3 * (last?.standardError as number),
    );

    xTensor.dispose();
    vae.dispose();
  }, 60_000); // ~30,000 decoded rows through tfjs's pure-JS cpu backend, on a shared machine

  it('rejects a q that is not a 2-D Gaussian with positive sigma', async () => {
    const decode: DecodeMeans = async (z) => new Float32Array(z.length / 2);
    await expect(
      computeEvidence({
        decode,
        x: [1],
        q: { mu: [0, 0], sigma: [0, 1] },
        eps: new Float32Array(2),
        ks: [1],
      }),
    ).rejects.toThrow(/positive sigma/);
  });
});
