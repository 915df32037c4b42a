import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  AVB_TOY_CONFIG,
  avbStep,
  ConfigError,
  createAdam,
  createAvb,
  createVae,
  quadratureLogLikelihood,
} from './index.ts';

const TOY = AVB_TOY_CONFIG;

describe('AVB', () => {
  it('one step updates the discriminator and the model with their own Adams, leaking nothing; bad samples are named', async () => {
    const avb = createAvb({ config: TOY, adaptiveContrast: true, seed: 2 });
    const modelOptimizer = createAdam({ variables: avb.modelVariables, learningRate: 1e-3 });
    const discriminatorOptimizer = createAdam({ variables: avb.discriminator.variables, learningRate: 1e-3 });
    const x = tf.eye(4) as tf.Tensor2D;
    const before = await avb.getWeights();
    const first = await avbStep({ avb, modelOptimizer, discriminatorOptimizer, x, samples: 4, seed: 0 });
    const tensors = tf.memory().numTensors;
    await avbStep({ avb, modelOptimizer, discriminatorOptimizer, x, samples: 4, seed: 1 });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(first.loss).toBeCloseTo(first.reconstruction + first.kl, 4);
    // At the start T knows nothing: its logistic loss is near log 4 (2 log 2).
    expect(first.discriminatorLoss).toBeGreaterThan(1);
    expect(first.discriminatorLoss).toBeLessThan(1.8);
    const after = await avb.getWeights();
    for (const name of ['encoder/noise/kernel', 'decoder/output/kernel', 'discriminator/output/kernel']) {
      expect(after[name]?.values, name).not.toEqual(before[name]?.values);
    }
    expect(modelOptimizer.step).toBe(2);
    expect(discriminatorOptimizer.step).toBe(2);
    await expect(
      avbStep({ avb, modelOptimizer, discriminatorOptimizer, x, samples: 1, seed: 2 }),
    ).rejects.toThrow(new ConfigError("samples (objective 'avb-ac') must be an integer >= 2, got 1"));
    x.dispose();
    for (const d of [avb, modelOptimizer, discriminatorOptimizer]) d.dispose();
  });

  it('quadrature gives the exact log-likelihood: a decoder ignoring z scores log prod_d p_d(x_d)', async () => {
    const vae = createVae({ config: TOY, seed: 3 });
    // Zero every decoder kernel: p(x|z) = Bernoulli(sigmoid(b)) for every z, so p(x) = p(x|z) exactly.
    const bias = [0.3, -1.2, 2.0, -0.4];
    vae.setWeights(
      Object.fromEntries(
        [...vae.variables]
          .filter(([name]) => name.startsWith('decoder/'))
          .map(([name, v]) => [
            name,
            {
              shape: v.shape,
              values: name === 'decoder/output/bias' ? Float32Array.from(bias) : new Float32Array(v.size),
            },
          ]),
      ),
    );
    const x = tf.eye(4) as tf.Tensor2D;
    const logP = await quadratureLogLikelihood({ vae, x, steps: 101 });
    const logSigmoid = (a: number) => -Math.log1p(Math.exp(-a));
    for (let i = 0; i < 4; i++) {
      const exact = bias.reduce((s, b, d) => s + (d === i ? logSigmoid(b) : logSigmoid(-b)), 0);
      expect(logP[i]).toBeCloseTo(exact, 4);
    }
    x.dispose();
    vae.dispose();
  });
});
