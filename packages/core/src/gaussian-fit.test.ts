import { describe, expect, it } from 'vitest';
import { mardiaKurtosis, mulberry32, ShapeError, standardNormal } from './index.ts';

describe('mardiaKurtosis', () => {
  it('is K(K + 2) = 8 for Gaussian samples in 2-D (|z| < 4), and far from it for two clusters', () => {
    const uniform = mulberry32(4);
    // A correlated Gaussian: Mardia's statistic is affine-invariant.
    const gaussian = Array.from({ length: 4000 }, () => {
      const [a, b] = [standardNormal(uniform), standardNormal(uniform)];
      return [3 + 2 * a, -1 + 0.5 * a + 0.3 * b];
    });
    const fit = mardiaKurtosis(gaussian);
    expect(fit.b2).toBeCloseTo(8, 0);
    expect(Math.abs(fit.zScore)).toBeLessThan(4);
    // Two well-separated clusters along the first axis: its squared Mahalanobis term is ~1 for every
    // point, the second axis adds chi^2_1, so b2 = E[(1 + c)^2] = 1 + 2 + 3 = 6 by hand, far below 8.
    const clusters = gaussian.map(([a, b], i) => [
      (i % 2 === 0 ? 10 : -10) + 0.1 * (a as number),
      b as number,
    ]);
    const bimodal = mardiaKurtosis(clusters);
    expect(bimodal.b2).toBeCloseTo(6, 0);
    expect(bimodal.zScore).toBeLessThan(-10);
    expect(() => mardiaKurtosis([[1, 2, 3]])).toThrow(ShapeError);
  });
});
