import { describe, expect, it } from 'vitest';
import { mixSeed, mulberry32, permutation, standardNormal } from './index.ts';

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

  it('mixSeed separates keys that differ in any part or order', () => {
    const keys = [mixSeed(1, 0, 0), mixSeed(1, 0, 1), mixSeed(1, 1, 0), mixSeed(0, 1, 1), mixSeed(1, 0)];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('permutation: each of the 6 orders of 3 items about equally often', () => {
    const random = mulberry32(9);
    const counts = new Map<string, number>();
    for (let i = 0; i < 6000; i++) {
      const key = [...permutation(3, random)].join();
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    for (const count of counts.values()) expect(Math.abs(count - 1000)).toBeLessThan(120); // ~4 sd
  });
});
