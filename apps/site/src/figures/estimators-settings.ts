/** The estimator lab's settings, apart from its computation so the page can read them before tfjs loads. */

/** Estimates per estimator: a standard error of 1/sqrt(200) ~ 7% of each standard deviation. */
export const DRAWS = 200;
/** L, samples of z per estimate: >= 2, since the score function's baseline leaves one sample out. */
export const SAMPLE_CHOICES = ['2', '4', '8', '16', '32', '64'] as const;
export type SampleChoice = (typeof SAMPLE_CHOICES)[number];
export const DEFAULT_SAMPLES: SampleChoice = '8';
export const DEFAULT_SEED = 1;

export const isSampleChoice = (value: string): value is SampleChoice =>
  (SAMPLE_CHOICES as readonly string[]).includes(value);
