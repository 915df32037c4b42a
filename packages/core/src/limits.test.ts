import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  createVae,
  elbo,
  estimateGradients,
  importanceLogLikelihood,
  iwaeBound,
  MAX_TENSOR_VALUES,
  presetConfig,
  resolveConfig,
} from './index.ts';

describe('limits', () => {
  it('is 2^28 float32 values, 1 GiB', () => {
    expect(MAX_TENSOR_VALUES * 4).toBe(1024 ** 3);
  });

  it('rejects a configuration whose weight matrix would pass 1 GiB, naming it and the largest size', () => {
    // mnist: 784-200-200-K. The encoder heads are 200 x K: K <= floor(2^28 / 200) = 1342177 (by hand).
    expect(() => resolveConfig({ latentSize: 1342177 })).not.toThrow();
    expect(() => resolveConfig({ latentSize: 1342178 })).toThrow(ConfigError);
    expect(() => resolveConfig({ latentSize: 1_000_000_000 })).toThrow(
      /layer 200 x 1000000000 .*latentSize 1000000000.*over the limit of 268435456 float32 values \(1 GiB\).*at most 1342177/,
    );
    // A huge input with no hidden layer: D x K = 2^20 x 2^9 = 2^29.
    expect(() =>
      resolveConfig({ inputSize: 2 ** 20, imageShape: null, hiddenSizes: [], latentSize: 512 }),
    ).toThrow(/layer 1048576 x 512/);
  });

  it('rejects samples and k whose activations would pass 1 GiB, before drawing any noise', async () => {
    const vae = createVae({ config: presetConfig('toy2d'), seed: 1 }); // widest layer 64
    const x = tf.zeros([4, 2]) as tf.Tensor2D;
    const before = tf.memory().numTensors;
    // [k * 4, 64] <= 2^28 -> k <= 2^28 / 256 = 1048576 (by hand).
    expect(() => iwaeBound({ vae, x, k: 1048577 })).toThrow(
      /k = 1048577 with a batch of 4 makes activations of 1048577 x 4 x 64 values.*at most k = 1048576/,
    );
    expect(() => elbo({ vae, x, samples: 2 ** 30 })).toThrow(ConfigError);
    await expect(estimateGradients({ vae, x, estimator: 'reparam', samples: 2 ** 30 })).rejects.toThrow(
      /samples = 1073741824/,
    );
    await expect(importanceLogLikelihood({ vae, x, samples: 2 ** 30, chunkSize: 2 ** 30 })).rejects.toThrow(
      /chunkSize = 1073741824/,
    );
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(x);
    vae.dispose();
  });
});
