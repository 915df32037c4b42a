/**
 * Small, deterministic tfjs workloads for comparing backends: a matMul with its gradient, and a
 * 20-step dense regression trained with Adam. Inputs are plain arrays so every backend starts from
 * bit-identical values; results come back as plain arrays.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Deterministic values in [-1, 1) from a 32-bit LCG (Numerical Recipes constants). */
export function lcg(seed: number, count: number): Float32Array {
  const out = new Float32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state / 2 ** 31 - 1;
  }
  return out;
}

export interface MatMulResult {
  /** a @ b: [m, n] */
  product: Float32Array;
  /** d/da sum((a @ b)^2) = 2 (a @ b) @ bᵀ: [m, k] */
  gradient: Float32Array;
}

/** matMul and its gradient on the active backend. a: [m, k], b: [k, n]. */
export async function matMulWithGradient(a: Float32Array, b: Float32Array, m: number, k: number, n: number) {
  const [product, gradient] = tf.tidy(() => {
    const ta = tf.tensor2d(a, [m, k]);
    const tb = tf.tensor2d(b, [k, n]);
    const grad = tf.grad((x: tf.Tensor) => tf.sum(tf.square(tf.matMul(x as tf.Tensor2D, tb))))(ta);
    return [tf.matMul(ta, tb), grad];
  });
  const result: MatMulResult = {
    product: (await product.data()) as Float32Array,
    gradient: (await gradient.data()) as Float32Array,
  };
  product.dispose();
  gradient.dispose();
  return result;
}

/** The same matMul and gradient in float64 JavaScript: the oracle. */
export function matMulWithGradientReference(
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
) {
  const product = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
      product[i * n + j] = s;
    }
  const gradient = new Float64Array(m * k);
  for (let i = 0; i < m; i++)
    for (let p = 0; p < k; p++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += 2 * product[i * n + j]! * b[p * n + j]!;
      gradient[i * k + p] = s;
    }
  return { product, gradient };
}

/** Largest |x - y| / max(1, |y|) over two arrays of equal length. */
export function maxRelativeDifference(x: ArrayLike<number>, y: ArrayLike<number>): number {
  if (x.length !== y.length) throw new Error(`length ${x.length} vs ${y.length}`);
  let worst = 0;
  for (let i = 0; i < x.length; i++) {
    worst = Math.max(worst, Math.abs(x[i]! - y[i]!) / Math.max(1, Math.abs(y[i]!)));
  }
  return worst;
}

/**
 * A training-like loop: y = tanh(x W1 + b1) W2 + b2 regressed on fixed targets with Adam, 20 steps.
 * x: [32, 16], W1: [16, 24], W2: [24, 4]. Returns the loss before each step.
 */
export async function trainDense(steps = 20): Promise<number[]> {
  const batch = 32;
  const inputs = 16;
  const hidden = 24;
  const outputs = 4;
  const x = tf.tensor2d(lcg(1, batch * inputs), [batch, inputs]);
  const target = tf.tensor2d(lcg(2, batch * outputs), [batch, outputs]);
  const w1 = variableFrom(
    lcg(3, inputs * hidden).map((v) => 0.3 * v),
    [inputs, hidden],
  );
  const b1 = variableFrom(new Float32Array(hidden), [hidden]);
  const w2 = variableFrom(
    lcg(4, hidden * outputs).map((v) => 0.3 * v),
    [hidden, outputs],
  );
  const b2 = variableFrom(new Float32Array(outputs), [outputs]);
  const optimizer = tf.train.adam(0.01);
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const loss = optimizer.minimize(() => {
      const h = tf.tanh(tf.add(tf.matMul(x, w1), b1)); // [batch, hidden]
      const y = tf.add(tf.matMul(h, w2), b2); // [batch, outputs]
      return tf.mean(tf.square(tf.sub(y, target))); // scalar
    }, true);
    if (!loss) throw new Error('minimize returned no loss');
    losses.push((await loss.data())[0]!);
    loss.dispose();
  }
  optimizer.dispose();
  tf.dispose([x, target, w1, b1, w2, b2]);
  return losses;
}

/** A variable holding a copy of `values`; the temporary initial tensor is disposed. */
function variableFrom(values: Float32Array, shape: number[]): tf.Variable {
  const initial = tf.tensor(values, shape);
  const variable = tf.variable(initial);
  initial.dispose();
  return variable;
}
