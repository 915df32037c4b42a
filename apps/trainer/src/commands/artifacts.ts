import {
  type Avb,
  hasGaussianEncoder,
  type ObjectiveName,
  type PosteriorEllipse,
  posteriorEllipses,
  sampleMoments,
  standardNormalNoise,
  type Vae,
} from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';
import { writeFileAtomic } from '../atomic-write.ts';
import type { Dataset } from '../data/dataset.ts';
import type { EvaluatedModel } from '../evaluate.ts';
import { encodeImageGridPng } from '../export/png.ts';
import { learningCurvesSvg } from '../learning-curves.ts';
import { readMetrics } from '../metrics-log.ts';
import type { RunPaths } from '../run-directory.ts';

/** Images in the per-epoch sample grid (8 x 8), reconstruction pairs (4 rows of 8 + 8), ellipses for the site. */
const SAMPLE_COUNT = 64;
const RECONSTRUCTION_COUNT = 32;
const ELLIPSE_COUNT = 1000;
/** Draws of an AVB encoder per test example in the ellipses JSON: its posteriors are not ellipses. */
const AVB_SAMPLES = 32;

/** p(x|z)'s mean for decoder outputs [N, D]: sigmoid of the logits (bernoulli), or the mean itself. */
export function decoderMean(vae: Vae, z: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const out = vae.decode(z);
    return vae.config.likelihood === 'bernoulli' ? tf.sigmoid(out) : tf.clipByValue(out, 0, 1);
  });
}

/** The values of `tensor`, read asynchronously (WebGPU in Node cannot read synchronously); disposes it. */
async function readAndDispose(tensor: tf.Tensor): Promise<Float32Array> {
  const values = (await tensor.data()) as Float32Array;
  tensor.dispose();
  return values;
}

/** Means of p(x|z) for `count` draws z ~ N(0, I) [count, K]; the same draws for the same seed. */
export function sampleImages({
  vae,
  count,
  seed,
}: {
  vae: Vae;
  count: number;
  seed: number;
}): Promise<Float32Array> {
  return readAndDispose(
    tf.tidy(() => decoderMean(vae, standardNormalNoise([count, vae.config.latentSize], seed) as tf.Tensor2D)),
  );
}

/**
 * The first `count` rows of x [N, D] and their reconstructions decode(mu(x)), interleaved by rows of
 * `columns`: grid row 2r holds originals r*columns.., grid row 2r+1 their reconstructions. [2 count, D]
 */
export async function reconstructionRows({
  vae,
  x,
  count,
  columns,
}: {
  vae: Vae;
  x: Float32Array;
  count: number;
  columns: number;
}): Promise<Float32Array> {
  const dataSize = vae.config.inputSize;
  const recon = await readAndDispose(
    tf.tidy(() => {
      const { mu } = vae.encode(tf.tensor2d(x.subarray(0, count * dataSize), [count, dataSize]));
      return decoderMean(vae, mu);
    }),
  );
  const out = new Float32Array(2 * count * dataSize);
  for (let row = 0; row * columns < count; row++) {
    const from = row * columns * dataSize;
    const to = Math.min(count, (row + 1) * columns) * dataSize;
    out.set(x.subarray(from, to), 2 * from);
    out.set(recon.subarray(from, to), 2 * from + (to - from));
  }
  return out;
}

/**
 * An AVB encoder's posteriors for x [N, D]: the Gaussian with their moments (mu, sigma) and `count` draws
 * [count][K] each, for the site to show that they are not ellipses.
 */
async function avbPosteriors(
  avb: Avb,
  x: tf.Tensor2D,
  seed: number,
  count: number,
): Promise<(PosteriorEllipse & { samples: number[][] })[]> {
  const z = avb.sample(x, count, seed); // [m, N, K]
  const { mu, logVar } = sampleMoments(z);
  const sigma = tf.tidy(() => tf.exp(tf.mul(logVar, 0.5)));
  const [draws, mus, sigmas] = (await Promise.all([z.array(), mu.array(), sigma.array()])) as [
    number[][][],
    number[][],
    number[][],
  ];
  tf.dispose([z, mu, logVar, sigma]);
  return mus.map((row, i) => ({
    mu: row,
    sigma: sigmas[i] as number[],
    samples: draws.map((sample) => sample[i] as number[]),
  }));
}

/**
 * After each epoch: a grid of samples and one of reconstructions (image models), and for 2-D latents
 * the posterior ellipses (mu, sigma, label) of the first test examples, for the site to animate. An
 * autoencoder's posteriors are points: sigma is 0. An AVB encoder's are not ellipses: each carries the
 * Gaussian of its moments and AVB_SAMPLES draws.
 */
export async function writeEpochArtifacts({
  model: { vae, avb },
  objective,
  test,
  testValues,
  epoch,
  paths,
  seed,
}: {
  model: EvaluatedModel;
  objective: ObjectiveName;
  test: Dataset;
  testValues: Float32Array;
  epoch: number;
  paths: RunPaths;
  seed: number;
}): Promise<void> {
  const shape = vae.config.imageShape;
  if (shape !== null) {
    const [height, width] = shape;
    const samples = await sampleImages({ vae, count: SAMPLE_COUNT, seed });
    await writeFileAtomic(
      paths.samplesPng(epoch),
      encodeImageGridPng({ images: samples, height, width, columns: 8 }),
    );
    const n = Math.min(RECONSTRUCTION_COUNT, test.count);
    const pairs = await reconstructionRows({ vae, x: testValues, count: n, columns: 8 });
    await writeFileAtomic(
      paths.reconstructionsPng(epoch),
      encodeImageGridPng({ images: pairs, height, width, columns: 8 }),
    );
  }
  if (vae.config.latentSize === 2) {
    const n = Math.min(ELLIPSE_COUNT, test.count);
    const x = tf.tensor2d(testValues.subarray(0, n * vae.config.inputSize), [n, vae.config.inputSize]);
    const point = !hasGaussianEncoder(objective) && avb === null;
    const posteriors =
      avb === null ? await posteriorEllipses({ vae, x }) : await avbPosteriors(avb, x, seed, AVB_SAMPLES);
    const ellipses = posteriors.map((ellipse, i) => ({
      ...ellipse,
      sigma: point ? ellipse.sigma.map(() => 0) : ellipse.sigma,
      label: test.labels === null ? null : (test.labels[i] ?? null),
    }));
    x.dispose();
    await writeFileAtomic(paths.ellipsesJson(epoch), `${JSON.stringify({ epoch, objective, ellipses })}\n`);
  }
}

/** Rewrites the learning-curve SVG from metrics.jsonl. */
export async function writeLearningCurves(paths: RunPaths): Promise<void> {
  await writeFileAtomic(paths.learningCurvesSvg, learningCurvesSvg(await readMetrics(paths.metrics)));
}
