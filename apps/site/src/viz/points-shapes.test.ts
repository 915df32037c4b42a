import { describe, expect, it } from 'vitest';
import { lineCodes, principalAxis, ringCodes } from './points-shapes.ts';

describe('principalAxis', () => {
  it('finds the direction of points spread along y = x, computed by hand', () => {
    // (t, t) for t = -2..2, plus a small symmetric spread across: covariance [[10, 9.5], [9.5, 10]] / 7
    const coords = [-2, -2, -1, -1, 0, 0, 1, 1, 2, 2, 0.5, -0.5, -0.5, 0.5];
    const { mean, axis } = principalAxis(coords);
    expect(mean[0]).toBeCloseTo(0, 12);
    expect(mean[1]).toBeCloseTo(0, 12);
    expect(Math.abs(axis[0])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(axis[0] * axis[1]).toBeCloseTo(0.5, 12);
  });
});

describe('lineCodes', () => {
  it('puts every code on one line through the mean, keeping the projection', () => {
    const coords = [3, 1, 5, 1.2, 4, 0.8, 7, 1.1, 1, 0.9];
    const line = lineCodes(coords);
    const { mean, axis } = principalAxis(coords);
    for (let i = 0; i < 5; i += 1) {
      const d1 = (line[2 * i] as number) - mean[0];
      const d2 = (line[2 * i + 1] as number) - mean[1];
      // collinear with the axis: the cross product vanishes
      expect(d1 * axis[1] - d2 * axis[0]).toBeCloseTo(0, 5);
      // the coordinate along the axis is the original code's
      const t =
        ((coords[2 * i] as number) - mean[0]) * axis[0] + ((coords[2 * i + 1] as number) - mean[1]) * axis[1];
      expect(d1 * axis[0] + d2 * axis[1]).toBeCloseTo(t, 5);
    }
  });
});

describe('ringCodes', () => {
  it('moves every code to the median radius along its own ray', () => {
    const coords = [3, 4, 0, -1, -2, 0, 0, 0];
    const ring = ringCodes(coords);
    // radii 5, 1, 2, 0: median (1 + 2) / 2 = 1.5
    expect(Array.from(ring)).toEqual([0.9, 1.2, 0, -1.5, -1.5, 0, 1.5, 0].map(Math.fround));
  });

  it('names coords that are not [N, 2]', () => {
    expect(() => ringCodes([1])).toThrow(/got 1 numbers/);
  });
});
