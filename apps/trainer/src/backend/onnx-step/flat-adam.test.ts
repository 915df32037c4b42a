import { createAdam, mulberry32 } from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { flatAdam } from './flat-adam.ts';

const random = (n: number, seed: number, scale = 1) => {
  const r = mulberry32(seed);
  return Float32Array.from({ length: n }, () => scale * (2 * r() - 1));
};

const maxDifference = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Array.from(a).reduce((worst, x, i) => Math.max(worst, Math.abs(x - (b[i] as number))), 0);

describe('flatAdam', () => {
  it("matches core's Adam (tfjs, per variable) over 5 steps within float32 rounding", async () => {
    const [a, b] = [random(6, 1), random(4, 2)];
    const variables = new Map([
      ['a', tf.variable(tf.tensor(a, [2, 3]))],
      ['b', tf.variable(tf.tensor(b, [4]))],
    ]);
    const adam = createAdam({ variables, learningRate: 0.01 });
    const params = Float32Array.from([...a, ...b]);
    const [m, v] = [new Float32Array(10), new Float32Array(10)];
    const update = flatAdam({ learningRate: 0.01 });
    for (let step = 1; step <= 5; step++) {
      const gradient = random(10, 10 + step, 3);
      const grads = {
        [(variables.get('a') as tf.Variable).name]: tf.tensor(gradient.slice(0, 6), [2, 3]),
        [(variables.get('b') as tf.Variable).name]: tf.tensor(gradient.slice(6), [4]),
      };
      adam.applyGradients(grads);
      tf.dispose(Object.values(grads));
      update({ params, gradient, m, v }, step);
    }
    const expected = [
      ...(await (variables.get('a') as tf.Variable).data()),
      ...(await (variables.get('b') as tf.Variable).data()),
    ];
    expect(maxDifference(params, expected)).toBeLessThan(1e-6);
    const { moments } = await adam.getState();
    const flat = (key: string) => [
      ...(moments[`a/${key}`]?.values ?? []),
      ...(moments[`b/${key}`]?.values ?? []),
    ];
    for (const [key, ours] of [
      ['m', m],
      ['v', v],
    ] as const) {
      const theirs = flat(key);
      expect(theirs.length).toBe(10);
      expect(maxDifference(ours, theirs)).toBeLessThan(1e-6);
    }
    adam.dispose();
    for (const variable of variables.values()) variable.dispose();
  });

  it('takes the first step as lr * sign(g) (m / c1 = g, sqrt(v / c2) = |g|)', () => {
    const params = Float32Array.of(1, 1, 1);
    const gradient = Float32Array.of(0.5, -2, 1e-3);
    flatAdam({ learningRate: 0.1 })({ params, gradient, m: new Float32Array(3), v: new Float32Array(3) }, 1);
    expect(Array.from(params)).toEqual([
      expect.closeTo(0.9, 6),
      expect.closeTo(1.1, 6),
      expect.closeTo(0.9, 4),
    ]);
  });

  it('refuses buffers of different lengths, a step below 1 and a bad learning rate, naming the value', () => {
    const update = flatAdam({ learningRate: 0.1 });
    const two = new Float32Array(2);
    expect(() => update({ params: two, gradient: new Float32Array(3), m: two, v: two }, 1)).toThrow(
      /gradient 3/,
    );
    expect(() => update({ params: two, gradient: two, m: two, v: two }, 0)).toThrow(/got 0/);
    expect(() => flatAdam({ learningRate: -1 })).toThrow(/got -1/);
  });
});
