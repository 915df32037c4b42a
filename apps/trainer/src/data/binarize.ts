/**
 * Binarisation of grey-level images in [0, 1] for a Bernoulli likelihood: x_i ~ Bernoulli(p_i).
 * - dynamic: a fresh draw every time a batch is used (Burda et al.'s "dynamic binarization"); the draw
 *   is keyed by (seed, epoch, step), so a resumed run sees exactly the same bits;
 * - fixed: one draw for the whole set, made once (the same bits every epoch);
 * - threshold: x_i = [p_i > t], deterministic.
 * All take and return flat Float32Arrays of any shape (e.g. [B, D] or [N, D]).
 */
import { mixSeed, mulberry32, type Random } from '@ellipse/core';

/** x_i = 1 if u_i < p_i else 0, u_i ~ U[0, 1) from `random`. */
export function bernoulliSample(probabilities: Float32Array, random: Random): Float32Array {
  const out = new Float32Array(probabilities.length);
  for (let i = 0; i < out.length; i++) out[i] = random() < (probabilities[i] as number) ? 1 : 0;
  return out;
}

/** A fresh Bernoulli draw of one batch, determined by (seed, epoch, step). */
export function binarizeDynamic(
  batch: Float32Array,
  { seed, epoch, step }: { seed: number; epoch: number; step: number },
): Float32Array {
  return bernoulliSample(batch, mulberry32(mixSeed(seed, epoch, step)));
}

/** One Bernoulli draw of the whole set, determined by `seed`. */
export function binarizeFixed(values: Float32Array, { seed }: { seed: number }): Float32Array {
  return bernoulliSample(values, mulberry32(mixSeed(seed, 0x5eed)));
}

/** x_i = 1 if p_i > threshold else 0. */
export function binarizeThreshold(values: Float32Array, { threshold = 0.5 } = {}): Float32Array {
  return values.map((p) => (p > threshold ? 1 : 0));
}
