import { mulberry32, standardNormal } from '@ellipse/core';
import { describe, expect, it } from 'vitest';
import { iwaeCurve } from './iwae-curve.ts';

describe('iwaeCurve', () => {
  it('computes each group by hand: k = 1 is the mean log-weight, k = 2 log-mean-exps pairs', () => {
    const logW = [0, Math.log(3), Math.log(2), Math.log(4)];
    const [one, two, four] = iwaeCurve(logW, [1, 2, 4]);
    expect(one?.mean).toBeCloseTo((Math.log(3) + Math.log(2) + Math.log(4)) / 4, 12);
    expect(one?.groups).toBe(4);
    expect(two?.mean).toBeCloseTo((Math.log(2) + Math.log(3)) / 2, 12); // (1 + 3) / 2 = 2, (2 + 4) / 2 = 3
    expect(two?.standardError).toBeCloseTo(Math.abs(Math.log(3) - Math.log(2)) / 2, 12);
    expect(four?.mean).toBeCloseTo(Math.log(10 / 4), 12);
    expect(four?.standardError).toBeNull();
  });

  it('rises with k toward log E[w] (Jensen): log-normal weights, log E[w] = 1/2 exactly', () => {
    // w = e^t, t ~ N(0, 1) from core's seeded generator
    const n = 100_000;
    const uniform = mulberry32(2024);
    const logW = Float64Array.from({ length: n }, () => standardNormal(uniform));
    const curve = iwaeCurve(logW, [1, 10, 100, 1000]);
    const means = curve.map((p) => p.mean);
    expect(means[0]).toBeCloseTo(0, 1); // E[log w] = 0
    for (let i = 1; i < means.length; i += 1)
      expect(means[i] as number).toBeGreaterThan(means[i - 1] as number);
    // E[L_1000] ~= 1/2 - Var(w) / (2 k E[w]^2) = 1/2 - (e - 1) / 2000, within 3 standard errors
    const last = curve[3];
    const expected = 0.5 - (Math.E - 1) / 2000;
    expect(Math.abs((last?.mean as number) - expected)).toBeLessThan(3 * (last?.standardError as number));
  });

  it('names a k larger than the pool', () => {
    expect(() => iwaeCurve([0, 1], [3])).toThrow(/k must be an integer in 1..2.*got 3/);
  });
});
