/**
 * The four shapes a code distribution can take (Su Jianlin's geometric view of the VAE), built from
 * real codes: `scattered` is the autoencoder's codes as they are; `line` is the same codes projected
 * onto their principal axis (one latent dimension left redundant); `ring` is the same codes pushed
 * radially onto a circle of their median radius (a hole in the middle); `disk` is the VAE's means,
 * which the KL term packs into a filled disk. Every function takes and returns interleaved [N, 2].
 */
import { pairCount } from './latent-plane.ts';

export type PointsShape = 'scattered' | 'line' | 'ring' | 'disk';
export const POINTS_SHAPES: readonly PointsShape[] = ['scattered', 'line', 'ring', 'disk'];

/** Mean m [2] and the unit principal axis v [2] (top eigenvector of the 2x2 covariance). */
export function principalAxis(coords: ArrayLike<number>): { mean: [number, number]; axis: [number, number] } {
  const n = pairCount(coords);
  let m1 = 0;
  let m2 = 0;
  for (let i = 0; i < n; i += 1) {
    m1 += coords[2 * i] as number;
    m2 += coords[2 * i + 1] as number;
  }
  m1 /= n;
  m2 /= n;
  // covariance [[a, b], [b, c]]
  let a = 0;
  let b = 0;
  let c = 0;
  for (let i = 0; i < n; i += 1) {
    const d1 = (coords[2 * i] as number) - m1;
    const d2 = (coords[2 * i + 1] as number) - m2;
    a += d1 * d1;
    b += d1 * d2;
    c += d2 * d2;
  }
  // top eigenvector of a symmetric 2x2 matrix: angle theta with tan(2 theta) = 2b / (a - c)
  const theta = 0.5 * Math.atan2(2 * b, a - c);
  return { mean: [m1, m2], axis: [Math.cos(theta), Math.sin(theta)] };
}

/** Every code projected onto the principal axis through the mean: m + ((z - m) . v) v. */
export function lineCodes(coords: ArrayLike<number>): Float32Array {
  const n = pairCount(coords);
  const { mean, axis } = principalAxis(coords);
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i += 1) {
    const t =
      ((coords[2 * i] as number) - mean[0]) * axis[0] + ((coords[2 * i + 1] as number) - mean[1]) * axis[1];
    out[2 * i] = mean[0] + t * axis[0];
    out[2 * i + 1] = mean[1] + t * axis[1];
  }
  return out;
}

/** Every code moved along its ray from 0 onto the circle of the codes' median radius: r z / ||z||. */
export function ringCodes(coords: ArrayLike<number>): Float32Array {
  const n = pairCount(coords);
  const radii = Float64Array.from({ length: n }, (_, i) =>
    Math.hypot(coords[2 * i] as number, coords[2 * i + 1] as number),
  );
  const sorted = Float64Array.from(radii).sort();
  const r =
    n % 2 === 1
      ? (sorted[(n - 1) / 2] as number)
      : 0.5 * ((sorted[n / 2 - 1] as number) + (sorted[n / 2] as number));
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i += 1) {
    const radius = radii[i] as number;
    // a code at the origin has no direction: it goes to (r, 0)
    out[2 * i] = radius === 0 ? r : (r * (coords[2 * i] as number)) / radius;
    out[2 * i + 1] = radius === 0 ? 0 : (r * (coords[2 * i + 1] as number)) / radius;
  }
  return out;
}
