import { describe, expect, it } from 'vitest';
import { mixSeed, mulberry32, permutation } from './random.ts';

describe('random', () => {
  it('mulberry32 is deterministic, in [0, 1), with mean 1/2 and variance 1/12', () => {
    const draws = Array.from({ length: 50_000 }, mulberry32(42));
    expect(Array.from({ length: 5 }, mulberry32(42))).toEqual(draws.slice(0, 5));
    expect(draws.every((u) => u >= 0 && u < 1)).toBe(true);
    const m = draws.reduce((s, u) => s + u, 0) / draws.length;
    const v = draws.reduce((s, u) => s + (u - m) ** 2, 0) / draws.length;
    expect(m).toBeCloseTo(0.5, 2);
    expect(v).toBeCloseTo(1 / 12, 2);
    expect(mulberry32(43)()).not.toBe(draws[0]);
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
