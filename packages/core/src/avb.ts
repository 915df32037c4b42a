import * as tf from '@tensorflow/tfjs-core';
import { normalise, sampleMoments } from './adaptive-contrast.ts';
import type { VaeConfig } from './config.ts';
import { descend } from './descend.ts';
import { createDiscriminator, type Discriminator, discriminatorStep } from './discriminator.ts';
import { type DiagonalGaussian, klToStandardNormal, standardNormalNoise } from './distributions.ts';
import { checkBatchAsync, checkInteger, logLikelihood } from './elbo.ts';
import { formatShape, ShapeError } from './errors.ts';
import { createImplicitEncoder, type ImplicitEncoder, NOISE_KERNEL } from './implicit-encoder.ts';
import { createVae, type NamedWeights, type Vae, type WeightValue } from './model.ts';
import { mixSeed } from './random.ts';
import type { GradientApplier, TrainStepResult } from './train-step.ts';

/**
 * Adversarial Variational Bayes (Mescheder et al. 2017): an implicit encoder z = f_phi(x, eps)
 * (implicit-encoder.ts), the VAE's decoder p_theta(x|z), and a discriminator T(x, z) (discriminator.ts)
 * whose optimum is log q(z|x) - log p(z). Each step alternates
 *   1. T:           one Adam step on the logistic loss, (x, z ~ q(z|x)) against (x, z ~ N(0, I));
 *   2. phi, theta:  one Adam step (a separate Adam) on  E_q[-log p(x|z) + T(x, z)],
 * the negative ELBO with T in place of log q - log p. With adaptive contrast (`avb-ac`,
 * adaptive-contrast.ts) T sees z_hat = (z - mu) / sigma against N(0, I), mu and sigma the moments of
 * the m samples of each x, and step 2 minimises E_q[-log p(x|z) + T(x, z_hat)] + KL(N(mu, sigma^2) || N(0, I)).
 */
/**
 * The model of AVB's toy problem (Mescheder et al. 2017, section 6): four one-hot inputs in R^4, a 2-D
 * latent, a Bernoulli decoder; relu MLPs of 64-64.
 */
export const AVB_TOY_CONFIG: VaeConfig = {
  inputSize: 4,
  imageShape: null,
  latentSize: 2,
  hiddenSizes: [64, 64],
  activation: 'relu',
  likelihood: 'bernoulli',
  gaussianVariance: 'learned',
};

export interface Avb {
  /** The decoder, and the encoder trunk and heads the implicit encoder extends. */
  readonly vae: Vae;
  readonly encoder: ImplicitEncoder;
  readonly discriminator: Discriminator;
  readonly adaptiveContrast: boolean;
  /** phi (the VAE's encoder and the noise kernel) and theta (the decoder), by weight name. */
  readonly modelVariables: ReadonlyMap<string, tf.Variable>;
  /** x [N, D] -> m samples z [m, N, K] of q(z|x) with the given noise seed. */
  sample(x: tf.Tensor2D, samples: number, seed?: number): tf.Tensor;
  /** Every weight (model and discriminator) by name, copied out. */
  getWeights(): Promise<NamedWeights>;
  setWeights(weights: NamedWeights): void;
  dispose(): void;
}

export interface CreateAvbOptions {
  readonly config: VaeConfig;
  /** avb-ac: adaptive contrast. */
  readonly adaptiveContrast: boolean;
  /** E: noise entering the encoder trunk; default K. */
  readonly noiseSize?: number;
  /** Discriminator hidden widths; default the encoder's. */
  readonly discriminatorHidden?: readonly number[];
  readonly seed?: number;
}

export function createAvb({
  config,
  adaptiveContrast,
  noiseSize,
  discriminatorHidden = config.hiddenSizes,
  seed = 0,
}: CreateAvbOptions): Avb {
  const vae = createVae({ config, seed });
  const encoder = createImplicitEncoder({ vae, seed, ...(noiseSize === undefined ? {} : { noiseSize }) });
  const discriminator = createDiscriminator({
    inputSize: config.inputSize,
    latentSize: config.latentSize,
    hiddenSizes: discriminatorHidden,
    activation: config.activation,
    seed,
  });
  const modelVariables = new Map([...vae.variables, [NOISE_KERNEL, encoder.noiseKernel]]);
  const all = new Map([...modelVariables, ...discriminator.variables]);
  return {
    vae,
    encoder,
    discriminator,
    adaptiveContrast,
    modelVariables,
    sample(x, samples, sampleSeed) {
      return tf.tidy(() =>
        encoder.sample(x, standardNormalNoise([samples, x.shape[0], encoder.epsSize], sampleSeed)),
      );
    },
    async getWeights() {
      const out: Record<string, WeightValue> = {};
      for (const [name, variable] of all) {
        out[name] = { shape: [...variable.shape], values: new Float32Array(await variable.data()) };
      }
      return out;
    },
    setWeights(weights) {
      for (const [name, { shape, values }] of Object.entries(weights)) {
        const variable = all.get(name);
        if (variable === undefined) {
          throw new ShapeError(`unknown weight '${name}': expected one of ${[...all.keys()].join(', ')}`);
        }
        if (shape.join() !== variable.shape.join() || values.length !== variable.size) {
          throw new ShapeError(
            `weight '${name}' has shape ${formatShape(shape)}: expected ${formatShape(variable.shape)}`,
          );
        }
        tf.tidy(() => variable.assign(tf.tensor(values, variable.shape)));
      }
    },
    dispose() {
      vae.dispose();
      encoder.dispose();
      discriminator.dispose();
    },
  };
}

export interface AvbStepOptions {
  readonly avb: Avb;
  /** Adam over avb.modelVariables (phi and theta). */
  readonly modelOptimizer: GradientApplier;
  /** A separate Adam over avb.discriminator.variables. */
  readonly discriminatorOptimizer: GradientApplier;
  /** A batch [N, D], finite. */
  readonly x: tf.Tensor2D;
  /** m: samples of q(z|x) per example (>= 2 with adaptive contrast, which estimates moments from them). */
  readonly samples: number;
  readonly seed?: number;
}

export interface AvbStepResult extends TrainStepResult {
  /** The discriminator's logistic loss before its update (log 4 = 1.386 when it cannot tell q from p). */
  readonly discriminatorLoss: number;
}

/**
 * The KL estimate of each sample: T(x, z) [m, N], or with adaptive contrast T(x, z_hat) + KL(r || p)
 * (r = N(mu, sigma^2) from the samples' moments). Differentiable in z (and so in phi).
 */
export function avbKlEstimate(avb: Avb, x: tf.Tensor2D, z: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    if (!avb.adaptiveContrast) return avb.discriminator.score(x, z);
    const moments: DiagonalGaussian = sampleMoments(z); // [N, K]
    return tf.add(avb.discriminator.score(x, normalise(z, moments)), klToStandardNormal(moments)); // [m, N]
  });
}

/**
 * One AVB step: the discriminator's update, then the encoder's and decoder's against the updated T.
 * Returns batch means before the model update: loss = reconstruction + kl, kl = the KL(q || p) estimate.
 */
export async function avbStep({
  avb,
  modelOptimizer,
  discriminatorOptimizer,
  x,
  samples,
  seed,
}: AvbStepOptions): Promise<AvbStepResult> {
  await checkBatchAsync(avb.vae, x);
  checkInteger(
    samples,
    `samples (objective '${avb.adaptiveContrast ? 'avb-ac' : 'avb'}')`,
    avb.adaptiveContrast ? 2 : 1,
  );
  const [n] = x.shape;
  const { latentSize: k } = avb.vae.config;
  const noiseSeed = seed === undefined ? undefined : mixSeed(seed, 1);
  const priorSeed = seed === undefined ? undefined : mixSeed(seed, 2);
  const eps = standardNormalNoise([samples, n, avb.encoder.epsSize], noiseSeed); // [m, N, E + K]
  const zp = standardNormalNoise([samples, n, k], priorSeed); // [m, N, K] ~ p(z)
  try {
    const zq = tf.tidy(() => {
      const z = avb.encoder.sample(x, eps); // [m, N, K]
      return avb.adaptiveContrast ? normalise(z, sampleMoments(z)) : z;
    });
    const discriminatorLoss = await discriminatorStep({
      discriminator: avb.discriminator,
      optimizer: discriminatorOptimizer,
      x,
      zq,
      zp,
    });
    zq.dispose();
    const result = await descend([...avb.modelVariables.values()], modelOptimizer, () => {
      const z = avb.encoder.sample(x, eps); // [m, N, K]
      const reconstruction = tf.neg(tf.mean(logLikelihood(avb.vae, x, z)));
      const kl = tf.mean(avbKlEstimate(avb, x, z));
      const loss = tf.add(reconstruction, kl) as tf.Scalar;
      return { loss, stats: tf.stack([loss, reconstruction, kl]) as tf.Tensor1D };
    });
    return { ...result, discriminatorLoss };
  } finally {
    tf.dispose([eps, zp]);
  }
}

/**
 * A Gaussian fitted to `samples` draws of the implicit q(z|x) per example (moments, as adaptive contrast
 * does): the proposal for an importance-sampled log-likelihood of an AVB model, which has no density of
 * its own. mu, logVar [N, K]; the caller disposes them.
 */
export function fittedProposal(avb: Avb, x: tf.Tensor2D, samples = 256, seed?: number): DiagonalGaussian {
  const z = avb.sample(x, samples, seed); // [m, N, K]
  const moments = sampleMoments(z);
  z.dispose();
  return moments;
}
