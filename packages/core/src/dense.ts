import * as tf from '@tensorflow/tfjs-core';
import type { DenseSpec } from './architecture.ts';

/** act(x) for a layer's activation: tanh, relu, softplus or the identity. */
export function activate(x: tf.Tensor2D, activation: DenseSpec['activation']): tf.Tensor2D {
  switch (activation) {
    case 'tanh':
      return tf.tanh(x);
    case 'relu':
      return tf.relu(x);
    case 'softplus':
      return tf.softplus(x);
    case 'linear':
      return x;
  }
}

/** Glorot-uniform kernel: U(-l, l), l = sqrt(6 / (fan_in + fan_out)); zero bias. */
export function initialDense(spec: DenseSpec, seed: number): [string, tf.Tensor][] {
  const limit = Math.sqrt(6 / (spec.inputSize + spec.outputSize));
  return [
    [
      `${spec.name}/kernel`,
      tf.randomUniform([spec.inputSize, spec.outputSize], -limit, limit, 'float32', seed),
    ],
    [`${spec.name}/bias`, tf.zeros([spec.outputSize])],
  ];
}

/** y = act(x W + b) [N, out] for x [N, in], with W = `${name}/kernel`, b = `${name}/bias` from `variables`. */
export function applyDense(
  variables: ReadonlyMap<string, tf.Variable>,
  spec: DenseSpec,
  x: tf.Tensor2D,
): tf.Tensor2D {
  const kernel = variables.get(`${spec.name}/kernel`) as tf.Variable;
  const bias = variables.get(`${spec.name}/bias`) as tf.Variable;
  return activate(tf.add(tf.matMul(x, kernel), bias), spec.activation);
}
