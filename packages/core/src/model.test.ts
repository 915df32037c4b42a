import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { PRESETS, resolveConfig } from './config.ts';
import { ConfigError, ShapeError } from './errors.ts';
import { createVae } from './index.ts';

describe('createVae', () => {
  const config = resolveConfig({ inputSize: 6, imageShape: [2, 3], latentSize: 3, hiddenSizes: [5, 4] });

  it('maps x [N, D] to mu, logVar [N, K] and z [N, K] to [N, D], without leaking tensors', () => {
    const vae = createVae({ config, seed: 1 });
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const { mu, logVar } = vae.encode(tf.ones([7, 6]));
      expect(mu.shape).toEqual([7, 3]);
      expect(logVar.shape).toEqual([7, 3]);
      expect(vae.decode(mu).shape).toEqual([7, 6]);
    });
    expect(tf.memory().numTensors).toBe(before);
    vae.dispose();
  });

  it('computes the MLP by hand: one tanh layer then linear heads', () => {
    const tiny = createVae({
      config: resolveConfig({ inputSize: 1, imageShape: null, latentSize: 1, hiddenSizes: [1] }),
    });
    const w = (v: number) => ({ shape: [1, 1], values: new Float32Array([v]) });
    const b = (v: number) => ({ shape: [1], values: new Float32Array([v]) });
    tiny.setWeights({
      'encoder/hidden0/kernel': w(2),
      'encoder/hidden0/bias': b(0.5),
      'encoder/mu/kernel': w(3),
      'encoder/mu/bias': b(-1),
      'encoder/logvar/kernel': w(-2),
      'encoder/logvar/bias': b(0.25),
    });
    const { mu, logVar } = tiny.encode(tf.tensor2d([[0.3]]));
    const h = Math.tanh(2 * 0.3 + 0.5);
    expect(mu.dataSync()[0]).toBeCloseTo(3 * h - 1, 5);
    expect(logVar.dataSync()[0]).toBeCloseTo(-2 * h + 0.25, 5);
    tf.dispose([mu, logVar]);
    tiny.dispose();
  });

  it('initialises identically from the same seed and round-trips weights', async () => {
    const a = createVae({ config, seed: 7 });
    const b = createVae({ config, seed: 7 });
    const c = createVae({ config, seed: 8 });
    const weights = await a.getWeights();
    expect(await b.getWeights()).toEqual(weights);
    expect((await c.getWeights())['encoder/hidden0/kernel']).not.toEqual(weights['encoder/hidden0/kernel']);
    c.setWeights(weights);
    expect(await c.getWeights()).toEqual(weights);
    for (const vae of [a, b, c]) vae.dispose();
  });

  it('rejects wrong shapes and unknown weights with named errors', () => {
    const vae = createVae({ config });
    expect(() => vae.encode(tf.ones([2, 5]) as tf.Tensor2D)).toThrow(
      /encoder input x has shape \[2, 5\]: expected \[N, 6\]/,
    );
    expect(() => vae.decode(tf.ones([2, 2]) as tf.Tensor2D)).toThrow(ShapeError);
    expect(() => vae.setWeights({ nope: { shape: [1], values: new Float32Array(1) } })).toThrow(
      /unknown weight 'nope'/,
    );
    vae.dispose();
  });

  it('rejects a latent size <= 0 and unknown likelihoods', () => {
    expect(() => createVae({ config: { ...PRESETS.mnist, latentSize: 0 } })).toThrow(
      /latentSize must be a positive integer, got 0/,
    );
    expect(() => createVae({ config: { ...PRESETS.mnist, likelihood: 'poisson' as never } })).toThrow(
      ConfigError,
    );
  });
});
