import * as tf from '@tensorflow/tfjs-core';
import {
  bernoulliLogProb,
  type DiagonalGaussian,
  diagonalGaussianEntropy,
  gaussianLogLikelihood,
  klDiagonalGaussians,
  klToStandardNormal,
  sampleDiagonalGaussian,
  standardNormalLogDensity,
  standardNormalNoise,
} from './distributions.ts';
import { ConfigError, formatShape, ShapeError } from './errors.ts';
import { geometricRegularizer } from './geometry.ts';
import { checkWorkload } from './limits.ts';
import type { Vae } from './model.ts';
import { assertFinite, assertFiniteAsync, assertMatrix, isCheckedOnHost } from './validate.ts';

/**
 * The evidence lower bound, per example, in its three equal forms (Kingma & Welling):
 *   ELBO = E_q[log p(x|z)] - KL(q(z|x) || p(z))        (elbo: with a beta weight)
 *        = E_q[log p(x, z)] + H(q(z|x))                (elboViaEntropy)
 *        = log p(x) - KL(q(z|x) || p(z|x))             (elboViaPosterior: needs the true posterior)
 * E_q is a Monte Carlo average over L reparameterised samples z = mu + eps sigma; KL and H are analytic.
 * Shapes: x [N, D], z [L, N, K], per-example results [N].
 */

/** What pulls q(z|x) toward the prior: the analytic KL, or the geometric ||mu||^2 + ||sigma - 1||^2. */
export type Regularizer = 'kl' | 'geometric';
export const REGULARIZERS: readonly Regularizer[] = ['kl', 'geometric'];

export interface ElboOptions {
  readonly vae: Vae;
  /** A batch of data [N, D], finite. */
  readonly x: tf.Tensor2D;
  /** L >= 1: Monte Carlo samples of z per example. */
  readonly samples: number;
  /** Weight of the regulariser, finite and >= 0 (beta-VAE); default 1. */
  readonly beta?: number;
  /** Seed of the noise eps; unseeded calls draw fresh noise. */
  readonly seed?: number;
  /** Default 'kl' (the true ELBO); 'geometric' gives the geometric view's objective instead. */
  readonly regularizer?: Regularizer;
}

/** Per-example parts [N]: elbo = expectedLogLikelihood - beta * kl. The caller disposes them. */
export type ElboParts = {
  readonly elbo: tf.Tensor1D;
  /** (1/L) sum_l log p(x | z_l), z_l ~ q(z|x). */
  readonly expectedLogLikelihood: tf.Tensor1D;
  /** The regulariser: KL(q(z|x) || N(0, I)), or ||mu||^2 + ||sigma - 1||^2 when regularizer = 'geometric'. */
  readonly kl: tf.Tensor1D;
};

// ---- option checks shared by the public entry points of elbo, estimators, importance, train-step ----

/** Throws ConfigError unless value is an integer >= min. */
export function checkInteger(value: unknown, name: string, min = 1): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ConfigError(`${name} must be an integer >= ${min}, got ${String(value)}`);
  }
}

/** Throws ConfigError unless beta is a finite number >= 0. */
export function checkBeta(beta: unknown): asserts beta is number {
  if (typeof beta !== 'number' || !Number.isFinite(beta) || beta < 0) {
    throw new ConfigError(`beta must be a finite number >= 0, got ${String(beta)}`);
  }
}

export function checkRegularizer(regularizer: unknown): asserts regularizer is Regularizer {
  if (!REGULARIZERS.includes(regularizer as Regularizer)) {
    throw new ConfigError(
      `unknown regularizer '${String(regularizer)}': expected one of ${REGULARIZERS.join(', ')}`,
    );
  }
}

/** Throws ShapeError unless x is [N, D] for this model, NonFiniteError if it holds NaN or +/-Infinity. */
export function checkBatch(vae: Vae, x: tf.Tensor): asserts x is tf.Tensor2D {
  assertMatrix(x, vae.config.inputSize, 'x');
  assertFinite(x, 'x');
}

/**
 * checkBatch for asynchronous entry points: reads x asynchronously (see assertFiniteAsync), unless x
 * was checked on the host before upload (batchTensor), which saves a device read-back a step.
 */
export async function checkBatchAsync(vae: Vae, x: tf.Tensor): Promise<void> {
  assertMatrix(x, vae.config.inputSize, 'x');
  if (!isCheckedOnHost(x)) await assertFiniteAsync(x, 'x');
}

// ---- the terms ----

/** log p(x|z) of the model: x [N, D], z [L, N, K] -> [L, N]. Differentiable in z and the decoder's weights. */
export function logLikelihood(vae: Vae, x: tf.Tensor2D, z: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const [samples, n, k] = z.shape as [number, number, number];
    const out = tf.reshape(vae.decode(tf.reshape(z, [samples * n, k])), [samples, n, x.shape[1]]);
    const logVar = vae.decoderLogVariance(); // [D] or null
    return logVar === null ? bernoulliLogProb(x, out) : gaussianLogLikelihood(x, out, logVar);
  });
}

/** The regulariser of q(z|x) per example: [N, K] -> [N]. */
export function regularizerValue(posterior: DiagonalGaussian, regularizer: Regularizer): tf.Tensor {
  return regularizer === 'kl' ? klToStandardNormal(posterior) : geometricRegularizer(posterior);
}

export interface ElboTermsOptions {
  readonly vae: Vae;
  readonly x: tf.Tensor2D;
  /** Standard normal noise [L, N, K]. */
  readonly eps: tf.Tensor;
  readonly beta: number;
  readonly regularizer: Regularizer;
}

/**
 * The ELBO's parts without input checks, differentiable in every weight (reparameterised z):
 * the shared core of `elbo` and the reparameterisation estimator.
 */
export function elboTerms({ vae, x, eps, beta, regularizer }: ElboTermsOptions): ElboParts {
  return tf.tidy(() => {
    const posterior = vae.encode(x); // mu, logVar [N, K]
    const z = sampleDiagonalGaussian({ ...posterior, samples: eps.shape[0] as number, eps }); // [L, N, K]
    const expectedLogLikelihood = tf.mean(logLikelihood(vae, x, z), 0) as tf.Tensor1D; // [N]
    const kl = regularizerValue(posterior, regularizer) as tf.Tensor1D; // [N]
    return {
      elbo: tf.sub(expectedLogLikelihood, tf.mul(kl, beta)) as tf.Tensor1D,
      expectedLogLikelihood,
      kl,
    };
  });
}

/** Noise [L, N, K] for a batch x [N, D]. */
export function batchNoise(vae: Vae, x: tf.Tensor2D, samples: number, seed?: number): tf.Tensor {
  return standardNormalNoise([samples, x.shape[0], vae.config.latentSize], seed);
}

/**
 * Per-example ELBO E_q[log p(x|z)] - beta * KL(q(z|x) || N(0, I)) with L samples, and its parts [N].
 * Throws ShapeError / NonFiniteError for bad x, ConfigError for bad samples, beta or regularizer.
 */
export function elbo({ vae, x, samples, beta = 1, seed, regularizer = 'kl' }: ElboOptions): ElboParts {
  checkBatch(vae, x);
  checkInteger(samples, 'samples');
  checkWorkload({ config: vae.config, rows: x.shape[0], samples, what: 'samples' });
  checkBeta(beta);
  checkRegularizer(regularizer);
  const eps = batchNoise(vae, x, samples, seed); // [L, N, K]
  const parts = elboTerms({ vae, x, eps, beta, regularizer });
  eps.dispose();
  return parts;
}

export interface ElboViaEntropyOptions {
  readonly vae: Vae;
  readonly x: tf.Tensor2D;
  readonly samples: number;
  readonly seed?: number;
}

/**
 * Second form: (1/L) sum_l [log p(x|z_l) + log p(z_l)] + H(q(z|x)), H analytic: [N]. It equals `elbo` with
 * beta = 1 and the KL regulariser in expectation (E_q[log p(z)] + H(q) = -KL(q || p(z))).
 */
export function elboViaEntropy({ vae, x, samples, seed }: ElboViaEntropyOptions): tf.Tensor1D {
  checkBatch(vae, x);
  checkInteger(samples, 'samples');
  checkWorkload({ config: vae.config, rows: x.shape[0], samples, what: 'samples' });
  return tf.tidy(() => {
    const posterior = vae.encode(x);
    const eps = batchNoise(vae, x, samples, seed);
    const z = sampleDiagonalGaussian({ ...posterior, samples, eps }); // [L, N, K]
    const logJoint = tf.add(logLikelihood(vae, x, z), standardNormalLogDensity(z)); // [L, N]
    return tf.add(tf.mean(logJoint, 0), diagonalGaussianEntropy(posterior.logVar)) as tf.Tensor1D;
  });
}

export interface ElboViaPosteriorOptions {
  readonly vae: Vae;
  readonly x: tf.Tensor2D;
  /** log p(x) per example [N], known in closed form (e.g. the linear-Gaussian model). */
  readonly logMarginal: ArrayLike<number>;
  /** The true posterior p(z|x), which must be a diagonal Gaussian: mu, logVar [N, K]. */
  readonly posterior: DiagonalGaussian;
}

/**
 * Third form, for models whose evidence and posterior are known (test oracles):
 * log p(x) - KL(q(z|x) || p(z|x)), both analytic: [N]. Needs no samples.
 */
export function elboViaPosterior({ vae, x, logMarginal, posterior }: ElboViaPosteriorOptions): tf.Tensor1D {
  checkBatch(vae, x);
  const [n] = x.shape;
  if (logMarginal.length !== n) {
    throw new ShapeError(`logMarginal has ${logMarginal.length} values: expected one per example, ${n}`);
  }
  for (const [name, t] of Object.entries(posterior) as [string, tf.Tensor][]) {
    if (t.shape.length !== 2 || t.shape[0] !== n || t.shape[1] !== vae.config.latentSize) {
      throw new ShapeError(
        `posterior.${name} has shape ${formatShape(t.shape)}: expected [${n}, ${vae.config.latentSize}]`,
      );
    }
  }
  return tf.tidy(() => {
    const kl = klDiagonalGaussians(vae.encode(x), posterior); // [N]
    return tf.sub(tf.tensor1d(Array.from(logMarginal)), kl) as tf.Tensor1D;
  });
}
