import * as tf from '@tensorflow/tfjs-core';

/**
 * The densities of the VAE, as tensor functions. Every log-density reduces over the last axis, so
 * [..., N, K] inputs give [..., N] values (one per example, or per sample and example); arguments
 * broadcast, e.g. z [L, N, K] against mu [N, K]. None of them validates its input: the public
 * entry points (elbo, estimators, importance, train-step) do.
 */

const LOG_2PI = Math.log(2 * Math.PI);

/** A diagonal Gaussian N(mu, diag exp(logVar)); mu and logVar [..., K]. */
export interface DiagonalGaussian {
  readonly mu: tf.Tensor;
  readonly logVar: tf.Tensor;
}

export interface SampleOptions extends DiagonalGaussian {
  /** L: number of samples; the result is [L, ...mu.shape]. */
  readonly samples: number;
  /** Standard normal noise [L, ...mu.shape] to use instead of drawing it (tests, common random numbers). */
  readonly eps?: tf.Tensor;
  /** Seed of the drawn noise; unseeded draws differ on every call. */
  readonly seed?: number;
}

/**
 * eps ~ N(0, I) with the given shape; seeded draws are the same on every backend. tfjs treats a seed
 * of 0 as "no seed" (it tests the seed for truthiness), so integer seeds are shifted by 0.5 first.
 */
export function standardNormalNoise(shape: readonly number[], seed?: number): tf.Tensor {
  return tf.randomNormal([...shape], 0, 1, 'float32', seed === undefined ? undefined : seed + 0.5);
}

/**
 * Reparameterised sample z = mu + eps * exp(logVar / 2), eps ~ N(0, I): [L, ...mu.shape].
 * Differentiable in mu and logVar (gradients flow through z).
 */
export function sampleDiagonalGaussian({ mu, logVar, samples, eps, seed }: SampleOptions): tf.Tensor {
  return tf.tidy(() => {
    const noise = eps ?? standardNormalNoise([samples, ...mu.shape], seed); // [L, ..., K]
    return tf.add(mu, tf.mul(noise, tf.exp(tf.mul(logVar, 0.5))));
  });
}

/**
 * log N(z; mu, diag exp(logVar)) = -1/2 sum_k [log 2 pi + logVar_k + (z_k - mu_k)^2 / exp(logVar_k)].
 * z, mu, logVar broadcast to [..., K]; the result is [...].
 */
export function diagonalGaussianLogDensity(z: tf.Tensor, { mu, logVar }: DiagonalGaussian): tf.Tensor {
  return tf.tidy(() => {
    const squared = tf.div(tf.square(tf.sub(z, mu)), tf.exp(logVar));
    return tf.mul(tf.sum(tf.add(tf.add(squared, logVar), LOG_2PI), -1), -0.5);
  });
}

/** log N(z; 0, I) = -1/2 sum_k (log 2 pi + z_k^2): [..., K] -> [...]. */
export function standardNormalLogDensity(z: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.sum(tf.add(tf.square(z), LOG_2PI), -1), -0.5));
}

/** Entropy H(q) = 1/2 sum_k (log 2 pi e + logVar_k): [..., K] -> [...]. */
export function diagonalGaussianEntropy(logVar: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.sum(tf.add(logVar, LOG_2PI + 1), -1), 0.5));
}

/**
 * Analytic KL(N(mu, diag sigma^2) || N(0, I)) = sum_k 1/2 (mu_k^2 + sigma_k^2 - log sigma_k^2 - 1):
 * [..., K] -> [...].
 */
export function klToStandardNormal({ mu, logVar }: DiagonalGaussian): tf.Tensor {
  return tf.tidy(() => {
    const terms = tf.sub(tf.sub(tf.add(tf.square(mu), tf.exp(logVar)), logVar), 1);
    return tf.mul(tf.sum(terms, -1), 0.5);
  });
}

/**
 * Analytic KL(q || p) between diagonal Gaussians:
 * sum_k 1/2 [logVar_p - logVar_q + (exp(logVar_q) + (mu_q - mu_p)^2) / exp(logVar_p) - 1]: [..., K] -> [...].
 */
export function klDiagonalGaussians(q: DiagonalGaussian, p: DiagonalGaussian): tf.Tensor {
  return tf.tidy(() => {
    const ratio = tf.div(tf.add(tf.exp(q.logVar), tf.square(tf.sub(q.mu, p.mu))), tf.exp(p.logVar));
    const terms = tf.sub(tf.add(tf.sub(p.logVar, q.logVar), ratio), 1);
    return tf.mul(tf.sum(terms, -1), 0.5);
  });
}

/**
 * Bernoulli log-probability from logits l: log p(x|l) = sum_d [x_d l_d - softplus(l_d)], which is
 * x log sigmoid(l) + (1 - x) log sigmoid(-l) written so it stays finite for |l| = 1e4 (tfjs's
 * softplus returns l itself for large l). x in [0, 1] (binary, or grey levels as soft targets).
 * x [..., D] broadcasts against logits [..., D]; the result is [...].
 */
export function bernoulliLogProb(x: tf.Tensor, logits: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.sum(tf.sub(tf.mul(x, logits), tf.softplus(logits)), -1));
}

/**
 * Gaussian log-likelihood with per-dimension log-variance, log N(x; mean, diag exp(logVar)):
 * x [..., D], mean [..., D], logVar [D] (fixed or learned, from vae.decoderLogVariance()) -> [...].
 */
export function gaussianLogLikelihood(x: tf.Tensor, mean: tf.Tensor, logVar: tf.Tensor): tf.Tensor {
  return diagonalGaussianLogDensity(x, { mu: mean, logVar });
}
