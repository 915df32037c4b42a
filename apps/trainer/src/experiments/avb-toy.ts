import {
  AVB_TOY_CONFIG,
  type Avb,
  avbStep,
  createAdam,
  createAvb,
  createVae,
  mardiaKurtosis,
  objectiveStep,
  quadratureLogLikelihood,
  standardNormalNoise,
  type Vae,
} from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';

/**
 * AVB's toy problem (Mescheder et al. 2017, section 6): four equally likely one-hot vectors in R^4,
 * a 2-D latent with prior N(0, I), a Bernoulli decoder. The true posteriors partition the plane into
 * four regions, which no Gaussian q can match; the best log-likelihood is log 1/4 = -1.386 nats.
 * Trains a Gaussian VAE and AVB (plain or with adaptive contrast) for the same number of Adam steps
 * on batches of the four points repeated, and scores each decoder by quadrature (latent-quadrature.ts).
 */

/** A model trained on the toy problem, with its scores (see ToyOptions.onTrained). */
export interface ToyTrained {
  readonly vae: Vae;
  /** For avb / avb-ac the Avb around `vae`; null for the Gaussian VAE. */
  readonly avb: Avb | null;
  readonly result: ToyModelResult;
}

export interface ToyOptions {
  readonly steps: number;
  readonly learningRate: number;
  readonly seed: number;
  /** Copies of the four points per batch. */
  readonly copies?: number;
  /** Encoder samples per point for the Gaussian-fit check. */
  readonly fitSamples?: number;
  /**
   * Called with the trained model and its scores, before the model is disposed (the site's
   * `avb-models` command exports it): the VAE, and for avb / avb-ac the Avb around it (else null).
   */
  readonly onTrained?: (trained: ToyTrained) => Promise<void>;
}

export interface ToyModelResult {
  readonly objective: 'vae' | 'avb' | 'avb-ac';
  /** Exact log p(x) of each of the four points, by quadrature. */
  readonly logLikelihoods: number[];
  readonly meanLogLikelihood: number;
  /** Mardia's kurtosis z-score of the encoder's samples for each point (~N(0, 1) for a Gaussian). */
  readonly kurtosisZ: number[];
  /** Encoder samples for each point, [4][fitSamples][2], for the site. */
  readonly samples: number[][][];
  readonly seconds: number;
}

async function score(
  objective: ToyModelResult['objective'],
  vae: Vae,
  draw: (x: tf.Tensor2D) => tf.Tensor,
  seconds: number,
): Promise<ToyModelResult> {
  const points = tf.eye(4) as tf.Tensor2D;
  const logLikelihoods = Array.from(await quadratureLogLikelihood({ vae, x: points }));
  const z = draw(points); // [m, 4, 2]
  const draws = (await z.array()) as number[][][];
  tf.dispose([points, z]);
  const samples = [0, 1, 2, 3].map((i) => draws.map((row) => row[i] as number[]));
  return {
    objective,
    logLikelihoods,
    meanLogLikelihood: logLikelihoods.reduce((a, b) => a + b, 0) / 4,
    kurtosisZ: samples.map((points4) => mardiaKurtosis(points4).zScore),
    samples,
    seconds,
  };
}

/** Trains the Gaussian VAE on the toy problem and scores it. */
export async function trainToyVae({
  steps,
  learningRate,
  seed,
  copies = 16,
  fitSamples = 2000,
  onTrained,
}: ToyOptions) {
  const started = performance.now();
  const vae = createVae({ config: AVB_TOY_CONFIG, seed });
  const adam = createAdam({ variables: vae.variables, learningRate });
  const x = tf.tile(tf.eye(4), [copies, 1]) as tf.Tensor2D;
  for (let step = 0; step < steps; step++) {
    await objectiveStep({ vae, optimizer: adam, x, objective: 'vae', seed: seed * 100_000 + step });
  }
  const seconds = (performance.now() - started) / 1000;
  const result = await score(
    'vae',
    vae,
    (points) =>
      tf.tidy(() => {
        const { mu, logVar } = vae.encode(points);
        const eps = standardNormalNoise([fitSamples, 4, 2], seed);
        return tf.add(mu, tf.mul(eps, tf.exp(tf.mul(logVar, 0.5))));
      }),
    seconds,
  );
  await onTrained?.({ vae, avb: null, result });
  tf.dispose(x);
  adam.dispose();
  vae.dispose();
  return result;
}

/** Trains AVB (adaptive contrast with m = 8 samples, or plain with m = 1) on the toy problem and scores it. */
export async function trainToyAvb(
  { steps, learningRate, seed, copies = 16, fitSamples = 2000, onTrained }: ToyOptions,
  adaptiveContrast: boolean,
): Promise<ToyModelResult> {
  const started = performance.now();
  const avb: Avb = createAvb({ config: AVB_TOY_CONFIG, adaptiveContrast, seed });
  const modelOptimizer = createAdam({ variables: avb.modelVariables, learningRate });
  const discriminatorOptimizer = createAdam({ variables: avb.discriminator.variables, learningRate });
  const x = tf.tile(tf.eye(4), [copies, 1]) as tf.Tensor2D;
  for (let step = 0; step < steps; step++) {
    await avbStep({
      avb,
      modelOptimizer,
      discriminatorOptimizer,
      x,
      samples: adaptiveContrast ? 8 : 1,
      seed: seed * 100_000 + step,
    });
  }
  const seconds = (performance.now() - started) / 1000;
  const result = await score(
    adaptiveContrast ? 'avb-ac' : 'avb',
    avb.vae,
    (points) => avb.sample(points, fitSamples, seed),
    seconds,
  );
  await onTrained?.({ vae: avb.vae, avb, result });
  tf.dispose(x);
  for (const d of [avb, modelOptimizer, discriminatorOptimizer]) d.dispose();
  return result;
}
