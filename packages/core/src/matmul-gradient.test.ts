import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import './index.ts'; // registers the gradients, ours for BatchMatMul included

describe(`the matMul gradient (${process.env.ELLIPSE_TEST_BACKEND} backend)`, () => {
  it('gives dA = dC B^T and dB = A^T dC as computed by hand, without leaks', () => {
    const a = tf.tensor2d([
      [1, 2],
      [3, -1],
    ]); // [2, 2]
    const b = tf.tensor2d([
      [0.5, -1, 2],
      [1, 0, -0.5],
    ]); // [2, 3]
    // f = sum(c * (A B)) with c = [[1, 2, 3], [4, 5, 6]]: df/dC = c, so dA = c B^T, dB = A^T c.
    const c = tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const before = tf.memory().numTensors;
    const [da, db] = tf.grads((x, y) => tf.sum(tf.mul(c, tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D))))([
      a,
      b,
    ]);
    // c B^T: row 1 [0.5 - 2 + 6, 1 + 0 - 1.5] = [4.5, -0.5]; row 2 [2 - 5 + 12, 4 + 0 - 3] = [9, 1]
    expect(Array.from(da?.dataSync() ?? [])).toEqual([4.5, -0.5, 9, 1]);
    // A^T c: [[1 + 12, 2 + 15, 3 + 18], [2 - 4, 4 - 5, 6 - 6]]
    expect(Array.from(db?.dataSync() ?? [])).toEqual([13, 17, 21, -2, -1, 0]);
    tf.dispose([da as tf.Tensor, db as tf.Tensor]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, b, c]);
  });

  it('still handles transposed operands (through tfjs own gradient)', () => {
    const a = tf.tensor2d([
      [1, 3],
      [2, -1],
    ]); // A^T of the case above
    const b = tf.tensor2d([
      [0.5, -1, 2],
      [1, 0, -0.5],
    ]);
    const c = tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const [da] = tf.grads((x, y) =>
      tf.sum(tf.mul(c, tf.matMul(x as tf.Tensor2D, y as tf.Tensor2D, true, false))),
    )([a, b]);
    // d/dA^T of the same f is (c B^T)^T
    expect(Array.from(da?.dataSync() ?? [])).toEqual([4.5, 9, -0.5, 1]);
    tf.dispose([a, b, c, da as tf.Tensor]);
  });
});
