/**
 * Summary statistics of many gradient estimates, for the estimator lab's read-outs: the sample mean,
 * the unbiased sample variance s^2 = sum (g_i - mean)^2 / (n - 1), the standard error of the mean
 * sqrt(s^2 / n), and whether two means agree within their combined standard error.
 */
import { VizError } from './viz-error.ts';

export interface EstimateSummary {
  readonly count: number;
  readonly mean: number;
  /** Unbiased sample variance (divides by n - 1). */
  readonly variance: number;
  /** Standard error of the mean: sqrt(variance / count). */
  readonly standardError: number;
}

export function summarise(values: ArrayLike<number>): EstimateSummary {
  const count = values.length;
  if (count < 2) throw new VizError(`a variance needs at least 2 estimates, got ${count}`, count);
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const value = values[i] as number;
    if (!Number.isFinite(value)) {
      throw new VizError(
        `estimate ${i} is not finite (${value}): the model diverged, try another seed`,
        value,
      );
    }
    sum += value;
  }
  const mean = sum / count;
  let squares = 0;
  for (let i = 0; i < count; i++) squares += ((values[i] as number) - mean) ** 2;
  const variance = squares / (count - 1);
  return { count, mean, variance, standardError: Math.sqrt(variance / count) };
}

export interface MeanComparison {
  readonly difference: number;
  /** sqrt(se_a^2 + se_b^2): the standard error of the difference of two independent means. */
  readonly standardError: number;
  /** |difference| / standardError. */
  readonly zScore: number;
  /** |difference| <= within * standardError. */
  readonly agree: boolean;
}

/** Compares two independent means; they agree when they differ by at most `within` (default 2) standard errors. */
export function compareMeans(a: EstimateSummary, b: EstimateSummary, within = 2): MeanComparison {
  const difference = a.mean - b.mean;
  const standardError = Math.hypot(a.standardError, b.standardError);
  const zScore = Math.abs(difference) / standardError;
  return { difference, standardError, zScore, agree: zScore <= within };
}
