import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { presetConfig } from './config.ts';
import { checkBatchAsync } from './elbo.ts';
import { NonFiniteError, ShapeError } from './errors.ts';
import { createVae } from './model.ts';
import { assertFiniteRows, batchTensor, isCheckedOnHost } from './validate.ts';

/** `tensor` with its device read-back replaced by a throw: any check that reads it fails. */
function unreadable<T extends tf.Tensor>(tensor: T): T {
  tensor.data = () => Promise.reject(new Error('read back from the device'));
  tensor.dataSync = () => {
    throw new Error('read back from the device');
  };
  return tensor;
}

describe('checking a batch on the host', () => {
  it('assertFiniteRows names the row and column of the first NaN or Infinity', () => {
    expect(() => assertFiniteRows(Float32Array.of(0, 1, 2, 3, 4, 5), 3, 'x')).not.toThrow();
    expect(() => assertFiniteRows(Float32Array.of(0, 1, 2, 3, Number.NaN, 5), 3, 'x')).toThrow(
      /x contains NaN at row 1, column 1/,
    );
    expect(() => assertFiniteRows(Float32Array.of(Number.NEGATIVE_INFINITY, 0), 2, 'x')).toThrow(
      NonFiniteError,
    );
  });

  it('batchTensor uploads checked values, and refuses a bad batch before making any tensor', async () => {
    const x = batchTensor(Float32Array.of(1, 2, 3, 4, 5, 6), 3, 2);
    expect(x.shape).toEqual([3, 2]);
    expect(Array.from(await x.data())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(isCheckedOnHost(x)).toBe(true);
    x.dispose();
    const before = tf.memory().numTensors;
    expect(() => batchTensor(Float32Array.of(1, Number.NaN), 1, 2)).toThrow(/row 0, column 1/);
    expect(() => batchTensor(Float32Array.of(1, 2, 3), 2, 2)).toThrow(ShapeError);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("the steps' batch check reads back a tensor it cannot vouch for, and skips the read-back for batchTensor", async () => {
    const vae = createVae({ config: presetConfig('toy2d'), seed: 1 });
    const values = Float32Array.of(0.5, -1, 2, 0.25);
    const plain = unreadable(tf.tensor2d(values, [2, 2]));
    await expect(checkBatchAsync(vae, plain)).rejects.toThrow(/read back from the device/);
    const checked = unreadable(batchTensor(values, 2, 2));
    await expect(checkBatchAsync(vae, checked)).resolves.toBeUndefined();
    tf.dispose([plain, checked]);
    vae.dispose();
  });
});
