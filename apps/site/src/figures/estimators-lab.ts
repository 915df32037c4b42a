/**
 * The estimator lab's computation (issue 11, section 2): many independent estimates of ONE parameter's
 * gradient, by @ellipse/core's two estimators (estimateGradients: 'reparam' and 'score' with its
 * leave-one-out baseline or none). Nothing here re-implements an estimator; it draws them and reads one number.
 */
import {
  createVae,
  type EstimatorName,
  estimateGradients,
  mixSeed,
  PRESETS,
  type ScoreBaseline,
  toyDataset,
  type Vae,
} from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';
import { VizError } from '../viz/viz-error.ts';

/** The parameter whose gradient is estimated: element `index` of core's weight `name`. */
export interface LabParameter {
  readonly name: string;
  readonly index: number;
}

/** The bias of mu's first component: an encoder weight (phi), where the two estimators differ. */
export const LAB_PARAMETER: LabParameter = { name: 'encoder/mu/bias', index: 0 };

export interface LabModel {
  /** The seed the weights and the data point came from. */
  readonly seed: number;
  readonly vae: Vae;
  /** The one data point x [1, 2] every estimate is for. */
  readonly x: tf.Tensor2D;
}

/** core's `toy2d` preset (2-64-64-2, Gaussian decoder) at its seeded initial weights, and one 'moons' point. */
export function createLabModel(seed: number): LabModel {
  const vae = createVae({ config: PRESETS.toy2d, seed });
  const x = tf.tensor2d(toyDataset({ name: 'moons', count: 1, seed }), [1, 2]);
  return { seed, vae, x };
}

export function disposeLabModel({ vae, x }: LabModel): void {
  tf.dispose([...vae.variables.values(), x]);
}

export interface GradientDrawsOptions {
  readonly model: LabModel;
  readonly estimator: EstimatorName;
  /** The score estimator's baseline (core's default, leave-one-out, when left out); not for 'reparam'. */
  readonly baseline?: ScoreBaseline;
  /** L: samples of z per estimate (>= 2: the score estimator's baseline leaves one out). */
  readonly samples: number;
  /** How many independent estimates. */
  readonly draws: number;
  readonly seed: number;
  readonly parameter?: LabParameter;
  /**
   * Awaited every `progressEvery` draws with the count so far and the array being filled (its first
   * `done` entries are final): a page paints between them, or throws to abandon a stale run.
   */
  readonly progress?: (done: number, values: Float64Array) => Promise<void>;
  readonly progressEvery?: number;
}

const ESTIMATOR_STREAM: Readonly<Record<EstimatorName, number>> = { reparam: 1, score: 2 };

/**
 * `draws` estimates of d(-ELBO(x))/d(parameter): estimate i uses the noise seed mixSeed(seed, stream, i),
 * a stream per estimator, so the two estimators' draws are independent and each is reproducible (the
 * score function with and without its baseline draws the same noise: a paired comparison).
 */
export async function gradientDraws({
  model,
  estimator,
  baseline,
  samples,
  draws,
  seed,
  parameter = LAB_PARAMETER,
  progress,
  progressEvery = 25,
}: GradientDrawsOptions): Promise<Float64Array> {
  const variable = model.vae.variables.get(parameter.name);
  if (variable === undefined || !(parameter.index >= 0 && parameter.index < variable.size)) {
    throw new VizError(
      `no parameter ${parameter.name}[${parameter.index}]: pick one of ${[...model.vae.variables.keys()].join(', ')} and an index below its size`,
      parameter,
    );
  }
  if (!(Number.isInteger(draws) && draws >= 2)) {
    throw new VizError(`draws must be an integer >= 2 (a variance needs two), got ${draws}`, draws);
  }
  const out = new Float64Array(draws);
  for (let i = 0; i < draws; i++) {
    const { grads } = await estimateGradients({
      vae: model.vae,
      x: model.x,
      estimator,
      baseline,
      samples,
      seed: mixSeed(seed, ESTIMATOR_STREAM[estimator], i),
    });
    const values = await (grads[variable.name] as tf.Tensor).data();
    tf.dispose(Object.values(grads));
    out[i] = values[parameter.index] as number;
    if (progress !== undefined && ((i + 1) % progressEvery === 0 || i + 1 === draws)) {
      await progress(i + 1, out);
    }
  }
  return out;
}
