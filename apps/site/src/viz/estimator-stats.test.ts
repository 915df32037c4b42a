import { describe, expect, it } from 'vitest';
import { compareMeans, summarise } from './estimator-stats.ts';

describe('summarise', () => {
  it('matches a hand-computed case: 1, 2, 3, 6', () => {
    // mean 3; squared deviations 4, 1, 0, 9 -> 14; s^2 = 14 / 3; se = sqrt(14 / 12)
    const summary = summarise([1, 2, 3, 6]);
    expect(summary.count).toBe(4);
    expect(summary.mean).toBe(3);
    expect(summary.variance).toBeCloseTo(14 / 3, 12);
    expect(summary.standardError).toBeCloseTo(Math.sqrt(14 / 12), 12);
  });

  it('names too few or non-finite estimates', () => {
    expect(() => summarise([1])).toThrow(/at least 2 estimates, got 1/);
    expect(() => summarise([1, Number.NaN])).toThrow(/estimate 1 is not finite \(NaN\)/);
  });
});

describe('compareMeans', () => {
  it('combines standard errors in quadrature: se 3 and 4 make 5', () => {
    const a = { count: 10, mean: 1, variance: 90, standardError: 3 };
    const b = { count: 10, mean: 11, variance: 160, standardError: 4 };
    expect(compareMeans(a, b)).toEqual({ difference: -10, standardError: 5, zScore: 2, agree: true });
    expect(compareMeans(a, b, 1.9).agree).toBe(false);
  });
});
