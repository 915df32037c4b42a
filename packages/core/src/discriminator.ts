import * as tf from '@tensorflow/tfjs-core';
import type { DenseSpec } from './architecture.ts';
import type { Activation } from './config.ts';
import { applyDense, initialDense } from './dense.ts';
import { ConfigError } from './errors.ts';
import type { GradientApplier } from './train-step.ts';

/**
 * AVB's discriminator T(x, z): an MLP on the concatenation [x, z] with one linear output. Trained with
 * the logistic loss to tell pairs (x, z ~ q(z|x)) (label 1) from pairs (x, z ~ p(z)) (label 0):
 *   loss_T = E_q[softplus(-T(x, z))] + E_p[softplus(T(x, z))]     (= -E_q log s(T) - E_p log(1 - s(T)))
 * whose minimiser is T*(x, z) = log q(z|x) - log p(z) (Mescheder et al. 2017, proposition 1).
 */
export interface Discriminator {
  readonly layers: readonly DenseSpec[];
  /** Its weights by name ('discriminator/hidden0/kernel', ..., 'discriminator/output/bias'). */
  readonly variables: ReadonlyMap<string, tf.Variable>;
  /** x [N, D], z [L, N, K] -> T [L, N]. Differentiable in z and in its own weights. */
  score(x: tf.Tensor2D, z: tf.Tensor): tf.Tensor;
  dispose(): void;
}

export interface CreateDiscriminatorOptions {
  /** D. */
  readonly inputSize: number;
  /** K. */
  readonly latentSize: number;
  /** Hidden widths, each >= 1. */
  readonly hiddenSizes: readonly number[];
  readonly activation?: Activation;
  readonly seed?: number;
}

export function createDiscriminator({
  inputSize,
  latentSize,
  hiddenSizes,
  activation = 'tanh',
  seed = 0,
}: CreateDiscriminatorOptions): Discriminator {
  if (!hiddenSizes.every((size) => Number.isInteger(size) && size >= 1)) {
    throw new ConfigError(
      `discriminator hiddenSizes must be positive integers, got ${JSON.stringify(hiddenSizes)}`,
    );
  }
  const sizes = [inputSize + latentSize, ...hiddenSizes, 1];
  const layers: DenseSpec[] = sizes.slice(1).map((outputSize, i) => ({
    name: i === sizes.length - 2 ? 'discriminator/output' : `discriminator/hidden${i}`,
    inputSize: sizes[i] as number,
    outputSize,
    activation: i === sizes.length - 2 ? 'linear' : activation,
  }));
  const variables = new Map<string, tf.Variable>();
  layers.forEach((spec, i) => {
    for (const [name, initial] of initialDense(spec, seed * 1000 + 500 + i)) {
      variables.set(name, tf.variable(initial, true));
      initial.dispose();
    }
  });
  return {
    layers,
    variables,
    score(x, z) {
      return tf.tidy(() => {
        const [samples, n, k] = z.shape as [number, number, number];
        const xs = tf.reshape(tf.broadcastTo(x, [samples, n, inputSize]), [samples * n, inputSize]);
        const input = tf.concat([xs, tf.reshape(z, [samples * n, k])], 1) as tf.Tensor2D; // [L N, D + K]
        const t = layers.reduce((h, spec) => applyDense(variables, spec, h), input); // [L N, 1]
        return tf.reshape(t, [samples, n]);
      });
    },
    dispose() {
      for (const variable of variables.values()) variable.dispose();
      variables.clear();
    },
  };
}

/** The logistic loss of T on pairs from q (zq [L, N, K]) and from the prior (zp [L', N, K]): a scalar. */
export function discriminatorLoss(
  discriminator: Discriminator,
  x: tf.Tensor2D,
  zq: tf.Tensor,
  zp: tf.Tensor,
): tf.Scalar {
  return tf.tidy(
    () =>
      tf.add(
        tf.mean(tf.softplus(tf.neg(discriminator.score(x, zq)))),
        tf.mean(tf.softplus(discriminator.score(x, zp))),
      ) as tf.Scalar,
  );
}

/**
 * One optimiser step of the discriminator alone on the logistic loss (zq, zp are constants: gradients
 * reach only T's weights). Returns the loss before the update.
 */
export async function discriminatorStep({
  discriminator,
  optimizer,
  x,
  zq,
  zp,
}: {
  discriminator: Discriminator;
  optimizer: GradientApplier;
  x: tf.Tensor2D;
  zq: tf.Tensor;
  zp: tf.Tensor;
}): Promise<number> {
  const { value, grads } = tf.variableGrads(
    () => discriminatorLoss(discriminator, x, zq, zp),
    [...discriminator.variables.values()],
  );
  try {
    optimizer.applyGradients(grads);
  } finally {
    tf.dispose(Object.values(grads));
  }
  const loss = (await value.data())[0] as number;
  value.dispose();
  return loss;
}
