// The SDK (onnxruntime-web, wasm, in Node) against core's tfjs model on decoders and encoders the
// trainer exports from small models trained here: the same numbers to 1e-5.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, normalDraws, type VaeModel } from '../src/index.ts';
import { type TrainedModel, tfjsDecode, trainedModel } from './trained-models.ts';

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Math.max(...Array.from(a, (v, i) => Math.abs(v - (b[i] as number))));

const cases = [
  {
    name: 'bernoulli 8x8 images, 3-D latent',
    config: { inputSize: 64, imageShape: [8, 8], latentSize: 3, hiddenSizes: [32, 16] },
  },
  {
    name: 'gaussian toy2d',
    config: { inputSize: 2, imageShape: null, latentSize: 2, hiddenSizes: [16], likelihood: 'gaussian' },
  },
] as const;

describe.each(cases)('$name', ({ config }) => {
  let trained: TrainedModel;
  let model: VaeModel;
  beforeAll(async () => {
    trained = await trainedModel({ config, steps: 15 });
    model = await loadModel(trained.decoder, { backend: 'wasm', encoder: trained.encoder, chunkSize: 50 });
  });
  afterAll(async () => {
    await model.dispose();
    trained.vae.dispose();
  });

  it('trained (the loss went down) and carries the metadata the trainer wrote', () => {
    const [first, last] = trained.losses;
    expect(last).toBeLessThan(first);
    expect(model.info).toMatchObject({
      latentSize: config.latentSize,
      dataSize: config.inputSize,
      imageShape: config.imageShape === null ? null : [...config.imageShape, 1],
      likelihood: trained.vae.config.likelihood,
    });
    expect(model.info.metadata.producer).toBe('sdk tests');
  });

  it('samples decode like core tfjs decoder (<= 1e-5), across chunks', async () => {
    const before = tf.memory().numTensors;
    const { z, x } = await model.sample(123, { seed: 5 });
    expect(z.data).toEqual(normalDraws(5, 123 * config.latentSize));
    expect(maxDiff(x.data, tfjsDecode(trained.vae, z.data))).toBeLessThanOrEqual(1e-5);
    const grid = await model.grid({ steps: 5 });
    expect(maxDiff(grid.x.data, tfjsDecode(trained.vae, grid.z.data))).toBeLessThanOrEqual(1e-5);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('encodes like core tfjs encoder: mu, and sigma = exp(logvar / 2) (<= 1e-5)', async () => {
    const { mu, sigma } = await model.encode(trained.data);
    const rows = trained.data.length / config.inputSize;
    const [refMu, refSigma] = tf.tidy(() => {
      const q = trained.vae.encode(tf.tensor2d(trained.data, [rows, config.inputSize]));
      return [q.mu.dataSync(), tf.exp(tf.div(q.logVar, 2)).dataSync()];
    });
    expect(mu).toMatchObject({ rows, columns: config.latentSize });
    expect(maxDiff(mu.data, refMu as Float32Array)).toBeLessThanOrEqual(1e-5);
    expect(maxDiff(sigma.data, refSigma as Float32Array)).toBeLessThanOrEqual(1e-5);
  });
});
