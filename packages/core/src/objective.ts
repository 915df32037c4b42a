import * as tf from '@tensorflow/tfjs-core';
import { autoencoderReconstruction } from './autoencoder.ts';
import { descend } from './descend.ts';
import { batchNoise, checkBatchAsync, checkBeta, checkInteger } from './elbo.ts';
import { ConfigError } from './errors.ts';
import { iwaeLossTerms } from './iwae-objective.ts';
import type { Vae } from './model.ts';
import { type GradientApplier, type TrainStepResult, trainStep } from './train-step.ts';

/**
 * The training objectives, one knob. Each maximises a different criterion over the same encoder and
 * decoder networks:
 * - `vae`: the ELBO E_q[log p(x|z)] - beta KL(q(z|x) || N(0, I)), reparameterised gradients (Kingma & Welling).
 * - `geometric`: E_q[log p(x|z)] - beta (||mu||^2 + ||sigma - 1||^2), the geometric view's regulariser.
 * - `score`: the ELBO with score-function (REINFORCE) gradients for the encoder (needs L >= 2).
 * - `ae`: the plain autoencoder, -log p(x | mu(x)) only: a point per x, no regulariser (autoencoder.ts).
 * - `iwae`: the k-sample importance-weighted bound L_k, reparameterised gradients (iwae-objective.ts).
 * - `avb`, `avb-ac`: Adversarial Variational Bayes, plain and with adaptive contrast: an implicit
 *   encoder, a discriminator and two optimisers (avb.ts, avbStep); objectiveStep does not run them.
 */
export type ObjectiveName = 'vae' | 'geometric' | 'score' | 'ae' | 'iwae' | 'avb' | 'avb-ac';
export const OBJECTIVES: readonly ObjectiveName[] = [
  'vae',
  'geometric',
  'score',
  'ae',
  'iwae',
  'avb',
  'avb-ac',
];

/** The objectives trained by avbStep (an implicit encoder and a discriminator) rather than objectiveStep. */
export function isAdversarial(objective: ObjectiveName): objective is 'avb' | 'avb-ac' {
  return objective === 'avb' || objective === 'avb-ac';
}

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
 * log-likelihood are defined with it as the proposal): false for `ae`, whose encoder is a point, and for
 * `avb` / `avb-ac`, whose implicit encoder has samples but no density.
 */
export function hasGaussianEncoder(objective: ObjectiveName): boolean {
  return objective !== 'ae' && !isAdversarial(objective);
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
  /** iwae: k >= 1 importance samples per example in the bound; default 5. */
  readonly k?: number;
  /** Regulariser weight (vae, geometric, score), finite and >= 0; default 1. */
  readonly beta?: number;
  /** Seed of this step's noise; unseeded steps draw fresh noise. */
  readonly seed?: number;
}

/**
 * One optimiser step on `objective`. Returns batch means in nats per example before the update:
 * loss (what is minimised), reconstruction (-log p(x|z) averaged as the objective does) and the
 * regulariser (kl: 0 for ae; for iwae the Monte Carlo KL of its k samples, and loss <= reconstruction + kl). Throws ConfigError for an unknown objective or bad samples / beta,
 * ShapeError / NonFiniteError for a bad batch, before any update.
 */
export async function objectiveStep({
  vae,
  optimizer,
  x,
  objective,
  samples = 1,
  k = 5,
  beta = 1,
  seed,
}: ObjectiveStepOptions): Promise<TrainStepResult> {
  checkObjective(objective);
  if (isAdversarial(objective)) {
    throw new ConfigError(
      `objective '${objective}' trains an implicit encoder and a discriminator: use createAvb and avbStep`,
    );
  }
  if (objective === 'ae') {
    await checkBatchAsync(vae, x);
    return descend(modelVariables(vae), optimizer, () => {
      const reconstruction = tf.mean(autoencoderReconstruction(vae, x)) as tf.Scalar;
      return {
        loss: reconstruction,
        stats: tf.stack([reconstruction, reconstruction, tf.scalar(0)]) as tf.Tensor1D,
      };
    });
  }
  if (objective === 'iwae') {
    checkInteger(k, "k (objective 'iwae')");
    await checkBatchAsync(vae, x);
    const eps = batchNoise(vae, x, k, seed); // [k, N, K]
    try {
      return await descend(modelVariables(vae), optimizer, () => iwaeLossTerms(vae, x, eps));
    } finally {
      eps.dispose();
    }
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

/** phi and theta: every trainable variable of the VAE. */
function modelVariables(vae: Vae): tf.Variable[] {
  return [...vae.encoderVariables, ...vae.decoderVariables];
}
