import { createVae, PRESETS, toyDataset } from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { gradientVariance } from './gradient-variance.ts';

describe('gradientVariance', () => {
  it('finds the score-function encoder gradient noisier than the reparameterised one, the decoder gradients alike', async () => {
    const vae = createVae({ config: PRESETS.toy2d, seed: 5 });
    const x = tf.tensor2d(toyDataset({ name: 'moons', count: 32, seed: 3 }), [32, 2]);
    const before = tf.memory().numTensors;
    const [reparam, score] = await gradientVariance({ vae, x, draws: 40, samples: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(reparam?.estimator).toBe('reparam');
    expect(score?.estimator).toBe('score');
    console.info(
      `encoder variance score / reparam: ${((score?.encoderMeanVariance ?? 0) / (reparam?.encoderMeanVariance ?? 1)).toFixed(1)}`,
    );
    expect(score?.encoderMeanVariance).toBeGreaterThan(2 * (reparam?.encoderMeanVariance as number));
    // theta's gradient is grad log p(x|z) in both, and the same seeds draw the same z: equal variances.
    const decoderRatio = (score?.decoderMeanVariance as number) / (reparam?.decoderMeanVariance as number);
    expect(decoderRatio).toBeCloseTo(1, 3);
    tf.dispose(x);
    vae.dispose();
  });
});
