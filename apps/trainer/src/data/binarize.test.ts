import { mulberry32 } from '@ellipse/core';
import { describe, expect, it } from 'vitest';
import { bernoulliSample, binarizeDynamic, binarizeFixed, binarizeThreshold } from './binarize.ts';

const mean = (a: Float32Array) => a.reduce((s, v) => s + v, 0) / a.length;

describe('binarisation', () => {
  it('bernoulliSample: bits with mean p (binomial sd 0.0015 at n = 1e5)', () => {
    const bits = bernoulliSample(new Float32Array(100_000).fill(0.3), 1);
    expect(bits.every((b) => b === 0 || b === 1)).toBe(true);
    expect(mean(bits)).toBeCloseTo(0.3, 2);
    expect(bernoulliSample(Float32Array.of(0, 1, 0, 1), 2)).toEqual(Float32Array.of(0, 1, 0, 1));
  });

  it("bernoulliSample: the same bits as core's mulberry32(seed)() < p, p in [0, 1] including the edges", () => {
    const uniform = mulberry32(99);
    const probabilities = Float32Array.from({ length: 20_000 }, (_, i) =>
      i % 10 === 0 ? (i % 20) / 10 : uniform(),
    ); // every 10th exactly 0 or 1, the rest uniform
    for (const seed of [0, 7, 0xffffffff]) {
      const random = mulberry32(seed);
      const expected = probabilities.map((p) => (random() < p ? 1 : 0));
      expect(bernoulliSample(probabilities, seed)).toEqual(expected);
    }
  });

  it('dynamic: a fresh draw per (epoch, step), the same draw for the same key', () => {
    const batch = new Float32Array(1000).fill(0.5);
    const a = binarizeDynamic(batch, { seed: 1, epoch: 0, step: 0 });
    expect(binarizeDynamic(batch, { seed: 1, epoch: 0, step: 0 })).toEqual(a);
    expect(binarizeDynamic(batch, { seed: 1, epoch: 0, step: 1 })).not.toEqual(a);
    expect(binarizeDynamic(batch, { seed: 1, epoch: 1, step: 0 })).not.toEqual(a);
    expect(binarizeDynamic(batch, { seed: 2, epoch: 0, step: 0 })).not.toEqual(a);
  });

  it('fixed: one draw per seed', () => {
    const values = new Float32Array(1000).fill(0.5);
    expect(binarizeFixed(values, { seed: 4 })).toEqual(binarizeFixed(values, { seed: 4 }));
    expect(binarizeFixed(values, { seed: 4 })).not.toEqual(binarizeFixed(values, { seed: 5 }));
  });

  it('threshold: [p > t]', () => {
    expect(binarizeThreshold(Float32Array.of(0, 0.5, 0.51, 1))).toEqual(Float32Array.of(0, 0, 1, 1));
    expect(binarizeThreshold(Float32Array.of(0.2, 0.3), { threshold: 0.25 })).toEqual(Float32Array.of(0, 1));
  });
});
