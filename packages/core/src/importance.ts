import * as tf from '@tensorflow/tfjs-core';
import {
  type DiagonalGaussian,
  diagonalGaussianLogDensity,
  sampleDiagonalGaussian,
  standardNormalLogDensity,
} from './distributions.ts';
import { batchNoise, checkBatch, checkBatchAsync, checkInteger, logLikelihood } from './elbo.ts';
import { ConfigError } from './errors.ts';
import { checkWorkload, MAX_IMPORTANCE_SAMPLES } from './limits.ts';
import type { Vae } from './model.ts';
import { mulberry32 } from './random.ts';

/**
 * Importance-weighted bounds (Burda et al., IWAE). With z_1..z_k ~ q(z|x) and
 *   log w_i = log p(x|z_i) + log p(z_i) - log q(z_i|x),
 * L_k(x) = log (1/k) sum_i w_i, computed as logsumexp_i(log w_i) - log k (stable: the max is factored
 * out). E[L_k] <= log p(x), grows with k, and L_1 is the ELBO; with k = 5000 it is the standard test
 * log-likelihood estimate.
 */

/** The three terms of log w for each sample, [k, N] each. */
export interface ImportanceTerms {
  /** log p(x|z_i) */
  readonly logLikelihood: tf.Tensor;
  /** log p(z_i), p = N(0, I) */
  readonly logPrior: tf.Tensor;
  /** log q(z_i|x) */
  readonly logPosterior: tf.Tensor;
}

/**
 * The terms of log w [k, N] for a batch x [N, D] and noise eps [k, N, K]. Differentiable (reparameterised
 * z). The proposal is the VAE's q(z|x) unless another diagonal Gaussian [N, K] is given (AVB's fitted one).
 */
export function importanceTerms(
  vae: Vae,
  x: tf.Tensor2D,
  eps: tf.Tensor,
  proposal?: DiagonalGaussian,
): ImportanceTerms {
  return tf.tidy(() => {
    const posterior = proposal ?? vae.encode(x); // [N, K]
    const z = sampleDiagonalGaussian({ ...posterior, samples: eps.shape[0] as number, eps }); // [k, N, K]
    return {
      logLikelihood: logLikelihood(vae, x, z),
      logPrior: standardNormalLogDensity(z),
      logPosterior: diagonalGaussianLogDensity(z, posterior),
    };
  });
}

/** log w = log p(x|z) + log p(z) - log q(z|x) [k, N] for a batch x [N, D] and noise eps [k, N, K]. Differentiable. */
export function logImportanceWeights(
  vae: Vae,
  x: tf.Tensor2D,
  eps: tf.Tensor,
  proposal?: DiagonalGaussian,
): tf.Tensor {
  return tf.tidy(() => {
    const { logLikelihood, logPrior, logPosterior } = importanceTerms(vae, x, eps, proposal);
    return tf.sub(tf.add(logLikelihood, logPrior), logPosterior); // [k, N]
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
  return tf.tidy(() => iwaeBoundFromLogWeights(logImportanceWeights(vae, x, batchNoise(vae, x, k, seed))));
}

/** L_k = logsumexp_i(log w_i) - log k: log w [k, N] -> [N]. Differentiable. */
export function iwaeBoundFromLogWeights(logW: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => tf.sub(tf.logSumExp(logW, 0), Math.log(logW.shape[0] as number)) as tf.Tensor1D);
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
  /**
   * The proposal, a diagonal Gaussian mu, logVar [N, K]; default the VAE's q(z|x). An AVB model, whose
   * encoder has no density, passes a Gaussian fitted to its samples (avb.ts fittedProposal).
   */
  readonly proposal?: DiagonalGaussian;
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
  proposal,
}: ImportanceLogLikelihoodOptions): Promise<Float64Array> {
  await checkBatchAsync(vae, x);
  checkInteger(samples, 'samples');
  if (samples > MAX_IMPORTANCE_SAMPLES) {
    throw new ConfigError(
      `samples = ${samples} is over the limit of ${MAX_IMPORTANCE_SAMPLES} importance samples (time, not ` +
        'memory, grows with k): average several calls with different seeds for more',
    );
  }
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
      tf.logSumExp(logImportanceWeights(vae, x, batchNoise(vae, x, size, chunkSeed), proposal), 0),
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
