import { describe, expect, it } from 'vitest';
import { reparameterise, stagePoint } from './reparameterise.ts';

const q = { mu: [1, -2], sigma: [0.5, 2] };

describe('reparameterise', () => {
  it('scales eps by sigma, then moves it to mu (a hand case)', () => {
    const draw = reparameterise(q, [9, 9, 2, -1], 1);
    expect(draw.eps).toEqual([2, -1]);
    expect(draw.scaled).toEqual([1, -2]);
    expect(draw.z).toEqual([2, -4]);
  });

  it('turns N(0, I) draws into draws with q mean and spread', () => {
    // a symmetric set of eps: (+-1, +-1) has mean 0 and variance 1 per axis
    const eps = [1, 1, -1, 1, 1, -1, -1, -1];
    const zs = [0, 1, 2, 3].map((i) => reparameterise(q, eps, i).z);
    const mean = [0, 1].map((c) => zs.reduce((s, z) => s + (z[c] as number), 0) / 4);
    const variance = [0, 1].map(
      (c) => zs.reduce((s, z) => s + ((z[c] as number) - (mean[c] as number)) ** 2, 0) / 4,
    );
    expect(mean).toEqual([1, -2]);
    expect(variance).toEqual([0.25, 4]);
  });
});

describe('stagePoint', () => {
  it('runs eps -> sigma eps -> mu + sigma eps as t goes 0 -> 1 -> 2', () => {
    const draw = reparameterise(q, [2, -1], 0);
    expect(stagePoint(draw, 0)).toEqual([2, -1]);
    expect(stagePoint(draw, 0.5)).toEqual([1.5, -1.5]);
    expect(stagePoint(draw, 1)).toEqual([1, -2]);
    expect(stagePoint(draw, 1.5)).toEqual([1.5, -3]);
    expect(stagePoint(draw, 2)).toEqual([2, -4]);
    expect(stagePoint(draw, 7)).toEqual([2, -4]);
  });
});
