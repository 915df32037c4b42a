import { SdkError } from './errors.ts';

/** N rows of `columns` float32 values, row-major: `data[i * columns + j]`. */
export interface Matrix {
  readonly data: Float32Array;
  readonly rows: number;
  readonly columns: number;
}

/** A batch as rows (`number[][]`), or flat row-major values (`Float32Array` / `number[]`). */
export type MatrixInput = Float32Array | readonly number[] | readonly (readonly number[])[];

export function assertPositiveInteger(value: unknown, what: string): asserts value is number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new SdkError(`${what} must be a positive integer, got ${String(value)}`, value);
  }
}

function flatten(input: MatrixInput, columns: number, what: string): Float32Array {
  if (input instanceof Float32Array) return input;
  if (!Array.isArray(input)) {
    throw new SdkError(`${what} must be a Float32Array, number[] or number[][], got ${String(input)}`, input);
  }
  if (input.length === 0 || !Array.isArray(input[0])) return Float32Array.from(input as readonly number[]);
  const rows = input as readonly (readonly number[])[];
  const out = new Float32Array(rows.length * columns);
  rows.forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== columns) {
      const length = Array.isArray(row) ? row.length : String(row);
      throw new SdkError(`${what} row ${i} has length ${length}: expected ${columns} values per row`, row);
    }
    out.set(row, i * columns);
  });
  return out;
}

/**
 * Validates a batch of `columns`-wide rows: whole rows, at least one, every value finite.
 * Throws SdkError with the offending shape or value.
 */
export function toMatrix(input: MatrixInput, columns: number, what: string): Matrix {
  const data = flatten(input, columns, what);
  if (data.length === 0 || data.length % columns !== 0) {
    throw new SdkError(
      `${what} has ${data.length} values: expected [N, ${columns}] (a positive multiple of ${columns} values)`,
      input,
    );
  }
  const index = data.findIndex((value) => !Number.isFinite(value));
  if (index >= 0) {
    const row = Math.floor(index / columns);
    throw new SdkError(
      `${what} holds ${data[index]} at row ${row}, column ${index % columns}: expected finite numbers`,
      data[index],
    );
  }
  return { data, rows: data.length / columns, columns };
}
