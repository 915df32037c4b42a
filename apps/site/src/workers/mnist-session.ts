/**
 * One live training run of core's `mnist2d-site` VAE (784-128-128-2, tanh, Bernoulli decoder) on the
 * shipped MNIST subset (/models/mnist-subset/, 0/1 images), in minibatches: the code the MNIST worker
 * runs (mnist-handler.ts), apart from its messaging so it runs in vitest on tfjs's CPU backend too.
 * Every number comes from @ellipse/core's public API (createVae, createAdam, trainStep): no VAE math here.
 *
 * Reproducible from the seed: createVae's seeded init; epoch e visits the images in the order
 * permutation(N, mulberry32(mixSeed(seed, ORDER_STREAM, e))); the step after t steps draws its noise
 * from stepNoiseSeed(seed, t) = mixSeed(seed, 0, t), as the toy figure's (liveTrainStep). The
 * snapshot encodes the held-out test digits (their ellipses) and decodes a fixed grid of z (the
 * manifold), so it draws no noise.
 */
import {
  type Adam,
  batchTensor,
  createAdam,
  createVae,
  mixSeed,
  mulberry32,
  PRESETS,
  permutation,
  type Vae,
} from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';
import {
  checkSettings,
  checkStepCount,
  liveTrainStep,
  type TrainSettings,
  TrainSettingsError,
} from './train-session.ts';

/** D: pixels of one 28x28 image. */
const PIXELS = 784;
/** The stream of mixSeed(seed, stream, epoch) the epochs' orders come from (steps use stream 0). */
const ORDER_STREAM = 2;

export interface MnistSessionOptions extends TrainSettings {
  /** The training images, 0/1 [N * 784], N >= batchSize. */
  readonly images: Uint8Array;
  /** The held-out images whose ellipses are drawn, 0/1 [T * 784], T >= 1. */
  readonly testImages: Uint8Array;
  readonly seed: number;
  /** B: images per step; default 100. */
  readonly batchSize?: number;
  /** G: the manifold is decoded on a G x G grid of z; default 9. */
  readonly gridSize?: number;
  /** The grid spans [-gridExtent, gridExtent]^2; default 2. */
  readonly gridExtent?: number;
}

/** One step's batch means in nats per image (core's TrainStepResult), before its update. */
export interface MnistStepRecord {
  /** 1, 2, ...: the step's number since the reset. */
  readonly step: number;
  /** 1, 2, ...: the pass over the subset this step belongs to. */
  readonly epoch: number;
  /** -ELBO = reconstruction + beta * kl. */
  readonly loss: number;
  readonly reconstruction: number;
  readonly kl: number;
}

export interface MnistSnapshot {
  readonly step: number;
  /** Completed passes over the subset (steps / steps per epoch). */
  readonly epochs: number;
  /** q(z|x) of the T test images: mu [T, 2] and sigma = exp(logVar / 2) [T, 2], row-major. */
  readonly mu: Float32Array;
  readonly sigma: Float32Array;
  /** Bernoulli means sigmoid(decode(z)) [G * G, 784] of the grid z, row by row from the top left (z2 high). */
  readonly manifold: Float32Array;
  readonly gridSize: number;
  /** tf.memory().numTensors in the worker after the read-back (no leak: it stays flat). */
  readonly numTensors: number;
}

export interface MnistSession {
  /** Runs `count` minibatch Adam steps; their records in order. */
  step(count: number): Promise<MnistStepRecord[]>;
  snapshot(): Promise<MnistSnapshot>;
  /** New settings; a new learning rate restarts Adam (its moments and step count start over). */
  configure(settings: TrainSettings): void;
  /** Steps in one pass over the subset: floor(N / B) (the last partial batch is left out). */
  readonly stepsPerEpoch: number;
  dispose(): void;
}

function checkImages(images: Uint8Array, least: number, what: string): number {
  const n = images.length / PIXELS;
  if (!(Number.isInteger(n) && n >= least)) {
    throw new TrainSettingsError(
      `${what} must be at least ${least} 28x28 images (a multiple of 784 values), got ${images.length} values`,
    );
  }
  return n;
}

/** The grid z [G * G, 2]: rows from z2 = +extent (top) down, columns from z1 = -extent (left). */
function gridPoints(size: number, extent: number): Float32Array {
  const z = new Float32Array(size * size * 2);
  const at = (i: number) => (size === 1 ? 0 : -extent + (2 * extent * i) / (size - 1));
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      z[2 * (row * size + col)] = at(col);
      z[2 * (row * size + col) + 1] = at(size - 1 - row);
    }
  }
  return z;
}

export function createMnistSession(options: MnistSessionOptions): MnistSession {
  const { seed, batchSize = 100, gridSize = 9, gridExtent = 2 } = options;
  checkSettings(options);
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) {
    throw new TrainSettingsError(`batch size must be an integer >= 1, got ${batchSize}`);
  }
  const count = checkImages(options.images, batchSize, 'the training set');
  checkImages(options.testImages, 1, 'the test set');
  let settings: TrainSettings = { learningRate: options.learningRate, beta: options.beta };
  const images = Float32Array.from(options.images); // [N, 784] of 0/1
  const test = batchTensor(Float32Array.from(options.testImages), options.testImages.length / PIXELS, PIXELS);
  const grid = tf.tensor2d(gridPoints(gridSize, gridExtent), [gridSize * gridSize, 2]);
  const vae: Vae = createVae({ config: PRESETS['mnist2d-site'], seed });
  let adam: Adam = createAdam({ variables: vae.variables, learningRate: settings.learningRate });
  const stepsPerEpoch = Math.floor(count / batchSize);
  const batch = new Float32Array(batchSize * PIXELS); // [B, 784], refilled each step
  let order: Uint32Array = new Uint32Array(0);
  let steps = 0;

  /** Copies step t's images (0-based t) into `batch`, in its epoch's order. */
  const fillBatch = (t: number) => {
    const epoch = Math.floor(t / stepsPerEpoch);
    const within = t % stepsPerEpoch;
    if (within === 0 || order.length === 0)
      order = permutation(count, mulberry32(mixSeed(seed, ORDER_STREAM, epoch)));
    for (let b = 0; b < batchSize; b++) {
      const image = order[within * batchSize + b] as number;
      batch.set(images.subarray(image * PIXELS, (image + 1) * PIXELS), b * PIXELS);
    }
    return epoch + 1;
  };

  return {
    stepsPerEpoch,
    async step(n) {
      checkStepCount(n);
      const records: MnistStepRecord[] = [];
      for (let i = 0; i < n; i++) {
        const epoch = fillBatch(steps);
        // [B, 784], checked on the host, so trainStep does not read it back from the GPU
        const x = batchTensor(batch, batchSize, PIXELS);
        try {
          const result = await liveTrainStep({
            vae,
            optimizer: adam,
            x,
            beta: settings.beta,
            seed,
            taken: steps,
          });
          steps += 1;
          records.push({ step: steps, epoch, ...result });
        } finally {
          x.dispose();
        }
      }
      return records;
    },
    async snapshot() {
      const [mu, sigma, manifold] = tf.tidy(() => {
        const posterior = vae.encode(test); // mu, logVar [T, 2]
        const means = tf.sigmoid(vae.decode(grid)); // Bernoulli means [G * G, 784]
        return [posterior.mu, tf.exp(tf.mul(posterior.logVar, 0.5)), means];
      });
      const arrays = await Promise.all([mu.data(), sigma.data(), manifold.data()]);
      tf.dispose([mu, sigma, manifold]);
      const [m, s, g] = arrays as [Float32Array, Float32Array, Float32Array];
      return {
        step: steps,
        epochs: steps / stepsPerEpoch,
        mu: m,
        sigma: s,
        manifold: g,
        gridSize,
        numTensors: tf.memory().numTensors,
      };
    },
    configure(next) {
      checkSettings(next);
      if (next.learningRate !== settings.learningRate) {
        adam.dispose();
        adam = createAdam({ variables: vae.variables, learningRate: next.learningRate });
      }
      settings = { ...next };
    },
    dispose() {
      tf.dispose([test, grid]);
      adam.dispose();
      vae.dispose();
    },
  };
}
