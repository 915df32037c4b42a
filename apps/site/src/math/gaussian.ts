/**
 * The Gaussians of a 2-D (or K-D) latent, as plain numbers: the prior p(z) = N(0, I), the encoder's
 * q(z|x) = N(mu, diag sigma^2). (Their analytic KL is section 4's `regularizerOf('kl', q)`.)
 */

const LOG_2PI = Math.log(2 * Math.PI);

/** A diagonal Gaussian q(z|x) = N(mu, diag sigma^2), K components each. */
export interface DiagonalGaussian {
  readonly mu: readonly number[];
  readonly sigma: readonly number[];
}

/** log N(z; 0, I) = -K/2 log 2 pi - |z|^2 / 2 for the row z = values[offset .. offset + K). */
export function logStandardNormal(values: ArrayLike<number>, offset: number, k: number): number {
  let squared = 0;
  for (let i = 0; i < k; i += 1) squared += (values[offset + i] as number) ** 2;
  return -0.5 * (k * LOG_2PI + squared);
}

/** log N(z; mu, diag sigma^2) = sum_i [-1/2 log 2 pi - log sigma_i - (z_i - mu_i)^2 / (2 sigma_i^2)]. */
export function logDiagonalGaussian(values: ArrayLike<number>, offset: number, q: DiagonalGaussian): number {
  let sum = 0;
  q.mu.forEach((mu, i) => {
    const sigma = q.sigma[i] as number;
    const t = ((values[offset + i] as number) - mu) / sigma;
    sum += -0.5 * LOG_2PI - Math.log(sigma) - 0.5 * t * t;
  });
  return sum;
}
