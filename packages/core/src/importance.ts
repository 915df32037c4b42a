import * as tf from '@tensorflow/tfjs-core';
import {
  diagonalGaussianLogDensity,
  sampleDiagonalGaussian,
  standardNormalLogDensity,
} from './distributions.ts';
import { batchNoise, checkBatch, checkBatchAsync, checkInteger, logLikelihood } from './elbo.ts';
import { checkWorkload } from './limits.ts';
import type { Vae } from './model.ts';
import { mulberry32 } from './random.ts';

/**
 * Importance-weighted bounds (Burda et al., IWAE). With z_1..z_k ~ q(z|x) and
 *   log w_i = log p(x|z_i) + log p(z_i) - log q(z_i|x),
 * L_k(x) = log (1/k) sum_i w_i, computed as logsumexp_i(log w_i) - log k (stable: the max is factored
 * out). E[L_k] <= log p(x), grows with k, and L_1 is the ELBO; with k = 5000 it is the standard test
 * log-likelihood estimate.
 */

/** log w [k, N] for a batch x [N, D] and noise eps [k, N, K]. Differentiable (reparameterised z). */
export function logImportanceWeights(vae: Vae, x: tf.Tensor2D, eps: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const posterior = vae.encode(x); // [N, K]
    const z = sampleDiagonalGaussian({ ...posterior, samples: eps.shape[0] as number, eps }); // [k, N, K]
    const logJoint = tf.add(logLikelihood(vae, x, z), standardNormalLogDensity(z)); // [k, N]
    return tf.sub(logJoint, diagonalGaussianLogDensity(z, posterior)); // [k, N]
  });
}

export interface IwaeOptions {
  readonly vae: Vae;
  /** A batch [N, D], finite. */
  readonly x: tf.Tensor2D;
  /** k >= 1 importance samples per example. */
  readonly k: number;
  readonly seed?: number;
}

/**
 * The IWAE bound L_k per example, a tensor [N] (the caller disposes it). Memory grows as k * N * D:
 * for large k use importanceLogLikelihood.
 */
export function iwaeBound({ vae, x, k, seed }: IwaeOptions): tf.Tensor1D {
  checkBatch(vae, x);
  checkInteger(k, 'k');
  checkWorkload({ config: vae.config, rows: x.shape[0], samples: k, what: 'k' });
  return tf.tidy(() => {
    const logW = logImportanceWeights(vae, x, batchNoise(vae, x, k, seed)); // [k, N]
    return tf.sub(tf.logSumExp(logW, 0), Math.log(k)) as tf.Tensor1D;
  });
}

export interface ImportanceLogLikelihoodOptions {
  readonly vae: Vae;
  readonly x: tf.Tensor2D;
  /** Total importance samples k per example; default 5000 (Burda et al.'s test estimate). */
  readonly samples?: number;
  /**
   * Samples per chunk; default 100. Peak memory ~ chunkSize * N * (D + hidden widths) * 4 bytes
   * (31 MB per decoder-output tensor for N = 100, D = 784).
   */
  readonly chunkSize?: number;
  readonly seed?: number;
}

/**
 * log p(x) ~= log (1/k) sum_i w_i with k = samples, in chunks so memory stays bounded: each chunk's
 * logsumexp [N] is folded into a running logsumexp in float64, acc <- m + log(e^(acc - m) + e^(c - m)),
 * m = max(acc, c). Returns a Float64Array [N] (plain numbers: an evaluation metric, not differentiable).
 */
export async function importanceLogLikelihood({
  vae,
  x,
  samples = 5000,
  chunkSize = 100,
  seed,
}: ImportanceLogLikelihoodOptions): Promise<Float64Array> {
  await checkBatchAsync(vae, x);
  checkInteger(samples, 'samples');
  checkInteger(chunkSize, 'chunkSize');
  checkWorkload({
    config: vae.config,
    rows: x.shape[0],
    samples: Math.min(chunkSize, samples),
    what: 'chunkSize',
  });
  const chunkSeeds = seed === undefined ? undefined : mulberry32(seed);
  const acc = new Float64Array(x.shape[0]).fill(-Infinity);
  for (let done = 0; done < samples; done += chunkSize) {
    const size = Math.min(chunkSize, samples - done);
    const chunkSeed = chunkSeeds === undefined ? undefined : Math.floor(chunkSeeds() * 2 ** 31);
    const chunk = tf.tidy(() =>
      tf.logSumExp(logImportanceWeights(vae, x, batchNoise(vae, x, size, chunkSeed)), 0),
    );
    const values = await chunk.data(); // [N]
    chunk.dispose();
    values.forEach((c, i) => {
      const a = acc[i] as number;
      const m = Math.max(a, c);
      acc[i] = m === -Infinity ? -Infinity : m + Math.log(Math.exp(a - m) + Math.exp(c - m));
    });
  }
  return acc.map((a) => a - Math.log(samples));
}
