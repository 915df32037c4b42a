/**
 * The reparameterisation trick, step by step, for a 2-D q(z|x) = N(mu, diag sigma^2):
 *   eps ~ N(0, I)  ->  sigma * eps (elementwise: the unit Gaussian stretched to q's axes)
 *                  ->  z = mu + sigma * eps (moved to q's centre),
 * so z ~ q while the randomness (eps) does not depend on the encoder's outputs.
 */
import type { DiagonalGaussian } from './gaussian.ts';

export interface ReparameterisedDraw {
  readonly eps: readonly [number, number];
  readonly scaled: readonly [number, number];
  readonly z: readonly [number, number];
}

/** The three stages for draw `index` of the pairs in `eps` ([N, 2], row-major). */
export function reparameterise(
  q: DiagonalGaussian,
  eps: ArrayLike<number>,
  index: number,
): ReparameterisedDraw {
  const e: [number, number] = [eps[2 * index] as number, eps[2 * index + 1] as number];
  const scaled: [number, number] = [(q.sigma[0] as number) * e[0], (q.sigma[1] as number) * e[1]];
  return { eps: e, scaled, z: [(q.mu[0] as number) + scaled[0], (q.mu[1] as number) + scaled[1]] };
}

/**
 * The animated point at time t in [0, 2]: from eps to sigma * eps for t in [0, 1], then on to
 * mu + sigma * eps for t in [1, 2] (straight lines; t is clamped).
 */
export function stagePoint(draw: ReparameterisedDraw, t: number): [number, number] {
  const clamped = Math.min(2, Math.max(0, t));
  const [from, to, s] = clamped <= 1 ? [draw.eps, draw.scaled, clamped] : [draw.scaled, draw.z, clamped - 1];
  return [from[0] + s * (to[0] - from[0]), from[1] + s * (to[1] - from[1])];
}
