import { createAdam, mulberry32 } from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createFlatAdam } from './flat-adam.ts';

const random = (n: number, seed: number, scale = 1) => {
  const r = mulberry32(seed);
  return Float32Array.from({ length: n }, () => scale * (2 * r() - 1));
};

const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((worst, x, i) => Math.max(worst, Math.abs(x - (b[i] as number))), 0);

describe('createFlatAdam', () => {
  it("matches core's Adam (tfjs, per variable) over 5 steps within float32 rounding", async () => {
    const [a, b] = [random(6, 1), random(4, 2)];
    const variables = new Map([
      ['a', tf.variable(tf.tensor(a, [2, 3]))],
      ['b', tf.variable(tf.tensor(b, [4]))],
    ]);
    const adam = createAdam({ variables, learningRate: 0.01 });
    const flat = createFlatAdam({ size: 10, learningRate: 0.01 });
    flat.params.set([...a, ...b]);
    for (let step = 1; step <= 5; step++) {
      const gradient = random(10, 10 + step, 3);
      const grads = {
        [(variables.get('a') as tf.Variable).name]: tf.tensor(gradient.slice(0, 6), [2, 3]),
        [(variables.get('b') as tf.Variable).name]: tf.tensor(gradient.slice(6), [4]),
      };
      adam.applyGradients(grads);
      tf.dispose(Object.values(grads));
      flat.gradient.set(gradient);
      flat.step(step);
    }
    const expected = [
      ...(await (variables.get('a') as tf.Variable).data()),
      ...(await (variables.get('b') as tf.Variable).data()),
    ];
    expect(maxDifference(flat.params, expected)).toBeLessThan(1e-6);
    const { moments } = await adam.getState();
    const theirsOf = (key: string) => [
      ...(moments[`a/${key}`]?.values ?? []),
      ...(moments[`b/${key}`]?.values ?? []),
    ];
    for (const [key, ours] of [
      ['m', flat.m],
      ['v', flat.v],
    ] as const) {
      const theirs = theirsOf(key);
      expect(theirs.length).toBe(10);
      expect(maxDifference(ours, theirs)).toBeLessThan(1e-6);
    }
    adam.dispose();
    for (const variable of variables.values()) variable.dispose();
  });

  it('takes the first step as lr * sign(g) (m / c1 = g, sqrt(v / c2) = |g|), in every SIMD lane and the tail', () => {
    // 7 elements: one whole 4-lane vector and a tail of 3 in the padded last vector
    const flat = createFlatAdam({ size: 7, learningRate: 0.1 });
    flat.params.fill(1);
    flat.gradient.set([0.5, -2, 1e-3, 0, 3, -1e-4, 7]);
    flat.step(1);
    expect(Array.from(flat.params)).toEqual([
      expect.closeTo(0.9, 5),
      expect.closeTo(1.1, 5),
      expect.closeTo(0.9, 4),
      1, // g = 0: m = v = 0, no step
      expect.closeTo(0.9, 5),
      expect.closeTo(1.1, 3), // |g| = 1e-4 against epsilon 1e-8: lr * 1e-4 / (1e-4 + 1e-8)
      expect.closeTo(0.9, 5),
    ]);
  });

  it("matches the update's formula in float64 on 10,001 random elements over 3 steps (1e-6 of each array's scale)", () => {
    const size = 10_001;
    const flat = createFlatAdam({ size, learningRate: 1e-3 });
    const w = Float64Array.from(random(size, 7));
    const [m, v] = [new Float64Array(size), new Float64Array(size)];
    flat.params.set(w);
    for (let t = 1; t <= 3; t++) {
      const g = random(size, 20 + t, 0.1);
      flat.gradient.set(g);
      flat.step(t);
      const [c1, c2] = [1 - 0.9 ** t, 1 - 0.999 ** t];
      for (let i = 0; i < size; i++) {
        const gi = g[i] as number;
        m[i] = 0.9 * (m[i] as number) + 0.1 * gi;
        v[i] = 0.999 * (v[i] as number) + 0.001 * gi * gi;
        w[i] =
          (w[i] as number) - (1e-3 * ((m[i] as number) / c1)) / (Math.sqrt((v[i] as number) / c2) + 1e-8);
      }
    }
    // float32 rounding: a few ulps of the array's largest element
    const scaledError = (ours: Float32Array, exact: Float64Array) =>
      maxDifference(ours, exact) / Math.max(...Array.from(exact, Math.abs));
    expect(scaledError(flat.params, w)).toBeLessThan(1e-6);
    expect(scaledError(flat.m, m)).toBeLessThan(1e-6);
    expect(scaledError(flat.v, v)).toBeLessThan(1e-6);
  });

  it('refuses a size below 1, a step below 1 and a bad learning rate, naming the value', () => {
    expect(() => createFlatAdam({ size: 0, learningRate: 0.1 })).toThrow(/got 0/);
    expect(() => createFlatAdam({ size: 2, learningRate: 0.1 }).step(0)).toThrow(/got 0/);
    expect(() => createFlatAdam({ size: 2, learningRate: -1 })).toThrow(/got -1/);
  });
});
