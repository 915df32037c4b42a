import * as tf from '@tensorflow/tfjs-core';
import type { DiagonalGaussian } from './distributions.ts';

/**
 * Adaptive contrast (Mescheder et al. 2017, section 4): compare q(z|x) not with the prior but with an
 * auxiliary Gaussian r(z|x) = N(mu(x), diag sigma(x)^2) with q's mean and standard deviation, estimated
 * from m samples z_1..z_m ~ q(z|x):
 *   mu = (1/m) sum_j z_j,   sigma^2 = (1/m) sum_j (z_j - mu)^2 + floor
 * The discriminator then sees the normalised z_hat = (z - mu) / sigma against N(0, I); KL(q || r) is
 * invariant under this affine map, and the ELBO becomes
 *   E_q[log p(x|z)] - KL(q(z_hat|x) || N(0, I)) - KL(r(z|x) || p(z))
 * where the middle term is what T(x, z_hat) estimates and the last is analytic (as E_q[log r - log p]
 * = KL(r || p) when r has q's first two moments). The closer q is to a Gaussian, the closer the
 * discriminator's target is to 0, which is far easier to learn than log q - log p itself.
 */

/** Variance floor: keeps z_hat finite when the m samples of one x coincide. */
export const VARIANCE_FLOOR = 1e-4;

/** The moments of m samples per example: z [m, N, K] -> mu, log sigma^2 [N, K]. Differentiable. */
export function sampleMoments(z: tf.Tensor): DiagonalGaussian {
  return tf.tidy(() => {
    const mu = tf.mean(z, 0); // [N, K]
    const variance = tf.add(tf.mean(tf.square(tf.sub(z, mu)), 0), VARIANCE_FLOOR); // [N, K]
    return { mu, logVar: tf.log(variance) };
  });
}

/** z_hat = (z - mu) / sigma: z [m, N, K] -> [m, N, K]. Differentiable in z, mu and logVar. */
export function normalise(z: tf.Tensor, { mu, logVar }: DiagonalGaussian): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.sub(z, mu), tf.exp(tf.mul(logVar, -0.5))));
}
