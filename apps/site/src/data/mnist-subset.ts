/**
 * `/models/mnist-subset/`: the MNIST training images that section 9 trains on live, written by
 * `pnpm --filter site mnist-subset` (scripts/mnist-subset.ts). `subset.json` describes two tables in
 * the layout of manifest.json's test set (parseImageSet): the labels, uint8 [N], and the images, bits
 * [N, 784] (0 or 1, binarised once). Read only through openMnistSubset, which checks every byte.
 */
import { checker, parseImageSet, type SiteTestData } from './manifest.ts';
import type { FetchBytes } from './model-data.ts';
import { parseJsonFile } from './model-data-error.ts';
import { decodeTable } from './table-file.ts';

export const MNIST_SUBSET_VERSION = 1;
/** The subset's files, relative to /models/. */
export const MNIST_SUBSET_DIRECTORY = 'mnist-subset';
export const MNIST_SUBSET_MANIFEST = `${MNIST_SUBSET_DIRECTORY}/subset.json`;
const REBUILD = "rebuild it with 'pnpm --filter site mnist-subset'";

export interface MnistSubsetManifest {
  readonly version: number;
  /** The command that wrote the subset. */
  readonly command: string;
  readonly createdAt: string;
  /** Which images of which file, e.g. "the first 3000 images of MNIST's training set (train-images-idx3-ubyte)". */
  readonly source: string;
  /** The images: every one of the `count` has its bits (digits.shape[0] === count). */
  readonly data: SiteTestData;
}

/** Validates subset.json field by field; throws ModelDataError naming the field and its value. */
export function parseMnistSubset(raw: unknown): MnistSubsetManifest {
  const c = checker(MNIST_SUBSET_MANIFEST);
  const o = c.object(raw, '(top level)');
  if (o.version !== MNIST_SUBSET_VERSION) {
    c.fail('version', o.version, `${MNIST_SUBSET_VERSION}, the layout this site reads`);
  }
  const data = parseImageSet(c, o.data, 'data');
  if (data.digits.shape[0] !== data.count)
    c.fail('data.digits.shape', data.digits.shape, `bits [${data.count}, ${data.digits.shape[1]}]`);
  return {
    version: MNIST_SUBSET_VERSION,
    command: c.string(o.command, 'command'),
    createdAt: c.string(o.createdAt, 'createdAt'),
    source: c.string(o.source, 'source'),
    data,
  };
}

export interface MnistSubset {
  readonly manifest: MnistSubsetManifest;
  /** 0/1 [N * 784], row-major 28x28 images. */
  readonly images: Uint8Array;
  /** uint8 [N]: the digit of each image. */
  readonly labels: Uint8Array;
}

/** Fetches subset.json and both tables through `fetchBytes` (over /models/), each checked (length, CRC-32). */
export async function openMnistSubset({ fetchBytes }: { fetchBytes: FetchBytes }): Promise<MnistSubset> {
  const raw = parseJsonFile(await fetchBytes(MNIST_SUBSET_MANIFEST), MNIST_SUBSET_MANIFEST, REBUILD);
  const manifest = parseMnistSubset(raw);
  const [images, labels] = await Promise.all(
    [manifest.data.digits, manifest.data.labels].map(
      async (file) => decodeTable(await fetchBytes(file.path), file, REBUILD).values as Uint8Array,
    ),
  );
  return { manifest, images: images as Uint8Array, labels: labels as Uint8Array };
}
