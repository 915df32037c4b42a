import { AVB_TOY_CONFIG, createAvb, createVae, logLikelihood, mixSeed } from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { AVB_EVAL_SAMPLES, AVB_LIKELIHOOD_SAMPLES, evaluate, meanElbo } from './evaluate.ts';

/** 200 rows of AVB's toy data: the four one-hot vectors of R^4, repeated. */
const values = Float32Array.from({ length: 200 * 4 }, (_, i) => (i % 4 === Math.floor(i / 4) % 4 ? 1 : 0));

describe('evaluate', () => {
  it("reuses the caller's test terms: the same figures as its own pass with the same seed, no leak", async () => {
    const vae = createVae({ config: AVB_TOY_CONFIG, seed: 3 });
    const model = { vae, avb: null };
    const options = {
      model,
      objective: 'vae',
      values,
      importanceSamples: 50,
      nllImages: 8,
      seed: 11,
    } as const;
    const fresh = await evaluate(options);
    const before = tf.memory().numTensors;
    const terms = await meanElbo({ model, values, objective: 'vae', seed: 11 });
    const reused = await evaluate({ ...options, testTerms: terms });
    expect(tf.memory().numTensors).toBe(before);
    expect(reused).toEqual(fresh);
    expect(Number.isFinite(reused.testElbo)).toBe(true);
    // Terms of another test set are refused, with both sizes named.
    const other = { ...terms, mus: terms.mus.subarray(0, 10 * AVB_TOY_CONFIG.latentSize) };
    await expect(evaluate({ ...options, testTerms: other })).rejects.toThrow(
      /10 images' means, the test set 200/,
    );
    vae.dispose();
  });

  it("scores AVB's reconstruction on a subset of the encoder's draws: it agrees with all of them within noise", async () => {
    const avb = createAvb({ config: AVB_TOY_CONFIG, adaptiveContrast: true, seed: 5 });
    const model = { vae: avb.vae, avb };
    const seed = 17;
    const terms = await meanElbo({ model, values, objective: 'avb-ac', seed });
    // Oracle: the same draws (meanElbo seeds each batch of 500 with mixSeed(seed, 0)), all of them scored.
    const x = tf.tensor2d(values, [200, 4]);
    const all = tf.tidy(() =>
      tf.neg(tf.mean(logLikelihood(avb.vae, x, avb.sample(x, AVB_EVAL_SAMPLES, mixSeed(seed, 0))))),
    );
    const [expected] = await all.data();
    tf.dispose([x, all]);
    // The per-draw spread of -log p(x|z) on this untrained decoder is a few nats; 200 images x 4 draws
    // give a standard error well under 0.2.
    expect(AVB_LIKELIHOOD_SAMPLES).toBeLessThan(AVB_EVAL_SAMPLES);
    expect(Math.abs(terms.reconstruction - (expected as number))).toBeLessThan(0.2);
    expect(terms.elbo).toBeNull();
    expect(Number.isFinite(terms.kl)).toBe(true);
    avb.dispose();
  });
});
