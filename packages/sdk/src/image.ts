import { SdkError } from './errors.ts';
import type { Matrix } from './matrix.ts';

/** [height, width, channels] of one image; channels 1 (grey), 3 (RGB) or 4 (RGBA). */
export type ImageShape = readonly [number, number, number];

export interface RgbaOptions {
  /** Value mapped to 0 and to 255 (clamped outside). Default [0, 1]: Bernoulli means, or data scaled to [0, 1]. */
  readonly range?: readonly [number, number];
}

/**
 * Row `index` of a decoded batch as RGBA bytes (height * width * 4), ready for `ImageData`.
 * Grey images are copied into R, G and B; alpha is 255 unless the image has 4 channels.
 */
export function toRgba(
  batch: Matrix,
  index: number,
  shape: ImageShape,
  options: RgbaOptions = {},
): Uint8ClampedArray {
  const [height, width, channels] = shape;
  if (height * width * channels !== batch.columns) {
    throw new SdkError(
      `image shape ${JSON.stringify(shape)} does not hold the ${batch.columns} values of a row`,
      shape,
    );
  }
  if (!Number.isInteger(index) || index < 0 || index >= batch.rows) {
    throw new SdkError(`row ${index} is out of range: the batch has rows 0..${batch.rows - 1}`, index);
  }
  if (channels !== 1 && channels !== 3 && channels !== 4) {
    throw new SdkError(`images need 1, 3 or 4 channels, got ${channels}`, channels);
  }
  const [lo, hi] = options.range ?? [0, 1];
  const scale = 255 / (hi - lo);
  const pixels = height * width;
  const out = new Uint8ClampedArray(pixels * 4);
  const offset = index * batch.columns;
  for (let p = 0; p < pixels; p += 1) {
    for (let c = 0; c < 4; c += 1) {
      const source = channels === 1 ? (c < 3 ? 0 : -1) : c < channels ? c : -1;
      const value = source < 0 ? hi : (batch.data[offset + p * channels + source] as number);
      out[p * 4 + c] = Math.round((value - lo) * scale); // Uint8ClampedArray clamps to [0, 255]
    }
  }
  return out;
}

/** Row `index` as an `ImageData` (browsers, workers): `ctx.putImageData(toImageData(...), x, y)`. */
export function toImageData(
  batch: Matrix,
  index: number,
  shape: ImageShape,
  options: RgbaOptions = {},
): ImageData {
  if (typeof ImageData !== 'function') {
    throw new SdkError('ImageData is not defined in this runtime (Node?): use toRgba instead', undefined);
  }
  return new ImageData(
    toRgba(batch, index, shape, options) as Uint8ClampedArray<ArrayBuffer>,
    shape[1],
    shape[0],
  );
}
