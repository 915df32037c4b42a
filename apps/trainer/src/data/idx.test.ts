import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeIdxUint8 } from '../../test/idx-fixture.ts';
import { DataError } from './errors.ts';
import { parseIdx, readIdx } from './idx.ts';
import { bundledMnistDir } from './mnist.ts';

const dir = bundledMnistDir();
const trainLabels = join(dir, 'train-labels-idx1-ubyte');
const testLabels = join(dir, 't10k-labels-idx1-ubyte');
const tmp = mkdtempSync(join(tmpdir(), 'ellipse-idx-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Runs `fn`, expects a DataError, returns it. */
async function dataError(fn: () => unknown): Promise<DataError> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    return error as DataError;
  }
  throw new Error('expected a DataError, nothing was thrown');
}

describe('readIdx on the bundled MNIST files', () => {
  it('reads the training images as uint8 [60000, 28, 28]', async () => {
    const images = await readIdx(join(dir, 'train-images-idx3-ubyte'), {
      dtype: 'uint8',
      shape: [null, 28, 28],
    });
    expect(images.shape).toEqual([60000, 28, 28]);
    expect(images.data.length).toBe(60000 * 784);
    expect(images.data).toBeInstanceOf(Uint8Array);
  });

  it('reads the training labels: first label from the raw bytes, class counts of MNIST', async () => {
    const labels = await readIdx(trainLabels, { dtype: 'uint8', shape: [60000] });
    // Independent oracle: the first label is the byte right after the 8-byte header (00 00 08 01, 60000).
    const raw = readFileSync(trainLabels);
    expect(raw[8]).toBe(5);
    expect(labels.data[0]).toBe(5);
    const counts = new Array<number>(10).fill(0);
    for (const label of labels.data) counts[label] = (counts[label] ?? 0) + 1;
    // The well-known class counts of MNIST's training set.
    expect(counts).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
  });

  it('reads a gzipped copy transparently, whatever its name', async () => {
    const gz = join(tmp, 'labels.gz');
    writeFileSync(gz, gzipSync(readFileSync(testLabels)));
    const plain = await readIdx(testLabels);
    const unzipped = await readIdx(gz);
    expect(unzipped.shape).toEqual([10000]);
    expect(unzipped.data).toEqual(plain.data);
  });
});

describe('readIdx errors name the file, the value and the fix', () => {
  it('a truncated copy', async () => {
    const path = join(tmp, 'truncated-idx1-ubyte');
    writeFileSync(path, readFileSync(testLabels).subarray(0, 5000));
    const error = await dataError(() => readIdx(path));
    expect(error.path).toBe(path);
    expect(error.value).toBe(5000);
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/5000 bytes.*\[10000\] of uint8.*10008.*truncated or corrupted/);
  });

  it('a truncated gzip', async () => {
    const path = join(tmp, 'truncated.gz');
    const gz = gzipSync(readFileSync(testLabels));
    writeFileSync(path, gz.subarray(0, gz.length >> 1));
    const error = await dataError(() => readIdx(path));
    expect(error.message).toMatch(/does not decompress/);
  });

  it('a corrupted magic number', async () => {
    const path = join(tmp, 'corrupted-magic');
    const bytes = Uint8Array.from(readFileSync(testLabels));
    bytes[0] = 0x50;
    writeFileSync(path, bytes);
    const error = await dataError(() => readIdx(path));
    expect(error.value).toBe('50 00 08 01');
    expect(error.message).toMatch(/not the IDX magic.*expected an IDX file/);
  });

  it('an unknown dtype code', async () => {
    const bytes = encodeIdxUint8([2], [1, 2]);
    bytes[2] = 0x0a;
    const error = await dataError(() => parseIdx(bytes, 'x.idx'));
    expect(error.value).toBe(0x0a);
    expect(error.message).toContain('0x0a');
  });

  it('a size mismatch with more bytes than the header declares', async () => {
    const bytes = new Uint8Array([...encodeIdxUint8([2], [1, 2]), 7]);
    const error = await dataError(() => parseIdx(bytes, 'x.idx'));
    expect(error.value).toBe(11);
  });

  it('an unexpected shape or dtype (labels where images were expected)', async () => {
    const error = await dataError(() => readIdx(testLabels, { dtype: 'uint8', shape: [null, 28, 28] }));
    expect(error.value).toEqual([10000]);
    expect(error.message).toMatch(/shape \[10000\].*expected \[N, 28, 28\]/);
    const dtype = await dataError(() => readIdx(testLabels, { dtype: 'float32' }));
    expect(dtype.value).toBe('uint8');
  });

  it('a missing file', async () => {
    const error = await dataError(() => readIdx(join(tmp, 'nope')));
    expect(error.value).toBe('ENOENT');
  });
});

describe('parseIdx decodes big-endian multi-byte types', () => {
  it('int16 and float32', () => {
    const int16 = parseIdx(new Uint8Array([0, 0, 0x0b, 1, 0, 0, 0, 2, 0x01, 0x02, 0xff, 0xfe]), 'a');
    expect(int16.dtype).toBe('int16');
    expect([...int16.data]).toEqual([258, -2]);
    // 1.5 = 0x3fc00000, -2 = 0xc0000000 in IEEE 754 single precision.
    const float32 = parseIdx(
      new Uint8Array([0, 0, 0x0d, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0x3f, 0xc0, 0, 0, 0xc0, 0, 0, 0]),
      'b',
    );
    expect(float32.shape).toEqual([1, 2]);
    expect([...float32.data]).toEqual([1.5, -2]);
  });
});
