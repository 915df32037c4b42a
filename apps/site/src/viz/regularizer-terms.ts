/**
 * The two regularisers of section 4 as plain numbers, per latent dimension and summed over the two
 * dimensions of a posterior q(z|x) = N(mu, diag sigma^2):
 *
 *   KL(q || N(0, I))   = sum_k 1/2 (mu_k^2 + sigma_k^2 - log sigma_k^2 - 1)
 *   geometric          = ||mu||^2 + ||sigma - 1||^2 = sum_k mu_k^2 + (sigma_k - 1)^2
 *
 * Both are 0 exactly at the unit circle (mu = 0, sigma = 1) and grow away from it; the KL grows
 * without bound as sigma -> 0 (-log sigma^2), the geometric one only to 1 + mu^2 per dimension.
 * These are the formulas @ellipse/core trains with (klToStandardNormal, geometricRegularizer); the
 * test checks that they agree. Scalars, not tensors: a read-out or a contour grid needs no tfjs.
 */
import { VizError } from './viz-error.ts';

export type RegularizerName = 'kl' | 'geometric';

/** One dimension's KL term 1/2 (mu^2 + sigma^2 - log sigma^2 - 1), sigma > 0. */
export function klTerm(mu: number, sigma: number): number {
  return 0.5 * (mu * mu + sigma * sigma - 2 * Math.log(sigma) - 1);
}

/** One dimension's geometric term mu^2 + (sigma - 1)^2. */
export function geometricTerm(mu: number, sigma: number): number {
  return mu * mu + (sigma - 1) * (sigma - 1);
}

export const REGULARIZER_TERMS: Readonly<Record<RegularizerName, (mu: number, sigma: number) => number>> = {
  kl: klTerm,
  geometric: geometricTerm,
};

/** A posterior's regulariser: the per-dimension terms [K] and their sum. */
export interface RegularizerValue {
  readonly terms: readonly number[];
  readonly total: number;
}

/** The regulariser `name` of N(mu, diag sigma^2); throws VizError on mismatched or invalid mu / sigma. */
export function regularizerOf(
  name: RegularizerName,
  posterior: { readonly mu: readonly number[]; readonly sigma: readonly number[] },
): RegularizerValue {
  const { mu, sigma } = posterior;
  if (mu.length !== sigma.length || mu.length === 0) {
    throw new VizError(
      `mu has ${mu.length} values and sigma ${sigma.length}: give one sigma per mu (K >= 1)`,
      posterior,
    );
  }
  const terms = mu.map((m, k) => {
    const s = sigma[k] as number;
    if (!(Number.isFinite(m) && Number.isFinite(s) && s > 0)) {
      throw new VizError(`dimension ${k} has mu ${m} and sigma ${s}: mu must be finite and sigma > 0`, [
        m,
        s,
      ]);
    }
    return REGULARIZER_TERMS[name](m, s);
  });
  return { terms, total: terms.reduce((a, b) => a + b, 0) };
}
