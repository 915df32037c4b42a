import * as tf from '@tensorflow/tfjs-core';
import { autoencoderReconstruction } from './autoencoder.ts';
import { checkBatchAsync, checkBeta, checkInteger } from './elbo.ts';
import { ConfigError } from './errors.ts';
import type { Vae } from './model.ts';
import { type GradientApplier, type TrainStepResult, trainStep } from './train-step.ts';

/**
 * The training objectives, one knob. Each maximises a different criterion over the same encoder and
 * decoder networks:
 * - `vae`: the ELBO E_q[log p(x|z)] - beta KL(q(z|x) || N(0, I)), reparameterised gradients (Kingma & Welling).
 * - `geometric`: E_q[log p(x|z)] - beta (||mu||^2 + ||sigma - 1||^2), the geometric view's regulariser.
 * - `score`: the ELBO with score-function (REINFORCE) gradients for the encoder (needs L >= 2).
 * - `ae`: the plain autoencoder, -log p(x | mu(x)) only: a point per x, no regulariser (autoencoder.ts).
 */
export type ObjectiveName = 'vae' | 'geometric' | 'score' | 'ae';
export const OBJECTIVES: readonly ObjectiveName[] = ['vae', 'geometric', 'score', 'ae'];

/** Throws ConfigError naming the value and the known objectives unless it is one of them. */
export function checkObjective(objective: unknown): asserts objective is ObjectiveName {
  if (!OBJECTIVES.includes(objective as ObjectiveName)) {
    throw new ConfigError(
      `unknown objective '${String(objective)}': expected one of ${OBJECTIVES.join(', ')}`,
    );
  }
}

/**
 * Whether the trained encoder is a density q(z|x) = N(mu, sigma^2) (so the ELBO and an importance-sampled
 * log-likelihood are defined with it as the proposal): false for `ae`, whose encoder is a point.
 */
export function hasGaussianEncoder(objective: ObjectiveName): boolean {
  return objective !== 'ae';
}

export interface ObjectiveStepOptions {
  readonly vae: Vae;
  /** Core's createAdam or any tfjs optimiser (see trainStep). */
  readonly optimizer: GradientApplier | tf.Optimizer;
  /** A batch [N, D], finite. */
  readonly x: tf.Tensor2D;
  readonly objective: ObjectiveName;
  /** L: samples of z per example (vae, geometric: >= 1; score: >= 2); unused by ae. Default 1. */
  readonly samples?: number;
  /** Regulariser weight (vae, geometric, score), finite and >= 0; default 1. */
  readonly beta?: number;
  /** Seed of this step's noise; unseeded steps draw fresh noise. */
  readonly seed?: number;
}

/**
 * Minimises mean_N loss(x) over the variables it reaches with one optimiser step. `terms` returns the
 * scalar loss and [3] batch means (loss, reconstruction, regulariser) to report; variables the loss does
 * not reach (an AE's log-variance head) get no gradient and are left as they are.
 */
async function descend(
  vae: Vae,
  optimizer: GradientApplier | tf.Optimizer,
  terms: () => { loss: tf.Scalar; stats: tf.Tensor1D },
): Promise<TrainStepResult> {
  let stats: tf.Tensor1D | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const result = terms();
    stats = tf.keep(result.stats);
    return result.loss;
  }, [...vae.encoderVariables, ...vae.decoderVariables]);
  try {
    (optimizer as GradientApplier).applyGradients(grads);
  } finally {
    tf.dispose([value, ...Object.values(grads)]);
  }
  const [loss, reconstruction, kl] = await (stats as tf.Tensor1D).data();
  (stats as tf.Tensor1D).dispose();
  return { loss: loss as number, reconstruction: reconstruction as number, kl: kl as number };
}

/**
 * One optimiser step on `objective`. Returns batch means in nats per example before the update:
 * loss (what is minimised), reconstruction (-log p(x|z) averaged as the objective does) and the
 * regulariser (kl: 0 for ae). Throws ConfigError for an unknown objective or bad samples / beta,
 * ShapeError / NonFiniteError for a bad batch, before any update.
 */
export async function objectiveStep({
  vae,
  optimizer,
  x,
  objective,
  samples = 1,
  beta = 1,
  seed,
}: ObjectiveStepOptions): Promise<TrainStepResult> {
  checkObjective(objective);
  if (objective === 'ae') {
    await checkBatchAsync(vae, x);
    return descend(vae, optimizer, () => {
      const reconstruction = tf.mean(autoencoderReconstruction(vae, x)) as tf.Scalar;
      return {
        loss: reconstruction,
        stats: tf.stack([reconstruction, reconstruction, tf.scalar(0)]) as tf.Tensor1D,
      };
    });
  }
  checkInteger(samples, `samples (objective '${objective}')`, objective === 'score' ? 2 : 1);
  checkBeta(beta);
  return trainStep({
    vae,
    optimizer,
    x,
    samples,
    beta,
    estimator: objective === 'score' ? 'score' : 'reparam',
    regularizer: objective === 'geometric' ? 'geometric' : 'kl',
    ...(seed === undefined ? {} : { seed }),
  });
}
