// @vitest-environment node
// The MNIST subset section 9 trains on: built from the real bundled IDX files, read back through the
// site's checked loader; the shipped copy is what the command writes; damaged copies are refused.
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMnist } from 'trainer/mnist';
import { beforeAll, describe, expect, it } from 'vitest';
import { fetchFromDirectory } from '../src/data/fetch-from-directory.ts';
import { type MnistSubset, openMnistSubset, parseMnistSubset } from '../src/data/mnist-subset.ts';
import { ModelDataError } from '../src/data/model-data-error.ts';
import { buildMnistSubset } from './mnist-subset-build.ts';

const SHIPPED = fileURLToPath(new URL('../public/models/', import.meta.url));

describe('buildMnistSubset', () => {
  let root: string;
  let subset: MnistSubset;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'mnist-subset-'));
    await buildMnistSubset({ count: 50, seed: 1, out: join(root, 'mnist-subset'), command: 'test' });
    subset = await openMnistSubset({ fetchBytes: fetchFromDirectory(root) });
  });

  it("holds the first images of MNIST's training set, binarised: ink where the grey level is 1, none where 0", async () => {
    const mnist = await loadMnist({ split: 'train' });
    expect(subset.manifest.data.count).toBe(50);
    expect(Array.from(subset.labels)).toEqual(Array.from((mnist.labels as Uint8Array).subarray(0, 50)));
    let ones = 0;
    let grey = 0;
    for (let i = 0; i < 50 * 784; i++) {
      const p = mnist.values[i] as number;
      const bit = subset.images[i] as number;
      if (p === 0) expect(bit).toBe(0);
      if (p === 1) expect(bit).toBe(1);
      ones += bit;
      grey += p;
    }
    // E[bits] = sum of p; the draw's sd is below sqrt(sum p(1-p)) <= sqrt(N * 784) / 2 = 99: allow 4 sd.
    expect(Math.abs(ones - grey)).toBeLessThan(400);
  });

  it('names a count beyond the training set', async () => {
    await expect(
      buildMnistSubset({ count: 60001, seed: 1, out: join(root, 'x'), command: 'test' }),
    ).rejects.toThrow('--count must be an integer from 1 to 60000, got 60001');
  });

  it('the shipped subset is byte for byte what its recorded command writes', async () => {
    const shipped = await openMnistSubset({ fetchBytes: fetchFromDirectory(SHIPPED) });
    const { count } = shipped.manifest.data;
    const seed = Number(/seed (\d+)$/.exec(shipped.manifest.data.binarization)?.[1]);
    const again = join(root, 'again');
    await buildMnistSubset({ count, seed, out: join(again, 'mnist-subset'), command: 'test' });
    const rebuilt = await openMnistSubset({ fetchBytes: fetchFromDirectory(again) });
    expect(rebuilt.manifest.data).toEqual(shipped.manifest.data);
  });

  it('refuses a damaged table or a manifest of another layout, naming the file and the command to rebuild', async () => {
    const path = join(root, 'mnist-subset', 'train-digits.bin');
    const bytes = await readFile(path);
    bytes[100] = (bytes[100] as number) ^ 1;
    await writeFile(path, bytes);
    await expect(openMnistSubset({ fetchBytes: fetchFromDirectory(root) })).rejects.toThrow(
      /mnist-subset\/train-digits\.bin: is damaged: its CRC-32 is .*; rebuild it with 'pnpm --filter site mnist-subset'/,
    );
    const manifest = JSON.parse(await readFile(join(root, 'mnist-subset', 'subset.json'), 'utf8'));
    expect(() => parseMnistSubset({ ...manifest, version: 2 })).toThrow(ModelDataError);
    const short = { ...manifest, data: { ...manifest.data, count: 51 } };
    expect(() => parseMnistSubset(short)).toThrow("'data.labels.shape' is [50]: expected uint8 [51]");
  });
});
