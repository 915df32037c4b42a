import { VizError } from '../viz/viz-error.ts';

/**
 * The decoder gives Bernoulli means p = sigmoid(logits) in float32, where p rounds to exactly 0 or 1
 * once |logit| > ~17 (or underflows). Means are clamped to [2^-24, 1 - 2^-24], float32's resolution next
 * to 1, so a pixel the decoder is sure of to float32 precision costs at most 24 log 2 = 16.6 nats.
 */
export const PROBABILITY_FLOOR = 2 ** -24;

/**
 * log p(x|z_n) = sum_d x_d log p_nd + (1 - x_d) log(1 - p_nd) for binary pixels x [D] and decoded
 * means [N, D] (row-major); returns [N] in float64.
 */
export function bernoulliLogLikelihoods(x: ArrayLike<number>, means: ArrayLike<number>): Float64Array {
  const d = x.length;
  if (d === 0 || means.length % d !== 0) {
    throw new VizError(
      `decoded means (${means.length} values) are not rows of the image's ${d} pixels: decode with the image's model`,
      means.length,
    );
  }
  for (let i = 0; i < d; i += 1) {
    if (x[i] !== 0 && x[i] !== 1) {
      throw new VizError(`pixel ${i} of x is ${String(x[i])}: binarise the image to 0/1 first`, x[i]);
    }
  }
  const rows = means.length / d;
  const out = new Float64Array(rows);
  for (let n = 0; n < rows; n += 1) {
    let sum = 0;
    for (let i = 0; i < d; i += 1) {
      const p = Math.min(1 - PROBABILITY_FLOOR, Math.max(PROBABILITY_FLOOR, means[n * d + i] as number));
      sum += x[i] === 1 ? Math.log(p) : Math.log1p(-p);
    }
    if (Number.isNaN(sum)) {
      throw new VizError(`decoded row ${n} holds NaN: the decoder produced no value there`, n);
    }
    out[n] = sum;
  }
  return out;
}
