import { describe, expect, it } from 'vitest';
import { logDiagonalGaussian, logStandardNormal } from './gaussian.ts';
import { logSumExp } from './log-sum-exp.ts';

describe('Gaussians of the latent', () => {
  it('log N(0; 0, I) in 2-D is -log 2 pi; at (3, 4) it drops by 25 / 2', () => {
    expect(logStandardNormal([0, 0], 0, 2)).toBeCloseTo(-Math.log(2 * Math.PI), 12);
    expect(logStandardNormal([9, 3, 4], 1, 2)).toBeCloseTo(-Math.log(2 * Math.PI) - 12.5, 12);
  });

  it('log N(z; mu, diag sigma^2) reduces to the standard normal of (z - mu) / sigma, minus log sigma', () => {
    const q = { mu: [1, -2], sigma: [0.5, 2] };
    const expected = logStandardNormal([(2 - 1) / 0.5, (0 + 2) / 2], 0, 2) - Math.log(0.5) - Math.log(2);
    expect(logDiagonalGaussian([2, 0], 0, q)).toBeCloseTo(expected, 12);
  });
});

describe('logSumExp', () => {
  it('is exact on small values and stable on huge ones', () => {
    expect(logSumExp([0, 0, 0, 0])).toBeCloseTo(Math.log(4), 12);
    expect(logSumExp([-1000, -1000])).toBeCloseTo(-1000 + Math.log(2), 9);
    expect(logSumExp([5, 1, 2, 3], 1, 3)).toBeCloseTo(Math.log(Math.E + Math.E ** 2), 12);
    expect(logSumExp([])).toBe(Number.NEGATIVE_INFINITY);
  });
});
