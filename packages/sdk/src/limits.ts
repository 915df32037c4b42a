import { SizeLimitError } from './errors.ts';

/**
 * The most float32 values one call may allocate for an input or output: 2^28 = 1 GiB. A browser tab
 * cannot count on more in one ArrayBuffer; past it a call would end in a raw
 * `RangeError: Array buffer allocation failed`. The largest n, steps or rows a model accepts follow from
 * it: floor(2^28 / max(K, D)) rows (342392 for a 784-pixel decoder).
 */
export const MAX_CALL_VALUES = 2 ** 28;

/** The most rows of `width` values a call may make: floor(MAX_CALL_VALUES / width). */
export function maxRows(width: number): number {
  return Math.floor(MAX_CALL_VALUES / width);
}

/**
 * Throws SizeLimitError, before anything is allocated, when `rows` rows of `width` float32 values pass
 * MAX_CALL_VALUES. `what` says what made the rows ('n = 1000000000', 'grid steps 100000: 10^10 points').
 */
export function checkRows(rows: number, width: number, what: string, value: unknown): void {
  if (rows > maxRows(width)) {
    throw new SizeLimitError(
      `${what} makes ${rows} rows of ${width} float32 values, over the limit of ${MAX_CALL_VALUES} values ` +
        `(1 GiB) per call: at most ${maxRows(width)} rows for this model; split the work into several calls`,
      value,
      maxRows(width),
    );
  }
}
