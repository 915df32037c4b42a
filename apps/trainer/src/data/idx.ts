/**
 * Reader of IDX files, the format of MNIST and Fashion-MNIST (https://yann.lecun.com/exdb/mnist/):
 *
 *   bytes 0-1   0x00 0x00
 *   byte  2     dtype: 0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64
 *   byte  3     number of dimensions d
 *   4 .. 4+4d   d dimension sizes, big-endian uint32
 *   then        prod(sizes) values, big-endian, row-major (last dimension fastest)
 *
 * Gzipped files (magic 0x1f 0x8b, e.g. `train-images-idx3-ubyte.gz`) are decompressed transparently.
 * Every problem is a DataError naming the file, the offending value and the fix.
 */
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { DataError } from './errors.ts';

const gunzipAsync = promisify(gunzip);

export type IdxDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/** An IDX array: `data` holds prod(shape) values in row-major order. */
export interface IdxArray {
  readonly dtype: IdxDtype;
  readonly shape: readonly number[];
  readonly data: IdxData;
}

/** What the caller expects; `null` in `shape` accepts any size in that dimension. */
export interface IdxExpectation {
  readonly dtype?: IdxDtype;
  readonly shape?: readonly (number | null)[];
}

const DTYPES: Readonly<Record<number, { dtype: IdxDtype; bytes: number }>> = {
  8: { dtype: 'uint8', bytes: 1 },
  9: { dtype: 'int8', bytes: 1 },
  11: { dtype: 'int16', bytes: 2 },
  12: { dtype: 'int32', bytes: 4 },
  13: { dtype: 'float32', bytes: 4 },
  14: { dtype: 'float64', bytes: 8 },
};

const NOT_IDX_FIX = 'expected an IDX file (e.g. train-images-idx3-ubyte, optionally gzipped): check the path';

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Converts the big-endian payload to a typed array (a view without copying for 1-byte types). */
function decodeValues(payload: Uint8Array, dtype: IdxDtype, count: number): IdxData {
  if (dtype === 'uint8') return payload;
  if (dtype === 'int8') return new Int8Array(payload.buffer, payload.byteOffset, count);
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  switch (dtype) {
    case 'int16':
      return Int16Array.from({ length: count }, (_, i) => view.getInt16(2 * i));
    case 'int32':
      return Int32Array.from({ length: count }, (_, i) => view.getInt32(4 * i));
    case 'float32':
      return Float32Array.from({ length: count }, (_, i) => view.getFloat32(4 * i));
    case 'float64':
      return Float64Array.from({ length: count }, (_, i) => view.getFloat64(8 * i));
  }
}

function checkExpectation(array: IdxArray, expect: IdxExpectation, path: string): void {
  if (expect.dtype !== undefined && array.dtype !== expect.dtype) {
    throw new DataError({
      path,
      value: array.dtype,
      problem: `holds ${array.dtype} values`,
      fix: `expected ${expect.dtype}: is this the right file?`,
    });
  }
  const wanted = expect.shape;
  if (wanted === undefined) return;
  const matches =
    wanted.length === array.shape.length &&
    wanted.every((size, i) => size === null || size === array.shape[i]);
  if (!matches) {
    const pattern = wanted.map((size) => size ?? 'N').join(', ');
    throw new DataError({
      path,
      value: array.shape,
      problem: `has shape [${array.shape.join(', ')}]`,
      fix: `expected [${pattern}]: is this the right file (images vs labels, image size)?`,
    });
  }
}

/** Parses the bytes of an (uncompressed) IDX file; `path` is only used in error messages. */
export function parseIdx(bytes: Uint8Array, path: string, expect: IdxExpectation = {}): IdxArray {
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0) {
    throw new DataError({
      path,
      value: hex(bytes.subarray(0, 4)),
      problem: `starts with bytes [${hex(bytes.subarray(0, 4))}], not the IDX magic 00 00 <dtype> <ndims>`,
      fix: NOT_IDX_FIX,
    });
  }
  const code = bytes[2] as number;
  const type = DTYPES[code];
  if (type === undefined) {
    throw new DataError({
      path,
      value: code,
      problem: `has unknown IDX dtype code 0x${code.toString(16).padStart(2, '0')}`,
      fix: 'expected one of 0x08 (uint8), 0x09, 0x0b, 0x0c, 0x0d, 0x0e: the file is corrupted or not IDX',
    });
  }
  const rank = bytes[3] as number;
  const headerSize = 4 + 4 * rank;
  if (rank === 0 || bytes.length < headerSize) {
    throw new DataError({
      path,
      value: rank,
      problem: `declares ${rank} dimensions but has ${bytes.length} bytes (header needs ${headerSize})`,
      fix: 'the file is truncated or corrupted: reinstall or re-download it',
    });
  }
  const header = new DataView(bytes.buffer, bytes.byteOffset, headerSize);
  const shape = Array.from({ length: rank }, (_, i) => header.getUint32(4 + 4 * i));
  const count = shape.reduce((a, b) => a * b, 1);
  const expectedBytes = headerSize + count * type.bytes;
  if (bytes.length !== expectedBytes) {
    throw new DataError({
      path,
      value: bytes.length,
      problem:
        `has ${bytes.length} bytes, but its header declares shape [${shape.join(', ')}] of ${type.dtype}, ` +
        `which needs ${expectedBytes}`,
      fix: 'the file is truncated or corrupted: reinstall or re-download it',
    });
  }
  const array: IdxArray = {
    dtype: type.dtype,
    shape,
    data: decodeValues(bytes.subarray(headerSize), type.dtype, count),
  };
  checkExpectation(array, expect, path);
  return array;
}

/** Reads an IDX file (gzipped or not) from disk and validates it against `expect`. */
export async function readIdx(path: string, expect: IdxExpectation = {}): Promise<IdxArray> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new DataError({ path, value: code, problem: `cannot be read (${code})`, fix: 'check the path' });
  }
  return decodeIdx(bytes, path, expect);
}

/** Parses the bytes of an IDX file, gunzipping them first if they are gzipped; `path` names it in errors. */
export async function decodeIdx(
  bytes: Uint8Array,
  path: string,
  expect: IdxExpectation = {},
): Promise<IdxArray> {
  return parseIdx(isGzip(bytes) ? await gunzipIdx(bytes, path) : bytes, path, expect);
}

async function gunzipIdx(bytes: Uint8Array, path: string): Promise<Uint8Array> {
  try {
    return await gunzipAsync(bytes);
  } catch (error) {
    throw new DataError({
      path,
      value: (error as Error).message,
      problem: `is gzipped but does not decompress (${(error as Error).message})`,
      fix: 'the file is truncated or corrupted: reinstall or re-download it',
    });
  }
}
