import { mulberry32 } from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { encodeModel, floatValueInfo } from '../../export/onnx-graph.ts';
import { createTape, GraphBuildError, type Ops, type Value } from './tape.ts';
import { unbroadcast } from './vjp-rules.ts';

/**
 * Each rule on its own: for y = op(a, b), the loss sum(y * w) with a random w (so dL/dy = w is not
 * uniform); the graph's dL/da, dL/db are compared with tfjs's tf.grads of the same function.
 */
interface RuleCase {
  readonly shapes: readonly (readonly number[])[];
  readonly onnx: (ops: Ops, inputs: Value[]) => Value;
  readonly tfjs: (...inputs: tf.Tensor[]) => tf.Tensor;
  /** Inputs drawn from U(-1, 1) are shifted by this (keeps Relu away from its kink). */
  readonly shift?: number;
}

const a = (inputs: Value[]) => inputs[0] as Value;
const b = (inputs: Value[]) => inputs[1] as Value;

const CASES: Record<string, RuleCase> = {
  'Add, [2, 3] + [3] (broadcast)': {
    shapes: [[2, 3], [3]],
    onnx: (ops, v) => ops.add(a(v), b(v)),
    tfjs: (x, y) => tf.add(x, y as tf.Tensor),
  },
  'Sub, [4, 1, 3] - [2, 3] (both broadcast)': {
    shapes: [
      [4, 1, 3],
      [2, 3],
    ],
    onnx: (ops, v) => ops.sub(a(v), b(v)),
    tfjs: (x, y) => tf.sub(x, y as tf.Tensor),
  },
  'Mul, [2, 3] * [2, 1]': {
    shapes: [
      [2, 3],
      [2, 1],
    ],
    onnx: (ops, v) => ops.mul(a(v), b(v)),
    tfjs: (x, y) => tf.mul(x, y as tf.Tensor),
  },
  'Mul, a * a (one value used twice)': {
    shapes: [[5]],
    onnx: (ops, v) => ops.mul(a(v), a(v)),
    tfjs: (x) => tf.mul(x, x),
  },
  Neg: { shapes: [[2, 3]], onnx: (ops, v) => ops.neg(a(v)), tfjs: (x) => tf.neg(x) },
  Exp: { shapes: [[2, 3]], onnx: (ops, v) => ops.exp(a(v)), tfjs: (x) => tf.exp(x) },
  Tanh: { shapes: [[2, 3]], onnx: (ops, v) => ops.tanh(a(v)), tfjs: (x) => tf.tanh(x) },
  'Relu (both signs)': {
    shapes: [[3, 4]],
    onnx: (ops, v) => ops.relu(a(v)),
    tfjs: (x) => tf.relu(x),
    shift: 0.05,
  },
  Softplus: { shapes: [[2, 3]], onnx: (ops, v) => ops.softplus(a(v)), tfjs: (x) => tf.softplus(x) },
  'Gemm, [2, 3] x [3, 4] + [4]': {
    shapes: [[2, 3], [3, 4], [4]],
    onnx: (ops, v) => ops.gemm(a(v), b(v), v[2] as Value),
    tfjs: (x, w, c) => tf.add(tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D), c as tf.Tensor),
  },
  'ReduceSum over axis 1': {
    shapes: [[2, 3, 4]],
    onnx: (ops, v) => ops.reduceSum(a(v), [1]),
    tfjs: (x) => tf.sum(x, 1),
  },
  'ReduceSum over axes 0 and 2, keeping them': {
    shapes: [[2, 3, 4]],
    onnx: (ops, v) => ops.reduceSum(a(v), [0, 2], true),
    tfjs: (x) => tf.sum(x, [0, 2], true),
  },
  'Reshape [2, 6] -> [3, 4]': {
    shapes: [[2, 6]],
    onnx: (ops, v) => ops.reshape(a(v), [3, 4]),
    tfjs: (x) => tf.reshape(x, [3, 4]),
  },
};

const size = (shape: readonly number[]) => shape.reduce((x, y) => x * y, 1);

function randomValues(shape: readonly number[], seed: number, shift = 0): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: size(shape) }, () => 2 * random() - 1 + shift);
}

describe('vector-Jacobian rules against tfjs gradients', () => {
  for (const [title, c] of Object.entries(CASES)) {
    it(title, async () => {
      const values = c.shapes.map((shape, i) => randomValues(shape, 11 + i, c.shift));
      const tape = createTape();
      const inputs = c.shapes.map((shape, i) => tape.leaf({ name: `in${i}`, shape }));
      const y = c.onnx(tape.ops, inputs);
      const w: Value = { name: 'w', shape: y.shape };
      const wValues = randomValues(y.shape, 99);
      const grads = tape.gradients(tape.ops.total(tape.ops.mul(y, w)), inputs);
      const outputs = grads.map((g, i) => tape.ops.output(g as Value, `grad${i}`));
      const bytes = encodeModel({
        graphName: 'rule',
        nodes: tape.nodes,
        initializers: tape.initializers,
        inputs: [...inputs, w].map((v) => floatValueInfo(v.name, v.shape)),
        outputs: outputs.map((v) => floatValueInfo(v.name, v.shape)),
        metadata: {},
        producerName: 'test',
        producerVersion: '0',
      });
      const session = await ort.InferenceSession.create(bytes);
      const feeds = Object.fromEntries(
        [...inputs, w].map((v, i) => [v.name, new ort.Tensor('float32', values[i] ?? wValues, [...v.shape])]),
      );
      const result = await session.run(feeds);
      await session.release();

      const before = tf.memory().numTensors;
      const expected = tf.tidy(() => {
        const tensors = c.shapes.map((shape, i) => tf.tensor(values[i] as Float32Array, [...shape]));
        const weight = tf.tensor(wValues, [...y.shape]);
        return tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(c.tfjs(...xs), weight)))(tensors);
      });
      for (const [i, grad] of expected.entries()) {
        const actual = result[`grad${i}`] as ort.Tensor;
        expect(actual.dims).toEqual(grad.shape);
        const want = grad.dataSync();
        (actual.data as Float32Array).forEach((value, j) => {
          expect(Math.abs(value - (want[j] as number))).toBeLessThan(1e-6);
        });
      }
      tf.dispose(expected);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('unbroadcast sums exactly the broadcast axes', () => {
    const tape = createTape();
    const grad: Value = { name: 'g', shape: [4, 2, 3] };
    expect(unbroadcast(tape.ops, grad, [4, 2, 3])).toBe(grad);
    expect(unbroadcast(tape.ops, grad, [2, 3]).shape).toEqual([2, 3]);
    expect(unbroadcast(tape.ops, grad, [4, 1, 3]).shape).toEqual([4, 1, 3]);
    expect(unbroadcast(tape.ops, grad, [1]).shape).toEqual([1]);
  });

  it('refuses an op without a rule on a path from a weight, instead of dropping its gradient', () => {
    const tape = createTape();
    const weight = tape.leaf({ name: 'w', shape: [3, 3] });
    expect(() => tape.ops.sigmoid(weight)).toThrow(GraphBuildError);
    expect(() => tape.ops.gemm(weight, weight, null, { transA: true })).toThrow(/transposed Gemm/);
  });
});
