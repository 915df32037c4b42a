import { MAX_TENSOR_VALUES, PRESETS, widestLayer } from '@ellipse/core';

/**
 * The largest value of every size a user passes to the trainer, checked when the options are parsed,
 * before anything is allocated, and listed by `--help`. Each is derived from core's per-tensor budget
 * MAX_TENSOR_VALUES (2^28 float32 values, 1 GiB) and rounded down to a power of two.
 */

/** The largest power of two <= value. */
function powerOfTwoBelow(value: number): number {
  return 2 ** Math.floor(Math.log2(value));
}

/** The widest activation of any preset: 784 (28 x 28 pixels). */
const WIDEST_PRESET = Math.max(...Object.values(PRESETS).map(widestLayer));
/** The widest hidden layer of any preset: 500 (mnist2d). */
const WIDEST_HIDDEN = Math.max(...Object.values(PRESETS).flatMap((config) => config.hiddenSizes));

/**
 * Rows of a [rows, 784] tensor that fit the budget: 2^28 / 784 = 342392 -> 2^18 = 262144. Bounds the
 * batch, the samples L per example (the decoder sees batch * L rows), the test images evaluated and the
 * images `sample` decodes.
 */
export const MAX_ROWS = powerOfTwoBelow(MAX_TENSOR_VALUES / WIDEST_PRESET);

/**
 * K: each latent unit adds three columns of WIDEST_HIDDEN weights (the mu and log sigma^2 heads, the
 * decoder's first layer), each kept three times (the weight and Adam's two moments): 2^28 / (9 * 500)
 * = 59652 -> 2^15 = 32768, so the model and its optimiser stay within 1 GiB.
 */
export const MAX_LATENT_SIZE = powerOfTwoBelow(MAX_TENSOR_VALUES / (9 * WIDEST_HIDDEN));

/**
 * k: importance samples are drawn in chunks of 100, so memory does not grow with k; time does
 * (k = 5000 on 500 images takes about 2 minutes on wasm). 2^20 is 210 times the usual 5000.
 */
export const MAX_IMPORTANCE_SAMPLES = 2 ** 20;

/** Seeds are mixed as unsigned 32-bit integers: a larger one would alias a smaller one silently. */
export const MAX_SEED = 2 ** 32 - 1;
