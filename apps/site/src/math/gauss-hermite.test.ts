import { describe, expect, it } from 'vitest';
import { VizError } from '../viz/viz-error.ts';
import { gaussHermite, gaussianRule2d } from './gauss-hermite.ts';

/** int e^{-t^2} t^m dt = Gamma((m + 1) / 2) for even m: sqrt(pi) (m - 1)!! / 2^(m/2); 0 for odd m. */
function hermiteMoment(m: number): number {
  if (m % 2 === 1) return 0;
  let value = Math.sqrt(Math.PI);
  for (let j = 1; j < m; j += 2) value *= j / 2;
  return value;
}

describe('gaussHermite', () => {
  it('is exact for every monomial of degree < 2n (n = 1, 5, 24)', () => {
    for (const n of [1, 5, 24]) {
      const { nodes, weights } = gaussHermite(n);
      for (let m = 0; m < 2 * n; m += 1) {
        const sum = nodes.reduce((s, t, i) => s + (weights[i] as number) * t ** m, 0);
        const scale = nodes.reduce((s, t, i) => s + (weights[i] as number) * Math.abs(t) ** m, 0);
        expect(Math.abs(sum - hermiteMoment(m))).toBeLessThanOrEqual(1e-12 * scale); // relative to the terms' size
      }
    }
  });

  it('knows the 2-point rule by hand: nodes +- 1/sqrt 2, weights sqrt(pi) / 2', () => {
    const { nodes, weights } = gaussHermite(2);
    expect(Array.from(nodes).map((t) => Math.abs(t))).toEqual(
      [Math.SQRT1_2, Math.SQRT1_2].map((v) => expect.closeTo(v, 14)),
    );
    expect(weights[0]).toBeCloseTo(Math.sqrt(Math.PI) / 2, 14);
  });

  it('rejects a node count out of range', () => {
    expect(() => gaussHermite(0)).toThrow(VizError);
  });
});

describe('gaussianRule2d', () => {
  it('gives E_q[1] = 1, E_q[z] = mu and E_q[(z - mu)^2] = sigma^2 for q = N(mu, diag sigma^2)', () => {
    const q = { mu: [0.7, -1.3], sigma: [0.2, 1.5] };
    const { points, weights } = gaussianRule2d(q, 8);
    const expect2 = (f: (z1: number, z2: number) => number) =>
      weights.reduce((s, w, j) => s + w * f(points[2 * j] as number, points[2 * j + 1] as number), 0);
    expect(expect2(() => 1)).toBeCloseTo(1, 12);
    expect(expect2((z1) => z1)).toBeCloseTo(0.7, 6);
    expect(expect2((_, z2) => z2)).toBeCloseTo(-1.3, 6);
    expect(expect2((z1) => (z1 - 0.7) ** 2)).toBeCloseTo(0.04, 6);
    expect(expect2((_, z2) => (z2 + 1.3) ** 2)).toBeCloseTo(2.25, 5);
  });
});
