import { regularizerOf } from '../viz/regularizer-terms.ts';
import { VizError } from '../viz/viz-error.ts';
import { bernoulliLogLikelihoods } from './bernoulli-log-likelihood.ts';
import { gaussianRule2d } from './gauss-hermite.ts';
import { type DiagonalGaussian, logDiagonalGaussian, logStandardNormal } from './gaussian.ts';
import { type IwaePoint, iwaeCurve } from './iwae-curve.ts';
import {
  focusGrid,
  gridPoints,
  klToPosterior,
  type LatentGrid,
  type PosteriorOnGrid,
  posteriorOnGrid,
} from './posterior-grid.ts';

/** The decoder as a capability: latent rows z [N, 2] -> Bernoulli means [N, D] (the SDK's `decode`). */
export type DecodeMeans = (z: Float32Array) => Promise<Float32Array>;

export interface EvidenceOptions {
  readonly decode: DecodeMeans;
  /** The digit's binary pixels [D]. */
  readonly x: ArrayLike<number>;
  /** The encoder's q(z|x) for it. */
  readonly q: DiagonalGaussian;
  /** Standard-normal draws [N, 2] (seeded by the caller) for the importance samples z = mu + sigma eps. */
  readonly eps: Float32Array;
  /** The k of the IWAE curve, each <= N. */
  readonly ks: readonly number[];
  /** The first grid, where the posterior is looked for; default [-4, 4]^2 in 48 x 48 cells. */
  readonly searchGrid?: LatentGrid;
  /** Gauss-Hermite nodes per axis for E_q[log p(x|z)]; default 24. */
  readonly hermiteNodes?: number;
  /** At most this many cells per axis on the focused grid (decoded rows grow as its square); default 160. */
  readonly focusCells?: number;
}

/** log p(x) = ELBO + KL(q || p(z|x)): the three numbers, each by its own computation. */
export interface Evidence {
  /** The posterior on the focused grid (its contours are drawn). */
  readonly posterior: PosteriorOnGrid;
  /** log p(x) by quadrature on the focused grid. */
  readonly logEvidence: number;
  /** E_q[log p(x|z)] by Gauss-Hermite quadrature. */
  readonly reconstruction: number;
  /** KL(q || p(z)), analytic. */
  readonly klPrior: number;
  /** ELBO = reconstruction - klPrior. */
  readonly elbo: number;
  /** KL(q || p(z|x)) by quadrature on the focused grid. */
  readonly klPosterior: number;
  /** log p(x) - (ELBO + KL(q || p(z|x))): zero up to quadrature error. */
  readonly identityGap: number;
  /** Mass of q on the focused grid (~1 when the grid resolves q). */
  readonly qMass: number;
  /** E[L_k] for each k, from the N importance samples. */
  readonly iwae: readonly IwaePoint[];
  /** Rows decoded in all. */
  readonly decodedRows: number;
}

/**
 * For one digit: the true posterior on a grid (decoding the grid), log p(x) by quadrature, the ELBO of
 * q, KL(q || p(z|x)), and the IWAE bounds from importance samples of q.
 */
export async function computeEvidence(options: EvidenceOptions): Promise<Evidence> {
  const { decode, x, q, eps, ks, hermiteNodes = 24, focusCells = 160 } = options;
  const searchGrid = options.searchGrid ?? { center: [0, 0], halfWidth: 4, cells: 48 };
  if (q.mu.length !== 2 || q.sigma.length !== 2 || !q.sigma.every((s) => s > 0 && Number.isFinite(s))) {
    throw new VizError(
      `q must be a 2-D Gaussian with positive sigma, got mu (${q.mu.join(', ')}) sigma (${q.sigma.join(', ')})`,
      q,
    );
  }
  if (eps.length === 0 || eps.length % 2 !== 0) {
    throw new VizError(`eps must be [N, 2] standard-normal draws, got ${eps.length} values`, eps.length);
  }
  const search = posteriorOnGrid({ grid: searchGrid, x, means: await decode(gridPoints(searchGrid)) });
  const focused = focusGrid(search, q, { maxCells: focusCells });
  const posterior = posteriorOnGrid({ grid: focused, x, means: await decode(gridPoints(focused)) });

  const rule = gaussianRule2d(q, hermiteNodes);
  const ruleLl = bernoulliLogLikelihoods(x, await decode(rule.points));
  const reconstruction = ruleLl.reduce((sum, ll, j) => sum + (rule.weights[j] as number) * ll, 0);
  const klPrior = regularizerOf('kl', q).total; // KL(q || N(0, I)), analytic
  const elbo = reconstruction - klPrior;
  const { kl: klPosterior, qMass } = klToPosterior(posterior, q);

  // importance samples z_i = mu + sigma eps_i; log w_i = log p(x|z_i) + log p(z_i) - log q(z_i|x)
  const n = eps.length / 2;
  const z = new Float32Array(eps.length);
  for (let i = 0; i < n; i += 1) {
    for (let c = 0; c < 2; c += 1) {
      z[2 * i + c] = (q.mu[c] as number) + (q.sigma[c] as number) * (eps[2 * i + c] as number);
    }
  }
  const sampleLl = bernoulliLogLikelihoods(x, await decode(z));
  const logWeights = sampleLl.map(
    (ll, i) => ll + logStandardNormal(z, 2 * i, 2) - logDiagonalGaussian(z, 2 * i, q),
  );

  return {
    posterior,
    logEvidence: posterior.logEvidence,
    reconstruction,
    klPrior,
    elbo,
    klPosterior,
    identityGap: posterior.logEvidence - (elbo + klPosterior),
    qMass,
    iwae: iwaeCurve(logWeights, ks),
    decodedRows: searchGrid.cells ** 2 + focused.cells ** 2 + hermiteNodes ** 2 + n,
  };
}
