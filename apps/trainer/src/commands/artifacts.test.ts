import { createVae, resolveConfig } from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { decoderMean, reconstructionRows, sampleImages } from './artifacts.ts';

const config = resolveConfig({ inputSize: 4, imageShape: [2, 2], latentSize: 2, hiddenSizes: [3] });

describe('artifact images', () => {
  it('interleaves originals and reconstructions by grid rows', async () => {
    const vae = createVae({ config, seed: 2 });
    // 3 images of 4 pixels, 2 per grid row: rows [x0 x1], [r0 r1], [x2], [r2]
    const x = Float32Array.from({ length: 12 }, (_, i) => (i % 5) / 4);
    const rows = await reconstructionRows({ vae, x, count: 3, columns: 2 });
    const recon = tf.tidy(() => decoderMean(vae, vae.encode(tf.tensor2d(x, [3, 4])).mu).dataSync());
    expect(Array.from(rows.subarray(0, 8))).toEqual(Array.from(x.subarray(0, 8)));
    expect(Array.from(rows.subarray(8, 16))).toEqual(Array.from(recon.subarray(0, 8)));
    expect(Array.from(rows.subarray(16, 20))).toEqual(Array.from(x.subarray(8, 12)));
    expect(Array.from(rows.subarray(20, 24))).toEqual(Array.from(recon.subarray(8, 12)));
    vae.dispose();
  });

  it('samples the same images for the same seed, seed 0 included, as Bernoulli means in [0, 1]', async () => {
    const vae = createVae({ config, seed: 3 });
    for (const seed of [0, 5]) {
      const a = await sampleImages({ vae, count: 3, seed });
      expect(await sampleImages({ vae, count: 3, seed })).toEqual(a);
      expect(a.every((p) => p >= 0 && p <= 1)).toBe(true);
    }
    expect(await sampleImages({ vae, count: 3, seed: 6 })).not.toEqual(
      await sampleImages({ vae, count: 3, seed: 5 }),
    );
    vae.dispose();
  });
});
