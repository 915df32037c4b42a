import * as tf from '@tensorflow/tfjs-core';
import { importanceTerms, iwaeBoundFromLogWeights } from './importance.ts';
import type { Vae } from './model.ts';

/**
 * The importance-weighted bound as a training loss (Burda et al., IWAE). With z_i = mu + eps_i sigma,
 * i = 1..k (reparameterised), and log w_i = log p(x|z_i) + log p(z_i) - log q(z_i|x):
 *   loss = -mean_N L_k(x),   L_k(x) = logsumexp_i(log w_i) - log k   (importance.ts's bound)
 * Its gradient weights each sample by its normalised importance weight w_i / sum_j w_j, so the encoder
 * is not punished for samples the decoder explains poorly, as long as some sample explains x well.
 * k = 1 is the VAE's ELBO with one sample.
 */

export interface IwaeLossTerms {
  /** -mean_N L_k: the scalar to minimise. */
  readonly loss: tf.Scalar;
  /**
   * [3] batch means to report: -L_k, the reconstruction -mean_i log p(x|z_i) and the Monte Carlo KL
   * mean_i (log q(z_i|x) - log p(z_i)). Their sum is -ELBO (k-sample average), an upper bound of -L_k.
   */
  readonly stats: tf.Tensor1D;
}

/** The IWAE loss for x [N, D] with noise eps [k, N, K]; no input checks (objectiveStep does them). */
export function iwaeLossTerms(vae: Vae, x: tf.Tensor2D, eps: tf.Tensor): IwaeLossTerms {
  return tf.tidy(() => {
    const { logLikelihood, logPrior, logPosterior } = importanceTerms(vae, x, eps); // [k, N] each
    const bound = iwaeBoundFromLogWeights(tf.sub(tf.add(logLikelihood, logPrior), logPosterior)); // [N]
    const loss = tf.neg(tf.mean(bound)) as tf.Scalar;
    const reconstruction = tf.neg(tf.mean(logLikelihood));
    const kl = tf.mean(tf.sub(logPosterior, logPrior));
    return { loss, stats: tf.stack([loss, reconstruction, kl]) as tf.Tensor1D };
  });
}
