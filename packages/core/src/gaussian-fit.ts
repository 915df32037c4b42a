import { ShapeError } from './errors.ts';

/**
 * Mardia's multivariate kurtosis of n points in R^K (Mardia 1970):
 *   b_2 = (1/n) sum_i ((z_i - m)^T S^-1 (z_i - m))^2,   m, S the sample mean and covariance (divide by n).
 * For a Gaussian, b_2 -> K (K + 2) with standard deviation sqrt(8 K (K + 2) / n): the returned z-score
 * (b_2 - K (K + 2)) / sqrt(8 K (K + 2) / n) is ~N(0, 1) for Gaussian samples, and far from 0 for samples
 * that no ellipse describes (several clusters, a banana, a ring). K = 1 or 2; float64.
 */
export function mardiaKurtosis(points: readonly (readonly number[])[]): { b2: number; zScore: number } {
  const n = points.length;
  const k = points[0]?.length ?? 0;
  if (n < 3 || (k !== 1 && k !== 2) || points.some((p) => p.length !== k)) {
    throw new ShapeError(
      `mardiaKurtosis takes n >= 3 points of dimension 1 or 2, got ${n} of dimension ${k}`,
    );
  }
  const mean = Array.from({ length: k }, (_, j) => points.reduce((s, p) => s + (p[j] as number), 0) / n);
  const c = (a: number, b: number) =>
    points.reduce(
      (s, p) => s + ((p[a] as number) - (mean[a] as number)) * ((p[b] as number) - (mean[b] as number)),
      0,
    ) / n;
  const s00 = c(0, 0);
  const [s01, s11] = k === 2 ? [c(0, 1), c(1, 1)] : [0, 1];
  const det = s00 * s11 - s01 * s01;
  const mahalanobis2 = (p: readonly number[]): number => {
    const d0 = (p[0] as number) - (mean[0] as number);
    const d1 = k === 2 ? (p[1] as number) - (mean[1] as number) : 0;
    return (s11 * d0 * d0 - 2 * s01 * d0 * d1 + s00 * d1 * d1) / det; // (z - m)^T S^-1 (z - m)
  };
  const b2 = points.reduce((s, p) => s + mahalanobis2(p) ** 2, 0) / n;
  const expected = k * (k + 2);
  return { b2, zScore: (b2 - expected) / Math.sqrt((8 * expected) / n) };
}
