/**
 * One live training run of core's `toy2d` VAE (2-64-64-2, tanh, Gaussian decoder with a learned
 * variance) on a set of 2-D points, full batch: the code the worker runs (toy-handler.ts), kept apart
 * from the worker's messaging so it runs in vitest on tfjs's CPU backend too. Every number comes from
 * @ellipse/core's public API (createVae, createAdam, trainStep, standardNormalNoise): no VAE math here.
 *
 * Reproducible from the seed: the weights are createVae's seeded Glorot init, step t draws its noise
 * eps [L = 1, N, 2] from stepNoiseSeed(seed, t - 1) = mixSeed(seed, 0, t - 1), and the decoded samples use one fixed z [M, 2] ~ N(0, I)
 * from mixSeed(seed, PRIOR_STREAM). Same seed, same data, same settings: the same losses.
 *
 * The slow-motion view asks for a trace of the next step first (`trace`): its encode, sample, decode
 * and loss, computed with exactly the noise that step will draw, changing no weight; then `step(1)`
 * applies it, and reports the same loss.
 */
import {
  type Adam,
  batchTensor,
  createAdam,
  createVae,
  klToStandardNormal,
  logLikelihood,
  mixSeed,
  mulberry32,
  PRESETS,
  permutation,
  sampleDiagonalGaussian,
  standardNormalNoise,
  type ToyDatasetName,
  type TrainStepResult,
  toyDataset,
  trainStep,
  type Vae,
} from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';
import { TRAIN_POINTS } from '../figures/train-settings.ts';

/**
 * The training set: TRAIN_POINTS points of core's toy set `dataset` drawn from `seed`, then the reader's
 * own points `drawn` ([M, 2] row-major), as [N, 2] row-major.
 */
export function trainingPoints(dataset: ToyDatasetName, seed: number, drawn: Float32Array): Float32Array {
  const toy = toyDataset({ name: dataset, count: TRAIN_POINTS, seed });
  const out = new Float32Array(toy.length + drawn.length);
  out.set(toy);
  out.set(drawn, toy.length);
  return out;
}

/** The settings a reader controls. */
export interface TrainSettings {
  /** Adam's step size, finite and > 0. */
  readonly learningRate: number;
  /** Weight of the KL term (beta-VAE), finite and >= 0. */
  readonly beta: number;
}

export interface TrainSessionOptions extends TrainSettings {
  /** The training set, [N, 2] row-major, N >= 1. */
  readonly points: Float32Array;
  readonly seed: number;
  /** M: how many z ~ N(0, I) the snapshot decodes; default 256. */
  readonly priorSamples?: number;
}

/** One step's batch means in nats per point (core's TrainStepResult), before its update. */
export interface StepRecord {
  /** 1, 2, ...: the step's number since the reset. */
  readonly step: number;
  /** -ELBO = reconstruction + beta * kl. */
  readonly loss: number;
  readonly reconstruction: number;
  readonly kl: number;
}

/** What the figure draws, read back after some steps. */
export interface TrainSnapshot {
  /** Steps taken since the reset. */
  readonly step: number;
  /** q(z|x) of every training point: mu [N, 2] and sigma = exp(logVar / 2) [N, 2], row-major. */
  readonly mu: Float32Array;
  readonly sigma: Float32Array;
  /** The decoder's means mu_theta(z) [M, 2] of the fixed prior samples z [M, 2]. */
  readonly decoded: Float32Array;
  /** tf.memory().numTensors in the worker after the read-back (no leak: it stays flat). */
  readonly numTensors: number;
}

/**
 * The next step taken apart, before its update: what it encodes, samples, decodes and scores, with the
 * noise trainStep will draw for it. Arrays are [N, 2] row-major, one row per training point.
 */
export interface StepTrace {
  /** The step this traces: the next one, steps taken + 1. */
  readonly step: number;
  /** The seed of its noise, mixSeed(seed, 0, step - 1): the one trainStep gets. */
  readonly noiseSeed: number;
  /** encode: q(z|x) = N(mu, diag sigma^2). */
  readonly mu: Float32Array;
  readonly sigma: Float32Array;
  /** sample: eps ~ N(0, I) and z = mu + sigma * eps. */
  readonly eps: Float32Array;
  readonly z: Float32Array;
  /** decode: the decoder's means x_hat = mu_theta(z). */
  readonly decoded: Float32Array;
  /** loss: batch means in nats per point, loss = reconstruction + beta * kl (as StepRecord). */
  readonly reconstruction: number;
  readonly kl: number;
  readonly beta: number;
  readonly loss: number;
  /** TRACKED_POINTS row indices chosen from the seed, the points the figure follows through the step. */
  readonly tracked: readonly number[];
}

export interface TrainSession {
  /** Runs `count` full-batch Adam steps; their records in order. */
  step(count: number): Promise<StepRecord[]>;
  /** The next step's trace; changes no weight and no optimiser state. */
  trace(): Promise<StepTrace>;
  snapshot(): Promise<TrainSnapshot>;
  /** New settings; a new learning rate restarts Adam (its moments and step count start over). */
  configure(settings: TrainSettings): void;
  /** Replaces the training set, keeping the weights (the reader drew points). */
  setPoints(points: Float32Array): void;
  /** Points in the training set now. */
  readonly size: number;
  dispose(): void;
}

/** Thrown for settings or data a session cannot train on, naming the value. */
export class TrainSettingsError extends Error {
  override name = 'TrainSettingsError';
}

/** The stream of mixSeed(seed, stream, ...) the decoded prior samples come from (steps use stream 0). */
const PRIOR_STREAM = 1;
/** The stream the tracked points are drawn from. */
const TRACK_STREAM = 2;
/** How many points the slow-motion view follows. */
export const TRACKED_POINTS = 3;

export function checkSettings({ learningRate, beta }: TrainSettings): void {
  if (!(Number.isFinite(learningRate) && learningRate > 0)) {
    throw new TrainSettingsError(`learning rate must be a finite number > 0, got ${learningRate}`);
  }
  if (!(Number.isFinite(beta) && beta >= 0)) {
    throw new TrainSettingsError(`beta must be a finite number >= 0, got ${beta}`);
  }
}

function pointsTensor(points: Float32Array): tf.Tensor2D {
  if (points.length < 2 || points.length % 2 !== 0 || !points.every(Number.isFinite)) {
    throw new TrainSettingsError(
      `points must be N >= 1 finite 2-D points ([N, 2] row-major), got ${points.length} numbers`,
    );
  }
  // [N, 2], marked as checked on the host, so each trainStep skips reading it back from the GPU
  return batchTensor(points, points.length / 2, 2);
}

/** The seed of the noise of the step after `taken` steps: stream 0 of mixSeed (both live figures). */
export function stepNoiseSeed(seed: number, taken: number): number {
  return mixSeed(seed, 0, taken);
}

/** Throws TrainSettingsError unless `count` (steps asked for) is an integer >= 1. */
export function checkStepCount(count: number): void {
  if (!(Number.isInteger(count) && count >= 1)) {
    throw new TrainSettingsError(`step count must be an integer >= 1, got ${count}`);
  }
}

/**
 * The step both live figures take: core's trainStep on the reparameterised ELBO with one sample of z
 * per point, beta-weighted KL, and the noise of the step after `taken` (stepNoiseSeed).
 */
export function liveTrainStep({
  vae,
  optimizer,
  x,
  beta,
  seed,
  taken,
}: {
  vae: Vae;
  optimizer: Adam;
  /** The batch [N, D]. */
  x: tf.Tensor2D;
  beta: number;
  seed: number;
  taken: number;
}): Promise<TrainStepResult> {
  return trainStep({
    vae,
    optimizer,
    x,
    estimator: 'reparam',
    samples: 1,
    beta,
    seed: stepNoiseSeed(seed, taken),
  });
}

export function createTrainSession(options: TrainSessionOptions): TrainSession {
  const { seed, priorSamples = 256 } = options;
  checkSettings(options);
  let settings: TrainSettings = { learningRate: options.learningRate, beta: options.beta };
  let x = pointsTensor(options.points);
  const vae: Vae = createVae({ config: PRESETS.toy2d, seed });
  let adam: Adam = createAdam({ variables: vae.variables, learningRate: settings.learningRate });
  const prior = standardNormalNoise([priorSamples, 2], mixSeed(seed, PRIOR_STREAM)) as tf.Tensor2D; // [M, 2]
  let steps = 0;

  return {
    get size() {
      return x.shape[0];
    },
    async step(count) {
      checkStepCount(count);
      const records: StepRecord[] = [];
      for (let i = 0; i < count; i++) {
        const result = await liveTrainStep({
          vae,
          optimizer: adam,
          x,
          beta: settings.beta,
          seed,
          taken: steps,
        });
        steps += 1;
        records.push({ step: steps, ...result });
      }
      return records;
    },
    async trace() {
      const n = x.shape[0];
      const { beta } = settings;
      const tensors = tf.tidy(() => {
        const posterior = vae.encode(x); // mu, logVar [N, 2]
        // trainStep's noise: core's batchNoise draws standardNormalNoise([L, N, K], seed), L = 1
        const eps = standardNormalNoise([1, n, 2], stepNoiseSeed(seed, steps)); // [1, N, 2]
        const z = sampleDiagonalGaussian({ ...posterior, samples: 1, eps }); // [1, N, 2]
        const decoded = vae.decode(tf.reshape(z, [n, 2])); // [N, 2]
        // reconstruction = -mean_N log p(x|z), kl = mean_N KL(q(z|x) || N(0, I)): the ELBO's two terms
        const reconstruction = tf.neg(tf.mean(logLikelihood(vae, x, z))); // scalar
        const kl = tf.mean(klToStandardNormal(posterior)); // scalar
        const sigma = tf.exp(tf.mul(posterior.logVar, 0.5)); // [N, 2]
        return [posterior.mu, sigma, eps, z, decoded, tf.stack([reconstruction, kl])];
      });
      const arrays = (await Promise.all(tensors.map((t) => t.data()))) as Float32Array[];
      tf.dispose(tensors);
      const [mu, sigma, eps, z, decoded, terms] = arrays as [
        Float32Array,
        Float32Array,
        Float32Array,
        Float32Array,
        Float32Array,
        Float32Array,
      ];
      const reconstruction = terms[0] as number;
      const kl = terms[1] as number;
      const order = permutation(n, mulberry32(mixSeed(seed, TRACK_STREAM)));
      return {
        step: steps + 1,
        noiseSeed: stepNoiseSeed(seed, steps),
        mu,
        sigma,
        eps,
        z,
        decoded,
        reconstruction,
        kl,
        beta,
        loss: reconstruction + beta * kl,
        tracked: Array.from(order.subarray(0, Math.min(TRACKED_POINTS, n))),
      };
    },
    async snapshot() {
      const [mu, sigma, decoded] = tf.tidy(() => {
        const posterior = vae.encode(x); // mu, logVar [N, 2]
        return [posterior.mu, tf.exp(tf.mul(posterior.logVar, 0.5)), vae.decode(prior)]; // [N,2] [N,2] [M,2]
      });
      const arrays = await Promise.all([mu.data(), sigma.data(), decoded.data()]);
      tf.dispose([mu, sigma, decoded]);
      const [m, s, d] = arrays as [Float32Array, Float32Array, Float32Array];
      return { step: steps, mu: m, sigma: s, decoded: d, numTensors: tf.memory().numTensors };
    },
    configure(next) {
      checkSettings(next);
      if (next.learningRate !== settings.learningRate) {
        adam.dispose();
        adam = createAdam({ variables: vae.variables, learningRate: next.learningRate });
      }
      settings = { ...next };
    },
    setPoints(points) {
      const next = pointsTensor(points);
      x.dispose();
      x = next;
    },
    dispose() {
      tf.dispose([x, prior]);
      adam.dispose();
      vae.dispose();
    },
  };
}
