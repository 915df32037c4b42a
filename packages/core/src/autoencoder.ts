import * as tf from '@tensorflow/tfjs-core';
import { logLikelihood } from './elbo.ts';
import type { Vae } from './model.ts';

/**
 * The plain autoencoder the geometric story starts from: a deterministic encoder z = mu(x) (each x is a
 * point, not an ellipse: sigma = 0), the same decoder, and no regulariser. Its loss per example is the
 * reconstruction cost alone,
 *   R(x) = -log p(x | z = mu(x)),
 * so nothing pulls the codes toward N(0, I): there is no ELBO and no density q(z|x) to evaluate.
 * It reuses the VAE's network; the log-variance head is never read (an AE has no spread).
 */

/** -log p(x | mu(x)) per example: x [N, D] -> [N]. Differentiable in the mu path and the decoder. No input checks. */
export function autoencoderReconstruction(vae: Vae, x: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => {
    const { mu } = vae.encode(x); // [N, K]: the code
    return tf.neg(tf.squeeze(logLikelihood(vae, x, tf.expandDims(mu, 0)), [0])) as tf.Tensor1D; // [N]
  });
}
