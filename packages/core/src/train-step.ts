import * as tf from '@tensorflow/tfjs-core';
import type { Regularizer } from './elbo.ts';
import { type EstimatorName, estimateGradients } from './estimators.ts';
import type { Vae } from './model.ts';

/** What trainStep needs of an optimiser: tf.Optimizer and core's Adam both provide it. */
export interface GradientApplier {
  /** Applies gradients keyed by tfjs variable id (variable.name). */
  applyGradients(gradients: tf.NamedTensorMap): void;
}

export interface TrainStepOptions {
  readonly vae: Vae;
  /**
   * Core's createAdam({ variables: vae.variables, ... }) (serialisable state, for exact resume), or any
   * tfjs optimiser such as tf.train.adam(1e-3). Either keeps its own state between steps.
   */
  readonly optimizer: GradientApplier | tf.Optimizer;
  /** A batch [N, D], finite. */
  readonly x: tf.Tensor2D;
  /** 'reparam' (the usual VAE) or 'score' (REINFORCE with a leave-one-out baseline, samples >= 2). */
  readonly estimator: EstimatorName;
  /** L: samples of z per example. */
  readonly samples: number;
  /** Regulariser weight (beta-VAE), finite and >= 0; default 1. */
  readonly beta?: number;
  /** Default 'kl'; 'geometric' uses ||mu||^2 + ||sigma - 1||^2 instead. */
  readonly regularizer?: Regularizer;
  /** Seed of this step's noise; unseeded steps draw fresh noise. */
  readonly seed?: number;
}

/** Batch means in nats per example, before the update: loss = reconstruction + beta * kl = -ELBO. */
export interface TrainStepResult {
  readonly loss: number;
  /** -E_q[log p(x|z)], the Monte Carlo reconstruction cost. */
  readonly reconstruction: number;
  /** The regulariser: KL(q(z|x) || N(0, I)), or the geometric one. */
  readonly kl: number;
}

/**
 * One optimiser step that maximises the ELBO (minimises -ELBO) over the encoder and decoder
 * weights together. Leaves no tensors behind (besides the optimiser's own moments and constants, created on its
 * first step). Throws ShapeError / NonFiniteError / ConfigError on bad input, before any update.
 *
 * @example
 *   const optimizer = createAdam({ variables: vae.variables, learningRate: 1e-3 }); // or tf.train.adam(1e-3)
 *   const { loss, reconstruction, kl } = await trainStep({ vae, optimizer, x: batch, estimator: 'reparam', samples: 1 });
 */
export async function trainStep({ optimizer, ...options }: TrainStepOptions): Promise<TrainStepResult> {
  const { grads, elbo, expectedLogLikelihood, kl } = await estimateGradients(options);
  try {
    // tf.Optimizer declares a narrower parameter type, but its implementations take a NamedTensorMap.
    (optimizer as GradientApplier).applyGradients(grads);
  } finally {
    tf.dispose(Object.values(grads));
  }
  return { loss: -elbo, reconstruction: -expectedLogLikelihood, kl };
}
