import * as tf from '@tensorflow/tfjs-core';
import { standardNormalLogDensity } from './distributions.ts';
import { logLikelihood } from './elbo.ts';
import { ConfigError } from './errors.ts';
import type { Vae } from './model.ts';

export interface QuadratureOptions {
  /** A model with a 2-D latent. */
  readonly vae: Vae;
  /** Data [N, D]. */
  readonly x: tf.Tensor2D;
  /** The grid covers [-extent, extent]^2; default 6 (the prior's mass outside is below 1e-7). */
  readonly extent?: number;
  /** Grid points per axis; default 301. */
  readonly steps?: number;
}

/**
 * The exact log-likelihood of a 2-D-latent model by quadrature, log p(x) = log integral p(x|z) p(z) dz,
 * as a midpoint sum over a steps x steps grid of cells of area h^2 (h = 2 extent / steps):
 *   log p(x) ~= logsumexp_g [log p(x|z_g) + log N(z_g; 0, I)] + 2 log h.
 * No encoder is involved: it measures the decoder alone (AVB's toy problem, section 6 of the paper).
 * Returns a Float64Array [N].
 */
export async function quadratureLogLikelihood({
  vae,
  x,
  extent = 6,
  steps = 301,
}: QuadratureOptions): Promise<Float64Array> {
  if (vae.config.latentSize !== 2) {
    throw new ConfigError(
      `quadrature covers a 2-D latent plane, but the model's latent size is ${vae.config.latentSize}`,
    );
  }
  const h = (2 * extent) / steps;
  const axis = Array.from({ length: steps }, (_, i) => -extent + (i + 0.5) * h);
  const grid = tf.tensor3d(
    axis.flatMap((a) => axis.flatMap((b) => [a, b])),
    [steps * steps, 1, 2],
  ); // [G, 1, 2]
  const logP = tf.tidy(() => {
    const n = x.shape[0];
    const z = tf.broadcastTo(grid, [steps * steps, n, 2]); // [G, N, 2]
    const logJoint = tf.add(logLikelihood(vae, x, z), standardNormalLogDensity(z)); // [G, N]
    return tf.add(tf.logSumExp(logJoint, 0), 2 * Math.log(h)); // [N]
  });
  const values = Float64Array.from(await logP.data());
  tf.dispose([grid, logP]);
  return values;
}
