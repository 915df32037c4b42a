import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { DATA, encodeLinear, exactEncoder, linearGaussianVae, MODEL } from '../test/linear-gaussian.ts';
import { activeUnits, geometricRegularizer, NonFiniteError, posteriorEllipses, ShapeError } from './index.ts';

describe('geometry', () => {
  it('geometric regulariser ||mu||^2 + ||sigma - 1||^2 by hand, zero at the unit circle', () => {
    const value = geometricRegularizer({
      mu: tf.tensor2d([
        [1, -2],
        [0, 0],
      ]),
      logVar: tf.tensor2d([
        [Math.log(4), 0],
        [0, 0],
      ]),
    });
    expect(value.shape).toEqual([2]);
    const [first, second] = value.dataSync();
    expect(first).toBeCloseTo(1 + 4 + (2 - 1) ** 2 + 0, 5);
    expect(second).toBe(0);
  });

  it('posteriorEllipses gives each row of x its centre and axes as plain numbers, leaking nothing', async () => {
    const vae = linearGaussianVae(MODEL, exactEncoder(MODEL));
    const x = tf.tensor2d(DATA);
    const before = tf.memory().numTensors;
    const ellipses = await posteriorEllipses({ vae, x });
    expect(tf.memory().numTensors).toBe(before);
    expect(ellipses).toHaveLength(DATA.length);
    DATA.forEach((row, i) => {
      const { mu, v } = encodeLinear(exactEncoder(MODEL), row);
      const ellipse = ellipses[i];
      expect(Array.isArray(ellipse?.mu)).toBe(true);
      mu.forEach((m, k) => {
        expect(ellipse?.mu[k]).toBeCloseTo(m, 4);
      });
      v.forEach((vk, k) => {
        expect(ellipse?.sigma[k]).toBeCloseTo(Math.sqrt(vk), 4);
      });
    });
    await expect(posteriorEllipses({ vae, x: tf.zeros([2, 2]) as tf.Tensor2D })).rejects.toThrow(ShapeError);
    await expect(posteriorEllipses({ vae, x: tf.tensor2d([[Number.NaN, 0, 0]]) })).rejects.toThrow(
      NonFiniteError,
    );
    tf.dispose(x);
    vae.dispose();
  });

  it('activeUnits counts dimensions whose posterior mean varies over the data by more than 1e-2', () => {
    // unit 0: values 0, 1, 0, 1 -> variance 0.25 (active); unit 1: 0.1, 0.2, 0.1, 0.2 -> 0.0025 (inactive);
    // unit 2: constant 3 -> 0 (inactive)
    const rows = [
      [0, 0.1, 3],
      [1, 0.2, 3],
      [0, 0.1, 3],
      [1, 0.2, 3],
    ];
    expect(activeUnits({ mus: rows.map((r) => Float32Array.from(r)) })).toBe(1);
    expect(activeUnits({ mus: rows, threshold: 1e-3 })).toBe(2);
    expect(() => activeUnits({ mus: [] })).toThrow(ShapeError);
    expect(() => activeUnits({ mus: [[1, 2], [3]] })).toThrow(ShapeError);
  });
});
