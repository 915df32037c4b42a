/**
 * Small, deterministic tfjs workloads for comparing backends: a matMul with its gradient, and a
 * 20-step dense regression trained with Adam. Inputs are plain arrays so every backend starts from
 * bit-identical values; results come back as plain arrays.
 */
import { createAdam, createVae, PRESETS, trainStep } from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';
import { binarizeThreshold } from '../src/data/binarize.ts';
import { loadMnist } from '../src/data/mnist.ts';

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
 * The trainer's own step on the `mnist` preset (784-200-200-50 tanh, Bernoulli): core's trainStep with
 * core's Adam on the first 100 MNIST test images, binarised at 0.5, the same seeds on every backend.
 * Returns the loss (-ELBO, nats per image) before each step.
 */
export async function trainVae(steps = 10): Promise<number[]> {
  const images = (await loadMnist({ split: 'test' })).values.subarray(0, 100 * 784);
  const x = tf.tensor2d(binarizeThreshold(images), [100, 784]);
  const vae = createVae({ config: PRESETS.mnist, seed: 1 });
  const optimizer = createAdam({ variables: vae.variables, learningRate: 1e-3 });
  const losses: number[] = [];
  for (let step = 0; step < steps; step++) {
    const { loss } = await trainStep({ vae, optimizer, x, estimator: 'reparam', samples: 1, seed: step + 1 });
    losses.push(loss);
  }
  optimizer.dispose();
  vae.dispose();
  x.dispose();
  return losses;
}
