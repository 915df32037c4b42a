import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  createAdam,
  createDiscriminator,
  type DiagonalGaussian,
  diagonalGaussianLogDensity,
  discriminatorStep,
  mulberry32,
  normalise,
  sampleMoments,
  standardNormalLogDensity,
  standardNormalNoise,
} from './index.ts';

/**
 * Two Gaussians with known densities: x ~ U(-1, 1)^2, q(z|x) = N(mu(x), diag s(x)^2) with
 * mu(x) = (1.5 x_0 + 0.5, -1.2 x_1), s(x) = (0.4 + 0.2 x_0^2, 0.6), against p(z) = N(0, I).
 * The discriminator's optimum is log q(z|x) - log p(z), known in closed form here.
 */
function gaussianQ(x: tf.Tensor2D): DiagonalGaussian {
  return tf.tidy(() => {
    const [x0, x1] = tf.split(x, 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    const mu = tf.concat([tf.add(tf.mul(x0, 1.5), 0.5), tf.mul(x1, -1.2)], 1);
    const sigma = tf.concat([tf.add(tf.mul(tf.square(x0), 0.2), 0.4), tf.fill(x1.shape, 0.6)], 1);
    return { mu, logVar: tf.log(tf.square(sigma)) };
  }) as DiagonalGaussian;
}

function uniformX(n: number, seed: number): tf.Tensor2D {
  const random = mulberry32(seed);
  return tf.tensor2d(
    Array.from({ length: n * 2 }, () => 2 * random() - 1),
    [n, 2],
  );
}

const M = 16; // samples of q per x (adaptive contrast estimates moments from them)
const N = 16; // x per batch

/**
 * Trains T for `steps` Adam steps, plain or with adaptive contrast, then returns its estimate of
 * log q(z|x) - log p(z) and the truth on held-out draws z ~ q(z|x) (64 new x, 16 z each).
 */
async function trainAndCompare(adaptiveContrast: boolean, steps: number) {
  const before = tf.memory().numTensors;
  const discriminator = createDiscriminator({ inputSize: 2, latentSize: 2, hiddenSizes: [64, 64], seed: 1 });
  const optimizer = createAdam({ variables: discriminator.variables, learningRate: 3e-3 });
  for (let step = 0; step < steps; step++) {
    const x = uniformX(N, 1000 + step);
    const [zq, zp] = tf.tidy(() => {
      const q = gaussianQ(x);
      const z = tf.add(q.mu, tf.mul(standardNormalNoise([M, N, 2], 2 * step), tf.exp(tf.mul(q.logVar, 0.5))));
      return [
        adaptiveContrast ? normalise(z, sampleMoments(z)) : z,
        standardNormalNoise([M, N, 2], 2 * step + 1),
      ];
    });
    await discriminatorStep({ discriminator, optimizer, x, zq, zp });
    tf.dispose([x, zq, zp]);
  }
  const x = uniformX(64, 7);
  const [estimate, truth] = tf.tidy(() => {
    const q = gaussianQ(x);
    const z = tf.add(q.mu, tf.mul(standardNormalNoise([M, 64, 2], 99), tf.exp(tf.mul(q.logVar, 0.5))));
    const trueRatio = tf.sub(diagonalGaussianLogDensity(z, q), standardNormalLogDensity(z)); // [M, 64]
    if (!adaptiveContrast) return [discriminator.score(x, z), trueRatio];
    // log q - log p = [log q - log r] + [log r - log p], T(x, z_hat) estimating the first, r analytic,
    // with q's moments from 512 further samples of each x (as AVB's evaluation would estimate them).
    const r = sampleMoments(
      tf.add(q.mu, tf.mul(standardNormalNoise([512, 64, 2], 98), tf.exp(tf.mul(q.logVar, 0.5)))),
    );
    const logRatio = tf.sub(diagonalGaussianLogDensity(z, r), standardNormalLogDensity(z));
    return [tf.add(discriminator.score(x, normalise(z, r)), logRatio), trueRatio];
  });
  const a = Array.from(await (estimate as tf.Tensor).data());
  const b = Array.from(await (truth as tf.Tensor).data());
  tf.dispose([x, estimate as tf.Tensor, truth as tf.Tensor]);
  optimizer.dispose();
  discriminator.dispose();
  expect(tf.memory().numTensors).toBe(before);
  return {
    correlation: correlation(a, b),
    rmse: Math.sqrt(a.reduce((s, v, i) => s + (v - (b[i] as number)) ** 2, 0) / a.length),
  };
}

function correlation(a: readonly number[], b: readonly number[]): number {
  const mean = (v: readonly number[]) => v.reduce((s, x) => s + x, 0) / v.length;
  const [ma, mb] = [mean(a), mean(b)];
  let [sab, saa, sbb] = [0, 0, 0];
  a.forEach((x, i) => {
    const y = (b[i] as number) - mb;
    sab += (x - ma) * y;
    saa += (x - ma) ** 2;
    sbb += y * y;
  });
  return sab / Math.sqrt(saa * sbb);
}

describe('discriminator on two known Gaussians', () => {
  it('approximates log q(z|x) - log p(z) (correlation >= 0.95 held out), and adaptive contrast lowers its error on the same budget', async () => {
    const steps = 600;
    const plain = await trainAndCompare(false, steps);
    const contrast = await trainAndCompare(true, steps);
    console.info(
      `after ${steps} steps: plain T corr ${plain.correlation.toFixed(3)}, RMSE ${plain.rmse.toFixed(3)} nats; ` +
        `adaptive contrast corr ${contrast.correlation.toFixed(3)}, RMSE ${contrast.rmse.toFixed(3)} nats`,
    );
    expect(plain.correlation).toBeGreaterThanOrEqual(0.95);
    expect(contrast.correlation).toBeGreaterThanOrEqual(0.95);
    expect(contrast.rmse).toBeLessThan(plain.rmse);
  }, 600_000);
});
