import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { denseMatMul } from './dense-matmul.ts';
import './register-gradients.ts';

describe('denseMatMul', () => {
  it(`gives x W and the gradients dx = dy W^T, dW = x^T dy computed by hand (${tf.getBackend()})`, () => {
    const x = tf.tensor2d([
      [1, 2],
      [3, -1],
    ]); // [2, 2]
    const w = tf.variable(
      tf.tensor2d([
        [0.5, -1, 2],
        [1, 0, -0.5],
      ]),
    ); // [2, 3]
    // f = sum(c * (x W)) with c = [[1, 2, 3], [4, 5, 6]]: df/d(xW) = c, so dx = c W^T, dW = x^T c.
    const c = tf.tensor2d([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(Array.from(denseMatMul(x, w).dataSync())).toEqual([2.5, -1, 1, 0.5, -3, 6.5]);
    const [dx, dw] = tf.grads((a, b) => tf.sum(tf.mul(c, denseMatMul(a as tf.Tensor2D, b))))([x, w]);
    // c W^T: row 1 [0.5 - 2 + 6, 1 + 0 - 1.5] = [4.5, -0.5]; row 2 [2 - 5 + 12, 4 + 0 - 3] = [9, 1]
    expect(Array.from(dx?.dataSync() ?? [])).toEqual([4.5, -0.5, 9, 1]);
    // x^T c: [[1*1 + 3*4, 1*2 + 3*5, 1*3 + 3*6], [2*1 - 4, 2*2 - 5, 2*3 - 6]]
    expect(Array.from(dw?.dataSync() ?? [])).toEqual([13, 17, 21, -2, -1, 0]);
    tf.dispose([x, w, c, dx as tf.Tensor, dw as tf.Tensor]);
  });
});
