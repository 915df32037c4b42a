import { describe, expect, it } from 'vitest';
import { SdkError } from './errors.ts';
import { gridLatents, interpolateLatents } from './latent.ts';

const rows = (m: { data: Float32Array; columns: number }) =>
  Array.from({ length: m.data.length / m.columns }, (_, i) => [
    ...m.data.subarray(i * m.columns, (i + 1) * m.columns),
  ]);

describe('interpolateLatents', () => {
  const a = new Float32Array([1, 0]);
  const b = new Float32Array([0, 2]);

  it('linear: evenly spaced, both ends included', () => {
    expect(rows(interpolateLatents(a, b, 3, 'linear'))).toEqual([
      [1, 0],
      [0.5, 1],
      [0, 2],
    ]);
  });

  it('spherical: ends exact, norm interpolated along the arc (unit vectors stay unit)', () => {
    const unit = rows(interpolateLatents(a, new Float32Array([0, 1]), 5, 'spherical'));
    for (const [x, y] of unit) expect(Math.hypot(x as number, y as number)).toBeCloseTo(1, 6);
    expect(unit[2]?.[0]).toBeCloseTo(Math.SQRT1_2, 6);
    const path = rows(interpolateLatents(a, b, 4, 'spherical'));
    expect(path[0]).toEqual([1, 0]);
    expect(path[3]?.[1]).toBeCloseTo(2, 6);
  });

  it('rejects fewer than 2 steps and unknown methods', () => {
    expect(() => interpolateLatents(a, b, 1, 'linear')).toThrow(/at least 2.*got 1/);
    expect(() => interpolateLatents(a, b, 2.5, 'linear')).toThrow(SdkError);
    expect(() => interpolateLatents(a, b, 3, 'cubic' as 'linear')).toThrow(/got cubic/);
  });
});

describe('gridLatents', () => {
  it('2-D: row-major, y from high to low, x from low to high, other dims 0', () => {
    expect(rows(gridLatents(3, { dims: [0, 2], range: [-1, 1], steps: 2 }))).toEqual([
      [-1, 0, 1],
      [1, 0, 1],
      [-1, 0, -1],
      [1, 0, -1],
    ]);
  });

  it('1-D for a one-dimensional latent', () => {
    expect(rows(gridLatents(1, { steps: 3, range: [0, 1] }))).toEqual([[0], [0.5], [1]]);
  });

  it('names the offending dim', () => {
    expect(() => gridLatents(2, { dims: [0, 5] })).toThrow(/grid dim 5 is out of range.*0\.\.1/);
    expect(() => gridLatents(2, { dims: [1, 1] })).toThrow(/distinct/);
  });
});
