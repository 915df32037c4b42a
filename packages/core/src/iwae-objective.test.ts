import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  DATA,
  exactEncoder,
  type LinearGaussian,
  linearGaussianVae,
  logMarginal,
  MODEL,
  mismatchedEncoder,
  sampleData,
} from '../test/linear-gaussian.ts';
import {
  createAdam,
  iwaeBound,
  iwaeLossTerms,
  objectiveStep,
  standardNormalNoise,
  type Vae,
} from './index.ts';

const meanOf = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** The linear-Gaussian model a VAE's (linear, fixed-variance) decoder defines: W = kernel^T, b = bias. */
async function decoderModel(vae: Vae): Promise<LinearGaussian> {
  const weights = await vae.getWeights();
  const kernel = weights['decoder/output/kernel'];
  const bias = weights['decoder/output/bias'];
  if (kernel === undefined || bias === undefined) throw new Error('not a linear VAE');
  const [k, d] = kernel.shape as [number, number];
  const w = Array.from({ length: d }, (_, i) =>
    Array.from({ length: k }, (_, j) => kernel.values[j * d + i] as number),
  );
  return { w, b: Array.from(bias.values), s2: MODEL.s2 };
}

describe('iwae objective on the linear-Gaussian model', () => {
  it('at the exact posterior every importance weight is p(x): the loss is -mean log p(x), and reconstruction + kl bounds it', () => {
    const vae = linearGaussianVae(MODEL, exactEncoder(MODEL));
    const x = tf.tensor2d(DATA);
    const eps = standardNormalNoise([7, DATA.length, 2], 3);
    const before = tf.memory().numTensors;
    const { loss, stats } = iwaeLossTerms(vae, x, eps);
    const [lossValue, reconstruction, kl] = Array.from(stats.dataSync());
    expect(loss.dataSync()[0]).toBe(lossValue);
    tf.dispose([loss, stats]);
    expect(tf.memory().numTensors).toBe(before);
    expect(lossValue).toBeCloseTo(-meanOf(DATA.map((p) => logMarginal(MODEL, p))), 4);
    // -L_k <= -ELBO (k-sample average) = reconstruction + kl; equality here, since every log w is log p(x).
    expect(lossValue as number).toBeLessThanOrEqual((reconstruction as number) + (kl as number) + 1e-4);
    tf.dispose([x, eps]);
    vae.dispose();
  });

  it("objectiveStep's loss is importance.ts's bound with the same noise, and is tighter than the k-sample ELBO", async () => {
    const vae = linearGaussianVae(MODEL, mismatchedEncoder(MODEL));
    const optimizer = createAdam({ variables: vae.variables, learningRate: 1e-3 });
    const x = tf.tensor2d(DATA);
    const bound = iwaeBound({ vae, x, k: 9, seed: 11 });
    const expected = -meanOf(Array.from(bound.dataSync()));
    bound.dispose();
    const result = await objectiveStep({ vae, optimizer, x, objective: 'iwae', k: 9, seed: 11 });
    expect(result.loss).toBeCloseTo(expected, 5);
    expect(result.loss).toBeLessThan(result.reconstruction + result.kl);
    x.dispose();
    optimizer.dispose();
    vae.dispose();
  });

  it('Adam steps on the k = 10 bound move the exact log p(x) of the data up, leaking nothing', async () => {
    const start: LinearGaussian = {
      ...MODEL,
      w: MODEL.w.map((row) => row.map((v) => 0.4 * v)),
      b: [0, 0, 0],
    };
    const vae = linearGaussianVae(start, mismatchedEncoder(start));
    const optimizer = createAdam({ variables: vae.variables, learningRate: 2e-2 });
    const points = sampleData(MODEL, 128, 21);
    const x = tf.tensor2d(points);
    const logP = async () => meanOf(await exactLogP(vae, points));
    const before = await logP();
    await objectiveStep({ vae, optimizer, x, objective: 'iwae', k: 10, seed: 0 });
    const tensors = tf.memory().numTensors;
    for (let step = 1; step < 150; step++)
      await objectiveStep({ vae, optimizer, x, objective: 'iwae', k: 10, seed: step });
    expect(tf.memory().numTensors).toBe(tensors);
    const after = await logP();
    const truth = meanOf(points.map((p) => logMarginal(MODEL, p)));
    console.info(
      `exact mean log p(x): ${before.toFixed(3)} -> ${after.toFixed(3)} (data's own model: ${truth.toFixed(3)})`,
    );
    expect(after - before).toBeGreaterThan(0.5);
    expect(Math.abs(after - truth)).toBeLessThan(0.15);
    x.dispose();
    optimizer.dispose();
    vae.dispose();
  });
});

/** log p(x) of each point under the VAE's decoder, in closed form. */
async function exactLogP(vae: Vae, points: number[][]): Promise<number[]> {
  const model = await decoderModel(vae);
  return points.map((p) => logMarginal(model, p));
}
