import '@tensorflow/tfjs-backend-cpu';
import { geometricRegularizer, klToStandardNormal } from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { geometricTerm, klTerm, regularizerOf } from './regularizer-terms.ts';
import { VizError } from './viz-error.ts';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('klTerm and geometricTerm', () => {
  it('are 0 at the unit circle (mu 0, sigma 1) and positive elsewhere', () => {
    expect(klTerm(0, 1)).toBe(0);
    expect(geometricTerm(0, 1)).toBe(0);
    for (const [mu, sigma] of [
      [0.1, 1],
      [0, 0.9],
      [-2, 3],
    ] as const) {
      expect(klTerm(mu, sigma)).toBeGreaterThan(0);
      expect(geometricTerm(mu, sigma)).toBeGreaterThan(0);
    }
  });

  it('match cases computed by hand', () => {
    // 1/2 (1 + 1 - 0 - 1) = 0.5
    expect(klTerm(1, 1)).toBeCloseTo(0.5, 15);
    // 1/2 (0 + e^2 - 2 - 1) with sigma = e: log sigma^2 = 2
    expect(klTerm(0, Math.E)).toBeCloseTo(0.5 * (Math.E ** 2 - 3), 14);
    // 1/2 (4 + 0.25 - log 0.25 - 1) = 1/2 (3.25 + 1.3862943611198906)
    expect(klTerm(2, 0.5)).toBeCloseTo(2.3181471805599454, 14);
    // 4 + 0.25
    expect(geometricTerm(2, 0.5)).toBe(4.25);
    expect(geometricTerm(-1, 3)).toBe(5);
  });

  it('differ as sigma -> 0: KL without bound, geometric toward 1 + mu^2', () => {
    expect(klTerm(0, 1e-6)).toBeGreaterThan(13);
    expect(geometricTerm(0, 1e-6)).toBeCloseTo(1, 5);
  });
});

describe('regularizerOf', () => {
  it('agrees with @ellipse/core (the formulas the trainer minimises) on 200 random posteriors', () => {
    // deterministic pseudo-random posteriors: mu in [-3, 3], sigma in [0.02, 2.5]
    let state = 12345;
    const uniform = () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 31;
    };
    const mus = Array.from({ length: 200 }, () => [6 * uniform() - 3, 6 * uniform() - 3]);
    const sigmas = Array.from({ length: 200 }, () => [0.02 + 2.48 * uniform(), 0.02 + 2.48 * uniform()]);
    const before = tf.memory().numTensors;
    const [kl, geometric] = tf.tidy(() => {
      const mu = tf.tensor2d(mus, [200, 2], 'float32');
      const logVar = tf.log(tf.square(tf.tensor2d(sigmas, [200, 2], 'float32')));
      return [klToStandardNormal({ mu, logVar }), geometricRegularizer({ mu, logVar })];
    });
    const klCore = kl!.dataSync();
    const geometricCore = geometric!.dataSync();
    tf.dispose([kl!, geometric!]);
    expect(tf.memory().numTensors).toBe(before);
    mus.forEach((mu, i) => {
      const sigma = sigmas[i] as number[];
      const ours = regularizerOf('kl', { mu, sigma });
      // core runs in float32: agree to its precision
      expect(ours.total).toBeCloseTo(klCore[i] as number, 3);
      expect(ours.terms).toHaveLength(2);
      expect(regularizerOf('geometric', { mu, sigma }).total).toBeCloseTo(geometricCore[i] as number, 3);
    });
  });

  it('sums the two dimensions', () => {
    const value = regularizerOf('kl', { mu: [1, 2], sigma: [1, 0.5] });
    expect(value.terms[0]).toBeCloseTo(0.5, 15);
    expect(value.terms[1]).toBeCloseTo(2.3181471805599454, 14);
    expect(value.total).toBeCloseTo(2.8181471805599454, 14);
  });

  it('names mismatched lengths and a sigma that is not positive', () => {
    expect(() => regularizerOf('kl', { mu: [0, 0], sigma: [1] })).toThrow(/mu has 2 values and sigma 1/);
    expect(() => regularizerOf('geometric', { mu: [0, 0], sigma: [1, 0] })).toThrow(
      /dimension 1 has mu 0 and sigma 0: mu must be finite and sigma > 0/,
    );
    expect(() => regularizerOf('kl', { mu: [Number.NaN], sigma: [1] })).toThrow(VizError);
  });
});
