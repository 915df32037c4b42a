import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createAdam } from './adam.ts';

/** f(w) = sum (w - target)^2 with w a [2, 3] variable; gradient 2 (w - target). */
const target = [
  [1, -2, 3],
  [0.5, 0, -1],
];
function gradients(w: tf.Variable): tf.NamedTensorMap {
  return { [w.name]: tf.mul(2, tf.sub(w, tf.tensor2d(target))) };
}

describe('createAdam', () => {
  it('matches a scalar Adam computed by hand for two steps', () => {
    const w = tf.tidy(() => tf.variable(tf.scalar(1), true));
    const adam = createAdam({ variables: new Map([['w', w]]), learningRate: 0.1 });
    // step 1: g = 2, m = 0.2, v = 0.004, mhat = 2, vhat = 4 -> w = 1 - 0.1 * 2 / (2 + 1e-8)
    tf.tidy(() => adam.applyGradients({ [w.name]: tf.scalar(2) }));
    const w1 = 1 - (0.1 * 2) / (2 + 1e-8);
    expect(w.dataSync()[0]).toBeCloseTo(w1, 6);
    // step 2: g = -1; m = 0.9*0.2 - 0.1 = 0.08, v = 0.999*0.004 + 0.001 = 0.004996
    tf.tidy(() => adam.applyGradients({ [w.name]: tf.scalar(-1) }));
    const mhat = 0.08 / (1 - 0.9 ** 2);
    const vhat = 0.004996 / (1 - 0.999 ** 2);
    expect(w.dataSync()[0]).toBeCloseTo(w1 - (0.1 * mhat) / (Math.sqrt(vhat) + 1e-8), 5);
    adam.dispose();
    w.dispose();
  });

  it('agrees with tfjs tf.train.adam over 20 steps', () => {
    const ours = tf.tidy(() => tf.variable(tf.zeros([2, 3]), true));
    const theirs = tf.tidy(() => tf.variable(tf.zeros([2, 3]), true));
    const adam = createAdam({ variables: new Map([['w', ours]]), learningRate: 0.05 });
    const reference = tf.train.adam(0.05, 0.9, 0.999, 1e-8);
    for (let i = 0; i < 20; i++) {
      tf.tidy(() => adam.applyGradients(gradients(ours)));
      // tfjs types the map as NamedVariableMap, but takes any tensors.
      tf.tidy(() => reference.applyGradients(gradients(theirs) as Record<string, tf.Variable>));
    }
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(ours, theirs))).dataSync()[0]);
    expect(diff).toBeLessThan(1e-5);
    expect(ours.dataSync()[0]).not.toBe(0);
    adam.dispose();
    reference.dispose();
    tf.dispose([ours, theirs]);
  });

  it('resumes bit for bit from its state, without leaking tensors', async () => {
    const run = async (stepsBefore: number, resume: boolean): Promise<Float32Array> => {
      const w = tf.tidy(() => tf.variable(tf.zeros([2, 3]), true));
      const variables = new Map([['w', w]]);
      let adam = createAdam({ variables, learningRate: 0.05 });
      for (let i = 0; i < stepsBefore; i++) tf.tidy(() => adam.applyGradients(gradients(w)));
      if (resume) {
        const state = await adam.getState();
        adam.dispose();
        adam = createAdam({ variables, learningRate: 0.05 });
        adam.setState(state);
      }
      for (let i = stepsBefore; i < 10; i++) tf.tidy(() => adam.applyGradients(gradients(w)));
      const out = new Float32Array(w.dataSync());
      adam.dispose();
      w.dispose();
      return out;
    };
    const before = tf.memory().numTensors;
    expect(await run(4, true)).toEqual(await run(4, false));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a non-positive learning rate, naming it', () => {
    expect(() => createAdam({ variables: new Map(), learningRate: 0 })).toThrow(
      /learningRate must be a finite number > 0, got 0/,
    );
  });
});
