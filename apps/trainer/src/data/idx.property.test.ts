// Property: the IDX reader, given random headers, truncations and bit flips of real MNIST files, and
// damaged gzip streams, either returns an array whose data fills its shape (and matches what the caller
// expected), or throws a DataError naming the file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ, outcome } from '../../test/fuzz.ts';
import { encodeIdxUint8 } from '../../test/idx-fixture.ts';
import { DataError } from './errors.ts';
import { decodeIdx, type IdxExpectation } from './idx.ts';
import { bundledMnistDir } from './mnist.ts';

const PATH = 'fuzzed-idx3-ubyte';
const real = (name: string) => new Uint8Array(readFileSync(join(bundledMnistDir(), name)));
/** The real t10k labels (10,008 bytes) and the first 100 real t10k images (re-headed, 78,416 bytes). */
const LABELS = real('t10k-labels-idx1-ubyte');
const IMAGES = encodeIdxUint8([100, 28, 28], real('t10k-images-idx3-ubyte').subarray(16, 16 + 100 * 784));
const SOURCES = [
  { bytes: LABELS, expect: { dtype: 'uint8', shape: [null] } },
  { bytes: IMAGES, expect: { dtype: 'uint8', shape: [null, 28, 28] } },
  { bytes: gzipSync(LABELS), expect: { dtype: 'uint8', shape: [null] } },
  { bytes: gzipSync(IMAGES.subarray(0, 16 + 5 * 784)), expect: {} },
] as const satisfies readonly { bytes: Uint8Array; expect: IdxExpectation }[];

/** A damaged copy of a real file: bit flips (mostly in the header), then maybe a truncation. */
const damaged = fc
  .record({
    source: fc.integer({ min: 0, max: SOURCES.length - 1 }),
    flips: fc.array(
      fc.tuple(fc.oneof(fc.integer({ min: 0, max: 31 }), fc.nat()), fc.integer({ min: 0, max: 7 })),
      {
        maxLength: 4,
      },
    ),
    cut: fc.option(fc.nat(), { nil: undefined }),
  })
  .map(({ source, flips, cut }) => {
    const { bytes: original, expect } = SOURCES[source] as (typeof SOURCES)[number];
    const bytes = original.slice();
    for (const [at, bit] of flips)
      bytes[at % bytes.length] = (bytes[at % bytes.length] as number) ^ (1 << bit);
    return {
      bytes: cut === undefined ? bytes : bytes.subarray(0, cut % (bytes.length + 1)),
      expect: expect as IdxExpectation,
    };
  });

/** A random header (any dtype code, rank and sizes) over a payload of random length. */
const randomHeader = fc
  .record({
    magic: fc.oneof(fc.constant([0, 0]), fc.tuple(fc.nat(255), fc.nat(255))),
    code: fc.oneof(fc.constantFrom(8, 9, 11, 12, 13, 14), fc.nat(255)),
    dims: fc.array(fc.oneof(fc.integer({ min: 0, max: 6 }), fc.nat({ max: 2 ** 32 - 1 })), { maxLength: 4 }),
    payload: fc.nat({ max: 400 }),
  })
  .map(({ magic, code, dims, payload }) => {
    const header = new DataView(new ArrayBuffer(4 + 4 * dims.length + payload));
    header.setUint8(0, magic[0] as number);
    header.setUint8(1, magic[1] as number);
    header.setUint8(2, code);
    header.setUint8(3, dims.length);
    for (const [i, size] of dims.entries()) header.setUint32(4 + 4 * i, size);
    return { bytes: new Uint8Array(header.buffer), expect: {} as IdxExpectation };
  });

describe('IDX reader (property)', () => {
  it('an array that fills its shape, or a DataError naming the file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(damaged, randomHeader), async ({ bytes, expect: wanted }) => {
        const result = await outcome(() => decodeIdx(bytes, PATH, wanted));
        if (result instanceof Error) {
          expect(result, `${result.name}: ${result.message}`).toBeInstanceOf(DataError);
          expect(result.message.startsWith(`${PATH}: `)).toBe(true);
          return;
        }
        expect(result.data.length).toBe(result.shape.reduce((a, b) => a * b, 1));
        if (wanted.dtype !== undefined) expect(result.dtype).toBe(wanted.dtype);
        wanted.shape?.forEach((size, i) => {
          if (size !== null) expect(result.shape[i]).toBe(size);
        });
      }),
      FUZZ,
    );
  });
});
