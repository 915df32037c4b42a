/**
 * A dataset in memory, and its construction from an IDX image/label pair.
 * Images are flattened row-major and scaled from bytes to [0, 1]: values [N, D], D = height * width.
 */
import { DataError } from './errors.ts';
import { readIdx } from './idx.ts';

export type Split = 'train' | 'test';

export interface Dataset {
  /** e.g. 'mnist', 'fashion-mnist', 'idx', 'toy:two-moons'. */
  readonly name: string;
  /** N: number of data points. */
  readonly count: number;
  /** D: values per data point. */
  readonly dataSize: number;
  /** [height, width] of one image, or null for non-image data. */
  readonly imageShape: readonly [number, number] | null;
  /** [N, D] row-major; images are in [0, 1]. */
  readonly values: Float32Array;
  /** [N] class labels, or null when the data has none. */
  readonly labels: Uint8Array | null;
}

export interface IdxPairOptions {
  readonly imagesPath: string;
  readonly labelsPath: string;
  readonly name?: string;
  /** Labels must lie in 0..classes-1 (they index colours on the site); default 10 (the digits, the garments). */
  readonly classes?: number;
}

/** Loads images (uint8 [N, H, W]) and labels (uint8 [N]) from IDX files, gzipped or not. */
export async function loadIdxPair({
  imagesPath,
  labelsPath,
  name = 'idx',
  classes = 10,
}: IdxPairOptions): Promise<Dataset> {
  const [images, labels] = await Promise.all([
    readIdx(imagesPath, { dtype: 'uint8', shape: [null, null, null] }),
    readIdx(labelsPath, { dtype: 'uint8', shape: [null] }),
  ]);
  const [count, height, width] = images.shape as [number, number, number];
  if (labels.shape[0] !== count) {
    throw new DataError({
      path: labelsPath,
      value: labels.shape[0],
      problem: `has ${labels.shape[0]} labels but ${imagesPath} has ${count} images`,
      fix: 'pass the labels file of the same split (train with train, t10k with t10k)',
    });
  }
  const classLabels = labels.data as Uint8Array;
  const bad = classLabels.findIndex((label) => label >= classes);
  if (bad >= 0) {
    throw new DataError({
      path: labelsPath,
      value: classLabels[bad],
      problem: `has label ${classLabels[bad]} at index ${bad}, outside 0..${classes - 1}`,
      fix: `expected class labels 0-${classes - 1}: is this a labels file of ${classes} classes (not images, not corrupted)?`,
    });
  }
  const pixels = images.data as Uint8Array;
  const values = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) values[i] = (pixels[i] as number) / 255;
  return {
    name,
    count,
    dataSize: height * width,
    imageShape: [height, width],
    values,
    labels: classLabels,
  };
}
