import { crc32 } from './crc32.ts';
import { ModelDataError, REBUILD_HINT } from './model-data-error.ts';

/**
 * How a table's values are stored: `float32` little-endian IEEE floats; `uint8` one byte each;
 * `bits` one bit each (0 or 1), packed eight to a byte, most significant bit first, zero-padded.
 */
export type TableDtype = 'float32' | 'uint8' | 'bits';
export const TABLE_DTYPES: readonly TableDtype[] = ['float32', 'uint8', 'bits'];

/** A binary file of one row-major table, as the manifest describes it. */
export interface TableFile {
  /** Path under /models/, e.g. 'vae/posteriors.bin'. */
  readonly path: string;
  readonly dtype: TableDtype;
  /** Row-major shape, e.g. [10000, 4]. */
  readonly shape: readonly number[];
  /** Exact file length in bytes. */
  readonly bytes: number;
  /** CRC-32 of the file's bytes (see crc32.ts). */
  readonly crc32: number;
}

/** A decoded table: float32 tables as Float32Array, uint8 and bits tables as Uint8Array (bits: 0 or 1). */
export interface Table<T extends Float32Array | Uint8Array = Float32Array | Uint8Array> {
  readonly values: T;
  readonly shape: readonly number[];
}

function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}

/** Bytes a table of `shape` takes stored as `dtype`. */
export function tableByteLength(dtype: TableDtype, shape: readonly number[]): number {
  const n = elementCount(shape);
  return dtype === 'float32' ? 4 * n : dtype === 'uint8' ? n : Math.ceil(n / 8);
}

/**
 * Stores `values` (row-major, `shape`) as `dtype`; returns the file's bytes and its manifest entry.
 * bits: every value must be 0 or 1; uint8: integers in [0, 255]; float32: finite numbers.
 */
export function encodeTable({
  path,
  dtype,
  shape,
  values,
}: {
  path: string;
  dtype: TableDtype;
  shape: readonly number[];
  values: ArrayLike<number>;
}): { bytes: Uint8Array; file: TableFile } {
  const n = elementCount(shape);
  if (values.length !== n) {
    throw new RangeError(`${path}: ${values.length} values do not fill shape [${shape.join(', ')}] (${n})`);
  }
  const bytes = new Uint8Array(tableByteLength(dtype, shape));
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < n; i++) {
    const value = values[i] as number;
    const ok =
      dtype === 'float32'
        ? Number.isFinite(value)
        : dtype === 'uint8'
          ? Number.isInteger(value) && value >= 0 && value <= 255
          : value === 0 || value === 1;
    if (!ok) throw new RangeError(`${path}: value ${value} at index ${i} cannot be stored as ${dtype}`);
    if (dtype === 'float32') view.setFloat32(4 * i, value, true);
    else if (dtype === 'uint8') bytes[i] = value;
    else if (value === 1) bytes[i >> 3] = (bytes[i >> 3] as number) | (0x80 >> (i & 7));
  }
  return { bytes, file: { path, dtype, shape: [...shape], bytes: bytes.length, crc32: crc32(bytes) } };
}

/**
 * Reads a table file checked against its manifest entry: length, CRC-32, and (float32) finiteness.
 * Throws ModelDataError naming the file and what was wrong.
 */
export function decodeTable(bytes: Uint8Array, file: TableFile, fix: string = REBUILD_HINT): Table {
  if (bytes.length !== file.bytes) {
    throw new ModelDataError(file.path, `has ${bytes.length} bytes, the manifest says ${file.bytes}`, fix);
  }
  const sum = crc32(bytes);
  if (sum !== file.crc32) {
    throw new ModelDataError(
      file.path,
      `is damaged: its CRC-32 is ${sum.toString(16).padStart(8, '0')}, the manifest says ${file.crc32.toString(16).padStart(8, '0')}`,
      fix,
    );
  }
  const n = elementCount(file.shape);
  if (file.dtype === 'uint8') return { values: bytes.slice(), shape: file.shape };
  if (file.dtype === 'bits') {
    const values = new Uint8Array(n);
    for (let i = 0; i < n; i++) values[i] = ((bytes[i >> 3] as number) >> (7 - (i & 7))) & 1;
    return { values, shape: file.shape };
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const value = view.getFloat32(4 * i, true);
    if (!Number.isFinite(value)) {
      throw new ModelDataError(file.path, `value ${value} at index ${i} is not finite`, fix);
    }
    values[i] = value;
  }
  return { values, shape: file.shape };
}
