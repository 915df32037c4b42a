import { describe, expect, it } from 'vitest';
import { mulberry32, standardNormal } from './index.ts';

describe('mulberry32 and standardNormal', () => {
  it('repeat for a seed and give uniforms in [0, 1) with mean 1/2 and variance 1/12', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const n = 20_000;
    const draws = Array.from({ length: n }, () => a());
    expect(draws.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(draws.every((u) => u >= 0 && u < 1)).toBe(true);
    const mean = draws.reduce((s, u) => s + u, 0) / n;
    const variance = draws.reduce((s, u) => s + (u - mean) ** 2, 0) / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n)); // 4 SE
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.005);
    expect(mulberry32(43)()).not.toBe(mulberry32(42)());
  });

  it('Box-Muller draws have mean 0 and variance 1 (within 4 SE)', () => {
    const uniform = mulberry32(1);
    const n = 20_000;
    const draws = Array.from({ length: n }, () => standardNormal(uniform));
    const mean = draws.reduce((s, z) => s + z, 0) / n;
    const variance = draws.reduce((s, z) => s + (z - mean) ** 2, 0) / n;
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / n)); // SE of a variance: sqrt(2 / n)
  });
});
