import {
  type Avb,
  activeUnits,
  autoencoderReconstruction,
  avbKlEstimate,
  elbo,
  fittedProposal,
  hasGaussianEncoder,
  importanceLogLikelihood,
  isAdversarial,
  logLikelihood,
  mixSeed,
  type ObjectiveName,
  type Vae,
  type VaeConfig,
} from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';
import { binarizeFixed } from './data/binarize.ts';
import type { Dataset } from './data/dataset.ts';
import type { RunOptions } from './run-options.ts';

/** Evaluation results, in nats per example. */
export interface Evaluation {
  readonly objective: ObjectiveName;
  /** Mean test ELBO (one z sample per image); null for an encoder without a density (ae). */
  readonly testElbo: number | null;
  /** -E_q[log p(x|z)] (one sample), or -log p(x | mu(x)) for ae. */
  readonly testReconstruction: number;
  /** KL(q(z|x) || N(0, I)); for avb / avb-ac the discriminator's estimate of it; null for ae. */
  readonly testKl: number | null;
  /** -log p(x) estimated with k importance samples, averaged over `nllImages` test images; null when not defined or skipped. */
  readonly testNll: number | null;
  readonly importanceSamples: number;
  readonly nllImages: number;
  /** Latent units with Var_x(E_q[z_u]) > 0.01 over the test set (Burda et al.). */
  readonly activeUnits: number;
  readonly latentSize: number;
}

/** The test set as the model sees it: binarised once with a fixed seed for Bernoulli image models. */
export function evaluationValues(
  test: Dataset,
  options: Pick<RunOptions, 'binarize' | 'seed'>,
  model: { readonly config: Pick<VaeConfig, 'likelihood'> },
): Float32Array {
  const binary = model.config.likelihood === 'bernoulli' && options.binarize !== 'none';
  return binary ? binarizeFixed(test.values, { seed: mixSeed(options.seed, 0x7e57) }) : test.values;
}

/** Rows [from, to) of a row-major [N, D] array, as a tensor [to - from, D]. */
function rows(values: Float32Array, dataSize: number, from: number, to: number): tf.Tensor2D {
  return tf.tensor2d(values.subarray(from * dataSize, to * dataSize), [to - from, dataSize]);
}

/** Samples of an AVB encoder per test image: for the moments (active units, IS proposal) and the test terms. */
export const AVB_EVAL_SAMPLES = 32;
/**
 * Of those, the draws the decoder scores for the reconstruction term: a mean over 10,000 images needs
 * few per image (its standard error is ~0.1 nats with 4), and the decoder is the widest network.
 */
export const AVB_LIKELIHOOD_SAMPLES = 4;
/** Samples of an AVB encoder per image that the importance-sampling proposal is fitted to. */
export const AVB_PROPOSAL_SAMPLES = 256;

/** The networks evaluation reads: the VAE (decoder, Gaussian encoder) and, for avb / avb-ac, the AVB ones. */
export interface EvaluatedModel {
  readonly vae: Vae;
  readonly avb: Avb | null;
}

/** Test figures of one objective: elbo and kl are null where the objective defines none (ae; elbo for avb). */
export interface TestTerms {
  readonly elbo: number | null;
  readonly reconstruction: number;
  readonly kl: number | null;
  /** Posterior means (the codes, for ae) [N * K]. */
  readonly mus: Float32Array;
}

/**
 * Mean ELBO and its parts over every row of `values` [N, D], in batches; for `ae` (no density q(z|x))
 * the deterministic reconstruction cost -log p(x | mu(x)) only; for avb / avb-ac (samples, no density)
 * the reconstruction over AVB_LIKELIHOOD_SAMPLES draws of q, the discriminator's KL estimate over
 * AVB_EVAL_SAMPLES, and no ELBO.
 */
export async function meanElbo({
  model: { vae, avb },
  values,
  objective,
  batchSize = 500,
  seed,
}: {
  model: EvaluatedModel;
  values: Float32Array;
  objective: ObjectiveName;
  batchSize?: number;
  seed: number;
}): Promise<TestTerms> {
  const gaussian = hasGaussianEncoder(objective);
  const { inputSize: dataSize, latentSize } = vae.config;
  const count = values.length / dataSize;
  const mus = new Float32Array(count * latentSize);
  let sums = { elbo: 0, reconstruction: 0, kl: 0 };
  for (let from = 0; from < count; from += batchSize) {
    const to = Math.min(count, from + batchSize);
    const [totals, mu] = tf.tidy(() => {
      const x = rows(values, dataSize, from, to);
      if (avb !== null) {
        const z = avb.sample(x, AVB_EVAL_SAMPLES, mixSeed(seed, from)); // [m, B, K]
        // sum_B E_q log p(x|z) over the first AVB_LIKELIHOOD_SAMPLES draws: [m', B, K] -> scalar
        const zLikelihood = tf.slice(z, [0, 0, 0], [AVB_LIKELIHOOD_SAMPLES, -1, -1]);
        const logLikelihoodSum = tf.div(tf.sum(logLikelihood(vae, x, zLikelihood)), AVB_LIKELIHOOD_SAMPLES);
        const klSum = tf.div(tf.sum(avbKlEstimate(avb, x, z)), AVB_EVAL_SAMPLES); // all m: AC's moments need them
        return [tf.stack([tf.sub(logLikelihoodSum, klSum), logLikelihoodSum, klSum]), tf.mean(z, 0)] as const;
      }
      // [3]: batch sums of ELBO, log-likelihood and KL. elbo() checks x with a synchronous read, so it
      // runs before encode uploads x (WebGPU in Node reads back only asynchronously).
      let stacked: tf.Tensor1D;
      if (gaussian) {
        const terms = elbo({ vae, x, samples: 1, seed: mixSeed(seed, from) });
        stacked = tf.stack([
          tf.sum(terms.elbo),
          tf.sum(terms.expectedLogLikelihood),
          tf.sum(terms.kl),
        ]) as tf.Tensor1D;
      } else {
        const reconstructionSum = tf.neg(tf.sum(autoencoderReconstruction(vae, x))); // sum_B log p(x | mu(x))
        stacked = tf.stack([reconstructionSum, reconstructionSum, tf.scalar(0)]) as tf.Tensor1D;
      }
      return [stacked, vae.encode(x).mu] as const; // mu [B, K]
    });
    // Asynchronous reads: WebGPU in Node cannot read back synchronously.
    const [elboSum, logLikelihoodSum, klSum] = await totals.data();
    mus.set(await mu.data(), from * latentSize);
    tf.dispose([totals, mu]);
    sums = {
      elbo: sums.elbo + (elboSum as number),
      reconstruction: sums.reconstruction - (logLikelihoodSum as number),
      kl: sums.kl + (klSum as number),
    };
  }
  return {
    elbo: gaussian ? sums.elbo / count : null,
    reconstruction: sums.reconstruction / count,
    kl: gaussian || avb !== null ? sums.kl / count : null,
    mus,
  };
}

export interface EvaluateOptions {
  readonly model: EvaluatedModel;
  readonly objective: ObjectiveName;
  /** Test rows [N, D] as the model sees them (see evaluationValues). */
  readonly values: Float32Array;
  readonly importanceSamples: number;
  /** Images for the log-likelihood estimate (the first ones); null: all. 0 skips it. */
  readonly nllImages: number | null;
  readonly seed: number;
  /**
   * The test terms of this very model over the same `values`, when the caller has them already (the
   * training loop's last epoch-end pass): reused instead of a second pass over the test set.
   */
  readonly testTerms?: TestTerms;
  /** Called after each batch of the log-likelihood estimate with images done and total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Test ELBO, importance-sampled negative log-likelihood (Burda et al., k = 5000, with q(z|x) as the
 * proposal; for avb / avb-ac a Gaussian fitted to AVB_PROPOSAL_SAMPLES encoder samples of each image,
 * as the AVB paper does) and active units; for ae, the reconstruction cost and active units only.
 */
export async function evaluate({
  model,
  objective,
  values,
  importanceSamples,
  nllImages,
  seed,
  testTerms,
  onProgress,
}: EvaluateOptions): Promise<Evaluation> {
  const { vae, avb } = model;
  const { inputSize: dataSize, latentSize } = vae.config;
  const count = values.length / dataSize;
  if (testTerms !== undefined && testTerms.mus.length !== count * latentSize) {
    throw new Error(
      `evaluate: testTerms hold ${testTerms.mus.length / latentSize} images' means, the test set ${count}: ` +
        'pass the terms computed on these values, or none',
    );
  }
  const test = testTerms ?? (await meanElbo({ model, values, objective, seed }));
  const mus = Array.from({ length: count }, (_, i) =>
    test.mus.subarray(i * latentSize, (i + 1) * latentSize),
  );
  const images =
    hasGaussianEncoder(objective) || isAdversarial(objective) ? Math.min(count, nllImages ?? count) : 0;
  // Images per call: the decoder then sees batch * chunkSize (100) rows at once.
  const batch = 20;
  let logLikelihoodSum = 0;
  for (let from = 0; from < images; from += batch) {
    const to = Math.min(images, from + batch);
    const x = rows(values, dataSize, from, to);
    const proposal =
      avb === null ? undefined : fittedProposal(avb, x, AVB_PROPOSAL_SAMPLES, mixSeed(seed, 0xf17, from));
    const logP = await importanceLogLikelihood({
      vae,
      x,
      samples: importanceSamples,
      seed: mixSeed(seed, 0x115, from),
      ...(proposal === undefined ? {} : { proposal }),
    });
    tf.dispose([x, ...(proposal === undefined ? [] : [proposal.mu, proposal.logVar])]);
    logLikelihoodSum += logP.reduce((a, b) => a + b, 0);
    onProgress?.(to, images);
  }
  return {
    objective,
    testElbo: test.elbo,
    testReconstruction: test.reconstruction,
    testKl: test.kl,
    testNll: images > 0 ? -logLikelihoodSum / images : null,
    importanceSamples,
    nllImages: images,
    activeUnits: activeUnits({ mus }),
    latentSize,
  };
}

/** The defined figures of an evaluation, for the exported model's metadata: testElbo, testNll, testReconstruction. */
export function evaluationMetrics(
  evaluation: Pick<Evaluation, 'testElbo' | 'testNll' | 'testReconstruction'>,
): Record<string, number> {
  const metrics: Record<string, number> = { testReconstruction: evaluation.testReconstruction };
  if (evaluation.testElbo !== null) metrics.testElbo = evaluation.testElbo;
  if (evaluation.testNll !== null) metrics.testNll = evaluation.testNll;
  return metrics;
}
