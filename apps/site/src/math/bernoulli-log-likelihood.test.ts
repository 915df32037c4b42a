import { describe, expect, it } from 'vitest';
import { bernoulliLogLikelihoods, PROBABILITY_FLOOR } from './bernoulli-log-likelihood.ts';

describe('bernoulliLogLikelihoods', () => {
  it('sums x log p + (1 - x) log(1 - p) per row (a hand case)', () => {
    const ll = bernoulliLogLikelihoods([1, 0], [0.8, 0.3, 0.5, 0.5]);
    expect(ll[0]).toBeCloseTo(Math.log(0.8) + Math.log(0.7), 12);
    expect(ll[1]).toBeCloseTo(2 * Math.log(0.5), 12);
  });

  it('clamps means the float32 decoder rounded to 0 or 1 (at most 24 log 2 nats a pixel)', () => {
    const [ll] = bernoulliLogLikelihoods([0, 1], [1, 0]);
    expect(ll).toBeCloseTo(2 * Math.log(PROBABILITY_FLOOR), 9);
    expect(Number.isFinite(ll)).toBe(true);
  });

  it('names bad input: non-binary pixels, rows of the wrong width, NaN means', () => {
    expect(() => bernoulliLogLikelihoods([0.5, 1], [0.5, 0.5])).toThrow(/pixel 0 of x is 0.5: binarise/);
    expect(() => bernoulliLogLikelihoods([1, 0], [0.5, 0.5, 0.5])).toThrow(
      /not rows of the image's 2 pixels/,
    );
    expect(() => bernoulliLogLikelihoods([1], [Number.NaN])).toThrow(/row 0 holds NaN/);
  });
});
