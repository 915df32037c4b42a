// Shared pieces of core's property tests (fast-check): run count, seed, and arbitraries of tiny models
// and batches, so 1,000 cases per entry point stay fast.
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { expect } from 'vitest';
import {
  ConfigError,
  createVae,
  NonFiniteError,
  ShapeError,
  type Vae,
  type VaeConfig,
} from '../src/index.ts';

/** 1,000 cases per entry point in CI with a fixed seed; ELLIPSE_FUZZ_RUNS / ELLIPSE_FUZZ_SEED for more. */
export const FUZZ: fc.Parameters<unknown> = {
  numRuns: Number(process.env.ELLIPSE_FUZZ_RUNS ?? 1000),
  seed: Number(process.env.ELLIPSE_FUZZ_SEED ?? 20261129),
};

/** Property tests run on the cpu project only: the same tfjs code on wasm would double CI time. */
export const FUZZ_BACKEND = (process.env.ELLIPSE_TEST_BACKEND ?? 'cpu') === 'cpu';

/** A valid configuration of a tiny model (D <= 4, hidden widths <= 3, K <= 3), of every kind. */
export const tinyConfig: fc.Arbitrary<VaeConfig> = fc.record({
  inputSize: fc.integer({ min: 1, max: 4 }),
  imageShape: fc.constant(null),
  latentSize: fc.integer({ min: 1, max: 3 }),
  hiddenSizes: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
  activation: fc.constantFrom('tanh', 'relu', 'softplus'),
  likelihood: fc.constantFrom('bernoulli', 'gaussian'),
  gaussianVariance: fc.oneof(fc.constant('learned' as const), fc.double({ min: 1e-3, max: 10, noNaN: true })),
});

/**
 * Mostly numbers at the scale of data (|x| <= 10: images are in [0, 1], the toy sets within +-5),
 * sometimes a value every entry point must refuse. (Far larger inputs can overflow float32 inside a
 * freshly initialised relu model: log sigma^2 ~ 90 at |x| ~ 100 gives exp(90) = Infinity.)
 */
const value = fc.oneof(
  { weight: 20, arbitrary: fc.double({ min: -10, max: 10, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY) },
);

/** A batch for a model of input size D: usually [N, D] (N <= 4), sometimes another width or rank. */
export function batchFor(inputSize: number): fc.Arbitrary<{ shape: number[]; values: number[] }> {
  const shape = fc.oneof(
    { weight: 8, arbitrary: fc.tuple(fc.integer({ min: 1, max: 4 }), fc.constant(inputSize)) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 5 })) },
    { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 3 })) },
  );
  return shape.chain((dims) => {
    const size = dims.reduce((a, b) => a * b, 1);
    return fc
      .array(value, { minLength: size, maxLength: size })
      .map((values) => ({ shape: [...dims], values }));
  });
}

/** A sample count: usually 1-3, sometimes 0, negative, fractional, NaN or far past the limit. */
export const sampleCount = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 1, max: 3 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 1.5, Number.NaN, 2 ** 40) },
);

/** beta: usually in [0, 2], sometimes negative or not finite. */
export const betaValue = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: 0, max: 2, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(-1, Number.NaN, Number.POSITIVE_INFINITY) },
);

export const regularizerValue = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('kl' as const, 'geometric' as const) },
  { weight: 1, arbitrary: fc.constant('l2' as 'kl') },
);

/** Creates the model and the batch, runs `body`, disposes both, and checks no tensor leaked. */
export async function withModel<T>(
  config: VaeConfig,
  batch: { shape: number[]; values: number[] },
  body: (vae: Vae, x: tf.Tensor2D) => Promise<T> | T,
): Promise<T | Error> {
  const before = tf.memory().numTensors;
  const vae = createVae({ config, seed: 1 });
  // Usually [N, D]; sometimes another rank, which every entry point must refuse.
  const x = tf.tensor(batch.values, batch.shape) as unknown as tf.Tensor2D;
  let result: T | Error;
  try {
    result = await body(vae, x);
  } catch (error) {
    result = error as Error;
  } finally {
    x.dispose();
    vae.dispose();
  }
  expect(tf.memory().numTensors).toBe(before);
  return result;
}

/**
 * The property's "or": `error` is one of core's named errors and its message names the offending
 * value: one of `offending` (as JSON or as String) appears in it.
 */
export function expectNamedError(error: unknown, offending: readonly unknown[]): void {
  expect(
    [ConfigError, ShapeError, NonFiniteError].some((type) => error instanceof type),
    String(error),
  ).toBe(true);
  const message = (error as Error).message;
  const named = offending.some(
    (v) => message.includes(String(v)) || message.includes(JSON.stringify(v) ?? '\u0000'),
  );
  expect(named, `${message} names none of ${JSON.stringify(offending)}`).toBe(true);
}

/** Every value of `values` is finite. */
export function expectFinite(values: ArrayLike<number>, what: string): void {
  const bad = Array.from(values).findIndex((v) => !Number.isFinite(v));
  expect(bad, `${what}[${bad}] = ${values[bad]}`).toBe(-1);
}
