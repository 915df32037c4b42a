// The SDK's encodeSamples (onnxruntime-web, wasm, in Node) on an AVB model trained here by core and
// exported by the trainer: its implicit encoder z = f(x, eps) gives core's tfjs z for the same eps
// (<= 1e-5), the same seed gives the same samples, and bad input gets named errors. The Gaussian
// encoder's samples are z = mu + sigma * eps, checked by hand.
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, ModelFormatError, normalDraws, SdkError, type VaeModel } from '../src/index.ts';
import { rejects } from './rejects.ts';
import { type TrainedAvb, type TrainedModel, trainedAvb, trainedModel } from './trained-models.ts';

const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Math.max(...Array.from(a, (v, i) => Math.abs(v - (b[i] as number))));

let trained: TrainedAvb;
let model: VaeModel;
beforeAll(async () => {
  trained = await trainedAvb({ steps: 20 });
  model = await loadModel(trained.decoder, { backend: 'wasm', encoder: trained.encoder, chunkSize: 64 });
});
afterAll(async () => {
  await model?.dispose();
  trained?.avb.dispose();
});

describe('an AVB implicit encoder beside its decoder', () => {
  it('loads, and says it is an implicit encoder of the avb objective', () => {
    expect(model.info).toMatchObject({ latentSize: 2, dataSize: 4, imageShape: null });
    expect(model.info.encoderMetadata).toMatchObject({ role: 'implicit-encoder', objective: 'avb' });
  });

  it("draws z = f(x, eps) as core's tfjs encoder does for the same eps (<= 1e-5), across chunks", async () => {
    const before = tf.memory().numTensors;
    const n = 300; // > chunkSize 64: five session runs
    const epsSize = trained.avb.encoder.epsSize; // E + K = 4
    for (const row of [0, 2]) {
      const x = [0, 0, 0, 0].map((_, j) => (j === row ? 1 : 0));
      const { z, seed } = await model.encodeSamples(x, n, { seed: 3 });
      expect(seed).toBe(3);
      expect(z).toMatchObject({ rows: n, columns: 2 });
      const oracle = tf.tidy(() => {
        const eps = tf.tensor3d(normalDraws(3, n * epsSize), [n, 1, epsSize]); // [L = n, N = 1, E + K]
        return trained.avb.encoder.sample(tf.tensor2d([x]), eps).dataSync(); // [n, 1, K]
      });
      expect(maxDiff(z.data, oracle)).toBeLessThanOrEqual(1e-5);
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('same seed, same samples (bit for bit); another seed, others; no seed draws one and returns it', async () => {
    const x = new Float32Array([0, 1, 0, 0]);
    const a = await model.encodeSamples(x, 50, { seed: -7 });
    const b = await model.encodeSamples([[0, 1, 0, 0]], 50, { seed: -7 });
    expect(b.z.data).toEqual(a.z.data);
    const other = await model.encodeSamples(x, 50, { seed: 8 });
    expect(maxDiff(other.z.data, a.z.data)).toBeGreaterThan(0.1);
    const fresh = await model.encodeSamples(x, 5);
    expect(Number.isInteger(fresh.seed)).toBe(true);
    expect((await model.encodeSamples(x, 5, { seed: fresh.seed })).z.data).toEqual(fresh.z.data);
  });

  it('bad input: named errors with the offending value', async () => {
    await rejects(
      model.encode([[1, 0, 0, 0]]),
      SdkError,
      /implicit \(AVB.*encodeSamples\(x, n, \{ seed \}\)/,
    );
    await rejects(
      model.encodeSamples([1, 0, 0, 0, 1, 0, 0, 0], 5),
      SdkError,
      /one input of 4 values, got 2 rows/,
    );
    await rejects(model.encodeSamples([1, 0, 0], 5), SdkError, /x has 3 values: expected \[N, 4\]/);
    await rejects(model.encodeSamples([1, Number.NaN, 0, 0], 5), SdkError, /NaN at row 0, column 1/);
    for (const n of [0, 2.5, -1]) {
      const error = await rejects(
        model.encodeSamples([1, 0, 0, 0], n),
        SdkError,
        /n must be a positive integer/,
      );
      expect((error as SdkError).value).toBe(n);
    }
    await rejects(
      model.encodeSamples([1, 0, 0, 0], 5, { seed: 0.5 }),
      SdkError,
      /seed must be an integer, got 0.5/,
    );
    await rejects(
      loadModel(trained.encoder),
      ModelFormatError,
      /holds an Ellipse implicit-encoder, but a decoder/,
    );
    await rejects(
      loadModel(trained.encoder, { encoder: trained.decoder }),
      ModelFormatError,
      /holds an Ellipse implicit-encoder, but a decoder/,
    );
    const decoderOnly = await loadModel(trained.decoder, { backend: 'wasm' });
    await rejects(decoderOnly.encodeSamples([1, 0, 0, 0], 5), SdkError, /encodeSamples needs an encoder/);
    await decoderOnly.dispose();
  });
});

describe('encodeSamples through a Gaussian encoder', () => {
  let vae: TrainedModel;
  let gaussian: VaeModel;
  beforeAll(async () => {
    const config = { inputSize: 4, imageShape: null, latentSize: 2, hiddenSizes: [16] } as const;
    vae = await trainedModel({ config, steps: 5 });
    gaussian = await loadModel(vae.decoder, { backend: 'wasm', encoder: vae.encoder });
  });
  afterAll(async () => {
    await gaussian?.dispose();
    vae?.vae.dispose();
  });

  it('draws z = mu + sigma * eps with eps = normalDraws(seed, n K) (by hand, <= 1e-6)', async () => {
    const x = [1, 0, 1, 0];
    const { mu, sigma } = await gaussian.encode([x]);
    const { z } = await gaussian.encodeSamples(x, 40, { seed: 12 });
    const eps = normalDraws(12, 40 * 2);
    const expected = Array.from(
      eps,
      (e, i) => (mu.data[i % 2] as number) + (sigma.data[i % 2] as number) * e,
    );
    expect(maxDiff(z.data, expected)).toBeLessThanOrEqual(1e-6);
  });

  it('an implicit encoder beside a decoder of other sizes is refused', async () => {
    const config = { inputSize: 6, imageShape: null, latentSize: 2, hiddenSizes: [8] } as const;
    const other = await trainedModel({ config, steps: 1 });
    await rejects(
      loadModel(other.decoder, { encoder: trained.encoder }),
      ModelFormatError,
      /encoder \(data 4 -> latent 2\) does not match the decoder \(latent 2 -> data 6\)/,
    );
    other.vae.dispose();
  });
});
