import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { DATA, encodeLinear, linearGaussianVae, MODEL, mismatchedEncoder } from '../test/linear-gaussian.ts';
import { autoencoderReconstruction } from './index.ts';

describe('autoencoderReconstruction', () => {
  it('is -log N(x; W mu(x) + b, s^2 I) on the linear-Gaussian model (closed form, float64), leaking nothing', () => {
    const encoder = mismatchedEncoder(MODEL);
    const vae = linearGaussianVae(MODEL, encoder);
    const x = tf.tensor2d(DATA);
    const before = tf.memory().numTensors;
    const result = autoencoderReconstruction(vae, x);
    expect(result.shape).toEqual([DATA.length]);
    const got = Array.from(result.dataSync());
    result.dispose();
    expect(tf.memory().numTensors).toBe(before);
    // Oracle: the mean of p(x|z) at z = mu(x) is W mu + b; the Gaussian log-density is in closed form.
    const expected = DATA.map((point) => {
      const { mu } = encodeLinear(encoder, point);
      const squared = point.reduce((sum, xi, i) => {
        const row = MODEL.w[i] as number[];
        const mean = (MODEL.b[i] as number) + row.reduce((s, wik, k) => s + wik * (mu[k] as number), 0);
        return sum + (xi - mean) ** 2;
      }, 0);
      return 0.5 * (point.length * Math.log(2 * Math.PI * MODEL.s2) + squared / MODEL.s2);
    });
    got.forEach((value, i) => {
      expect(value).toBeCloseTo(expected[i] as number, 4);
    });
    x.dispose();
    vae.dispose();
  });

  it('does not depend on the log-variance head (a point has no spread)', () => {
    const vae = linearGaussianVae(MODEL, mismatchedEncoder(MODEL));
    const x = tf.tensor2d(DATA);
    const before = autoencoderReconstruction(vae, x);
    const logVarBias = vae.variables.get('encoder/logvar/bias') as tf.Variable;
    tf.tidy(() => logVarBias.assign(tf.add(logVarBias, 3)));
    const after = autoencoderReconstruction(vae, x);
    expect(Array.from(after.dataSync())).toEqual(Array.from(before.dataSync()));
    tf.dispose([before, after, x]);
    vae.dispose();
  });
});
