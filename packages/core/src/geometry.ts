import * as tf from '@tensorflow/tfjs-core';
import type { DiagonalGaussian } from './distributions.ts';
import { ShapeError } from './errors.ts';
import type { Vae } from './model.ts';
import { assertFiniteAsync, assertMatrix } from './validate.ts';

/**
 * The geometric view of the VAE (Su Jianlin, "VAE (6)"): each x maps to an ellipse, centre mu(x) and
 * axes sigma(x); a regulariser pulls every ellipse toward the unit circle.
 */

/**
 * The simple geometric regulariser ||mu||^2 + ||sigma - 1||^2 = sum_k mu_k^2 + (exp(logVar_k / 2) - 1)^2,
 * an alternative to KL(q || N(0, I)) with the same minimiser (mu = 0, sigma = 1): [..., K] -> [...].
 */
export function geometricRegularizer({ mu, logVar }: DiagonalGaussian): tf.Tensor {
  return tf.tidy(() => tf.sum(tf.add(tf.square(mu), tf.square(tf.sub(tf.exp(tf.mul(logVar, 0.5)), 1))), -1));
}

/** One posterior q(z|x) as plain numbers: centre mu [K] and axes sigma [K] = exp(logVar / 2). */
export interface PosteriorEllipse {
  readonly mu: number[];
  readonly sigma: number[];
}

export interface PosteriorEllipsesOptions {
  readonly vae: Vae;
  /** A batch of data [N, D]. */
  readonly x: tf.Tensor2D;
}

/** The posterior ellipse of every row of x, in order. Throws ShapeError / NonFiniteError on bad x. */
export async function posteriorEllipses({ vae, x }: PosteriorEllipsesOptions): Promise<PosteriorEllipse[]> {
  assertMatrix(x, vae.config.inputSize, 'x');
  await assertFiniteAsync(x, 'x');
  const { mu, logVar } = vae.encode(x);
  const sigma = tf.tidy(() => tf.exp(tf.mul(logVar, 0.5)));
  const mus = (await mu.array()) as number[][];
  const sigmas = (await sigma.array()) as number[][];
  tf.dispose([mu, logVar, sigma]);
  return mus.map((row, i) => ({ mu: row, sigma: sigmas[i] as number[] }));
}

export interface ActiveUnitsOptions {
  /** Posterior means E_q[z] of a data set: N rows of K values (read them back from the GPU first). */
  readonly mus: readonly ArrayLike<number>[];
  /** A unit is active when its variance over the data exceeds this; Burda et al. use 1e-2. */
  readonly threshold?: number;
}

/**
 * Number of active latent units (Burda et al., IWAE): unit u is active when
 * A_u = Var_x(E_{q(z|x)}[z_u]) > threshold. Variances are population variances (divide by N), in float64.
 */
export function activeUnits({ mus, threshold = 1e-2 }: ActiveUnitsOptions): number {
  const rows = mus;
  const size = rows[0]?.length ?? 0;
  if (rows.length === 0 || size === 0 || rows.some((row) => row.length !== size)) {
    throw new ShapeError(
      `mus has ${rows.length} rows of lengths ${[...new Set(rows.map((r) => r.length))].join(', ') || '-'}: expected N >= 1 rows of the same length K >= 1`,
    );
  }
  let active = 0;
  for (let u = 0; u < size; u++) {
    let mean = 0;
    for (const row of rows) mean += row[u] as number;
    mean /= rows.length;
    let variance = 0;
    for (const row of rows) variance += ((row[u] as number) - mean) ** 2;
    if (variance / rows.length > threshold) active++;
  }
  return active;
}
