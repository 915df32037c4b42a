import { describe, expect, it } from 'vitest';
import { ConfigError, TOY_DATASETS, toyDataset } from './index.ts';

const radii = (points: Float32Array) =>
  Array.from({ length: points.length / 2 }, (_, i) =>
    Math.hypot(points[2 * i] as number, points[2 * i + 1] as number),
  );

describe('toyDataset', () => {
  it('returns N points as a Float32Array [N * 2], the same for the same seed, different for another', () => {
    for (const name of TOY_DATASETS) {
      const a = toyDataset({ name, count: 500, seed: 7 });
      expect(a).toBeInstanceOf(Float32Array);
      expect(a.length).toBe(1000);
      expect(a.every(Number.isFinite)).toBe(true);
      expect(a).toEqual(toyDataset({ name, count: 500, seed: 7 }));
      expect(a).not.toEqual(toyDataset({ name, count: 500, seed: 8 }));
      expect(Math.max(...a.map(Math.abs))).toBeLessThan(3);
    }
  });

  it('draws noiseless rings on radii 0.75 and 1.5, half each, and mixture points near radius 1.5', () => {
    const rings = radii(toyDataset({ name: 'rings', count: 2000, noise: 0 }));
    const inner = rings.filter((r) => Math.abs(r - 0.75) < 1e-5).length;
    const outer = rings.filter((r) => Math.abs(r - 1.5) < 1e-5).length;
    expect(inner + outer).toBe(2000);
    expect(Math.abs(inner - 1000)).toBeLessThan(4 * Math.sqrt(2000 * 0.25)); // binomial(2000, 1/2): 4 SD
    const mixture = radii(toyDataset({ name: 'gaussian-mixture', count: 2000, noise: 0 }));
    // each component is N(mu_j, 0.1^2 I) with |mu_j| = 1.5: the radius is within 0.5 of 1.5 (5 SD)
    expect(mixture.every((r) => Math.abs(r - 1.5) < 0.5)).toBe(true);
  });

  it('draws moons on two unit half circles centred at (-0.5, -0.25) and (0.5, 0.25)', () => {
    const moons = toyDataset({ name: 'moons', count: 1000, noise: 0 });
    for (let i = 0; i < 1000; i++) {
      const [x, y] = [moons[2 * i] as number, moons[2 * i + 1] as number];
      const upper = Math.hypot(x + 0.5, y + 0.25);
      const lower = Math.hypot(x - 0.5, y - 0.25);
      expect(Math.min(Math.abs(upper - 1), Math.abs(lower - 1))).toBeLessThan(1e-5);
    }
  });

  it('rejects unknown names, bad counts and bad noise with ConfigError naming the value', () => {
    expect(() => toyDataset({ name: 'spiral' as never, count: 10 })).toThrow(/unknown toy data set 'spiral'/);
    expect(() => toyDataset({ name: 'moons', count: 0 })).toThrow(/count must be an integer >= 1, got 0/);
    expect(() => toyDataset({ name: 'moons', count: 2.5 })).toThrow(ConfigError);
    expect(() => toyDataset({ name: 'moons', count: 5, noise: -1 })).toThrow(/noise .* got -1/);
  });
});
