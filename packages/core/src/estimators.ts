import * as tf from '@tensorflow/tfjs-core';
import { diagonalGaussianLogDensity, sampleDiagonalGaussian } from './distributions.ts';
import {
  batchNoise,
  checkBatchAsync,
  checkBeta,
  checkInteger,
  checkRegularizer,
  elboTerms,
  logLikelihood,
  type Regularizer,
  regularizerValue,
} from './elbo.ts';
import { ConfigError } from './errors.ts';
import { checkWorkload } from './limits.ts';
import type { Vae } from './model.ts';

/**
 * Two unbiased estimators of the gradient of the batch-mean objective
 *   ELBO(x) = E_q[log p(x|z)] - beta * R(q),   R = KL(q || N(0, I)) (or the geometric regulariser),
 * for the encoder's weights phi and the decoder's weights theta. R is analytic in both and is
 * differentiated exactly; only the expectation is estimated from L samples z_l ~ q(z|x).
 *
 * - 'reparam': z_l = mu + eps_l sigma, gradients flow through z (Kingma & Welling).
 * - 'score' (REINFORCE): z_l is a constant. theta gets grad (1/L) sum_l log p(x|z_l);
 *   phi gets the score-function term (1/L) sum_l (f_l - b_l) grad_phi log q(z_l|x), f_l = log p(x|z_l),
 *   from the surrogate (1/L) sum_l stopGradient(f_l - b_l) log q(z_l|x).
 *
 * Baseline (option `baseline`, score only): 'leave-one-out' (the default), b_l = 1/(L-1) sum_{j != l} f_j
 * (Kool et al. 2019, "Buy 4 REINFORCE samples, get a baseline for free!"; VIMCO, Mnih & Rezende 2016,
 * uses the same idea). b_l is independent of z_l given x, so E[b_l grad log q(z_l|x)] = b_l E[grad log q]
 * = 0 and the estimator stays unbiased; it is per example (log p(x|z) differs by many nats between
 * examples, which a running mean over the batch cannot track), follows the current weights with no lag,
 * and needs no mutable state. Cost: L >= 2. 'none' (b_l = 0, L >= 1) is plain REINFORCE, unbiased too,
 * kept to show what the baseline buys: every f_l, tens of nats below 0, then scales the zero-mean
 * score grad log q, so the variance grows by about E[f]^2 Var(grad log q) / L.
 */

export type EstimatorName = 'reparam' | 'score';
export const ESTIMATORS: readonly EstimatorName[] = ['reparam', 'score'];

/** The score-function estimator's baseline b_l (see above). */
export type ScoreBaseline = 'leave-one-out' | 'none';
export const SCORE_BASELINES: readonly ScoreBaseline[] = ['leave-one-out', 'none'];

export interface GradientOptions {
  readonly vae: Vae;
  /** A batch [N, D], finite. */
  readonly x: tf.Tensor2D;
  readonly estimator: EstimatorName;
  /** L: samples of z per example; >= 2 for 'score' with the leave-one-out baseline, else >= 1. */
  readonly samples: number;
  /** The score estimator's baseline, default 'leave-one-out'; 'reparam' has none (setting it throws). */
  readonly baseline?: ScoreBaseline;
  /** Regulariser weight, finite and >= 0; default 1. */
  readonly beta?: number;
  /** Seed of the noise; unseeded calls draw fresh noise. */
  readonly seed?: number;
  /** Default 'kl'. */
  readonly regularizer?: Regularizer;
}

export interface GradientEstimate {
  /**
   * Gradient of the loss -mean_N ELBO (the direction an optimiser descends) for every variable of
   * vae.encoderVariables (phi) and vae.decoderVariables (theta), keyed by tfjs variable id
   * (variable.name; vae.variables maps weight names to those variables): exactly what
   * tf.Optimizer.applyGradients and core's createAdam().applyGradients take. The caller disposes the
   * tensors (tf.dispose(Object.values(grads))).
   */
  readonly grads: tf.NamedTensorMap;
  /** Batch means, in nats: elbo = expectedLogLikelihood - beta * kl (kl: the chosen regulariser). */
  readonly elbo: number;
  readonly expectedLogLikelihood: number;
  readonly kl: number;
}

/** Identity forward, zero gradient: tfjs-core has no stop_gradient op. */
const stopGradient = tf.customGrad((x) => ({
  value: tf.clone(x as tf.Tensor),
  gradFunc: (dy) => tf.zerosLike(dy),
})) as (x: tf.Tensor) => tf.Tensor;

/** Leave-one-out mean over the sample axis: f [L, N] -> b [L, N], b_l = (sum_j f_j - f_l) / (L - 1). */
export function leaveOneOutBaseline(f: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.div(tf.sub(tf.sum(f, 0), f), (f.shape[0] as number) - 1));
}

interface Surrogate {
  /** Scalar whose gradient is the estimate: the loss -mean_N ELBO for reparam, a surrogate for score. */
  readonly loss: tf.Scalar;
  /** [3]: batch means of elbo, expectedLogLikelihood, kl. */
  readonly stats: tf.Tensor1D;
}

type SurrogateOptions = {
  vae: Vae;
  x: tf.Tensor2D;
  eps: tf.Tensor;
  beta: number;
  regularizer: Regularizer;
  baseline: ScoreBaseline;
};

function reparamSurrogate(options: SurrogateOptions): Surrogate {
  const { elbo, expectedLogLikelihood, kl } = elboTerms(options);
  const stats = tf.stack([tf.mean(elbo), tf.mean(expectedLogLikelihood), tf.mean(kl)]) as tf.Tensor1D;
  return { loss: tf.neg(tf.mean(elbo)) as tf.Scalar, stats };
}

function scoreSurrogate({ vae, x, eps, beta, regularizer, baseline }: SurrogateOptions): Surrogate {
  const posterior = vae.encode(x); // mu, logVar [N, K]
  const samples = eps.shape[0] as number;
  const z = stopGradient(sampleDiagonalGaussian({ ...posterior, samples, eps })); // [L, N, K], constant
  const f = logLikelihood(vae, x, z); // [L, N]: gradients reach theta only
  const advantage = stopGradient(baseline === 'none' ? f : tf.sub(f, leaveOneOutBaseline(f))); // [L, N]
  const logQ = diagonalGaussianLogDensity(z, posterior); // [L, N]: gradients reach phi only
  const expectedLogLikelihood = tf.mean(f, 0); // [N]
  const kl = regularizerValue(posterior, regularizer); // [N]
  const scoreTerm = tf.mean(tf.mul(advantage, logQ), 0); // [N]
  const surrogate = tf.sub(tf.add(expectedLogLikelihood, scoreTerm), tf.mul(kl, beta)); // [N]
  const elbo = tf.sub(expectedLogLikelihood, tf.mul(kl, beta));
  const stats = tf.stack([tf.mean(elbo), tf.mean(expectedLogLikelihood), tf.mean(kl)]) as tf.Tensor1D;
  return { loss: tf.neg(tf.mean(surrogate)) as tf.Scalar, stats };
}

/** The baseline the score estimator uses; 'none' for 'reparam', which must not be given one. */
function checkBaseline(estimator: EstimatorName, baseline: ScoreBaseline | undefined): ScoreBaseline {
  if (estimator === 'reparam') {
    if (baseline !== undefined) {
      throw new ConfigError(
        `baseline '${String(baseline)}' given to the 'reparam' estimator, which has none: leave it out`,
      );
    }
    return 'none';
  }
  if (baseline === undefined) return 'leave-one-out';
  if (!SCORE_BASELINES.includes(baseline)) {
    throw new ConfigError(
      `unknown baseline '${String(baseline)}': expected one of ${SCORE_BASELINES.join(', ')}`,
    );
  }
  return baseline;
}

/**
 * One gradient estimate for a batch. Throws ShapeError / NonFiniteError for bad x, ConfigError for an
 * unknown estimator, baseline or regulariser, a baseline given to 'reparam', and bad samples or beta
 * (each naming the offending value).
 */
export async function estimateGradients({
  vae,
  x,
  estimator,
  samples,
  baseline,
  beta = 1,
  seed,
  regularizer = 'kl',
}: GradientOptions): Promise<GradientEstimate> {
  if (!ESTIMATORS.includes(estimator)) {
    throw new ConfigError(
      `unknown estimator '${String(estimator)}': expected one of ${ESTIMATORS.join(', ')}`,
    );
  }
  const scoreBaseline = checkBaseline(estimator, baseline);
  await checkBatchAsync(vae, x);
  checkInteger(
    samples,
    `samples (estimator '${estimator}'${estimator === 'score' ? `, baseline '${scoreBaseline}'` : ''})`,
    scoreBaseline === 'leave-one-out' ? 2 : 1,
  );
  checkWorkload({ config: vae.config, rows: x.shape[0], samples, what: 'samples' });
  checkBeta(beta);
  checkRegularizer(regularizer);
  const surrogate = estimator === 'reparam' ? reparamSurrogate : scoreSurrogate;
  const eps = batchNoise(vae, x, samples, seed); // [L, N, K]
  let stats: tf.Tensor1D | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const result = surrogate({ vae, x, eps, beta, regularizer, baseline: scoreBaseline });
    stats = tf.keep(result.stats);
    return result.loss;
  }, [...vae.encoderVariables, ...vae.decoderVariables]);
  // Read back asynchronously: WebGPU in Node has no synchronous path from GPU to CPU.
  const [elbo, expectedLogLikelihood, kl] = await (stats as tf.Tensor1D).data();
  tf.dispose([value, eps, stats as tf.Tensor1D]);
  return {
    grads,
    elbo: elbo as number,
    expectedLogLikelihood: expectedLogLikelihood as number,
    kl: kl as number,
  };
}
