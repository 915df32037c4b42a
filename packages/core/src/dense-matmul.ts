import * as tf from '@tensorflow/tfjs-core';

/**
 * x W with the gradient dx = dy W^T, dW = x^T dy computed from explicit transposes and plain matMuls.
 * x [N, in], W [in, out] -> [N, out].
 */
const matMulExplicitTransposeGrad = tf.customGrad((...args) => {
  const [x, w, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
  save([x, w]);
  return {
    value: tf.matMul(x, w),
    gradFunc: (dy, saved) => {
      const [xs, ws] = saved as [tf.Tensor2D, tf.Tensor2D];
      const upstream = dy as tf.Tensor2D; // [N, out]
      return [tf.matMul(upstream, tf.transpose(ws)), tf.matMul(tf.transpose(xs), upstream)];
    },
  };
}) as (x: tf.Tensor2D, w: tf.Tensor) => tf.Tensor2D;

/**
 * The matrix product of a dense layer, x W. Same math on every backend; only how its gradient is
 * computed differs. tfjs's wasm backend runs matMul with a transposed operand ~10x slower than a plain
 * one (shared/ENVIRONMENT.md), and a dense layer's gradients dW = x^T dy, dx = dy W^T take exactly that
 * path, so on wasm the gradient transposes explicitly. Measured for a 100x784x200 tanh layer, forward and
 * backward: wasm 25.3 -> 7.7 ms; the pure-JS cpu backend goes the other way (84.6 -> 156.3 ms), so it and
 * the GPU backends keep tfjs's own gradient.
 */
export function denseMatMul(x: tf.Tensor2D, w: tf.Tensor): tf.Tensor2D {
  return tf.getBackend() === 'wasm' ? matMulExplicitTransposeGrad(x, w) : tf.matMul(x, w as tf.Tensor2D);
}
