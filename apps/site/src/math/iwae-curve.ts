import { VizError } from '../viz/viz-error.ts';
import { logSumExp } from './log-sum-exp.ts';

/**
 * The IWAE bound (Burda et al.) L_k = log (1/k) sum_{i<=k} w_i with w_i = p(x, z_i) / q(z_i|x),
 * z_i ~ q: E[L_1] is the ELBO, E[L_k] rises with k toward log p(x). From one pool of N independent
 * log-weights, E[L_k] is estimated by splitting the pool into floor(N / k) disjoint groups of k and
 * averaging their L_k (each group is an independent draw of L_k, so the mean is unbiased).
 */
export interface IwaePoint {
  readonly k: number;
  /** Mean of the groups' L_k (nats). */
  readonly mean: number;
  /** Standard error of that mean (std / sqrt(groups)); null with a single group. */
  readonly standardError: number | null;
  readonly groups: number;
}

export function iwaeCurve(logWeights: ArrayLike<number>, ks: readonly number[]): IwaePoint[] {
  return ks.map((k) => {
    if (!Number.isInteger(k) || k < 1 || k > logWeights.length) {
      throw new VizError(
        `k must be an integer in 1..${logWeights.length} (the pool of samples), got ${String(k)}`,
        k,
      );
    }
    const groups = Math.floor(logWeights.length / k);
    const bounds = new Float64Array(groups);
    for (let g = 0; g < groups; g += 1) bounds[g] = logSumExp(logWeights, g * k, (g + 1) * k) - Math.log(k);
    const mean = bounds.reduce((sum, b) => sum + b, 0) / groups;
    if (groups === 1) return { k, mean, standardError: null, groups };
    const variance = bounds.reduce((sum, b) => sum + (b - mean) ** 2, 0) / (groups - 1);
    return { k, mean, standardError: Math.sqrt(variance / groups), groups };
  });
}
