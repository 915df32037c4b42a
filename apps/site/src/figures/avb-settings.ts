/** Section 11's defaults, shared by the static page (avb.astro) and the live figure (avb-figure.ts). */

/** The seed of the default samples; avb-models draws the static samples with it too. */
export const AVB_DEFAULT_SEED = 1;
/** Samples per input by default (the static figure's count: avb-models --samples). */
export const AVB_DEFAULT_SAMPLES = 300;
export const AVB_SAMPLE_CHOICES: readonly number[] = [100, 300, 1000, 2000];
/** The four inputs, one-hot in R^4, as the reader reads them. */
export const AVB_INPUT_NAMES: readonly string[] = [
  '(1, 0, 0, 0)',
  '(0, 1, 0, 0)',
  '(0, 0, 1, 0)',
  '(0, 0, 0, 1)',
];

/** Input i (0-3) as a one-hot row. */
export function oneHot(i: number): number[] {
  return AVB_INPUT_NAMES.map((_, j) => (j === i ? 1 : 0));
}

/**
 * The SDK seed of input i's samples under the figure's seed: (4 seed + i) mod 2^32, so the four
 * inputs draw independent noise (with one shared eps, the VAE's four clouds would be one cloud moved
 * and stretched) and every figure seed its own four streams.
 */
export function inputSeed(seed: number, i: number): number {
  return (seed * AVB_INPUT_NAMES.length + i) >>> 0;
}
