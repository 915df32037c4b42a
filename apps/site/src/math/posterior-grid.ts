import { VizError } from '../viz/viz-error.ts';
import { bernoulliLogLikelihoods } from './bernoulli-log-likelihood.ts';
import { type DiagonalGaussian, logDiagonalGaussian, logStandardNormal } from './gaussian.ts';
import { logSumExp } from './log-sum-exp.ts';

/**
 * The true posterior of a 2-D latent on a grid: p(z|x) = p(x|z) p(z) / p(x), with
 * p(x) = int p(x|z) p(z) dz by the midpoint rule over a square of cells (the integrand is smooth and
 * decays like a Gaussian, so the rule converges fast once cells are small against its width).
 */
export interface LatentGrid {
  /** Centre (z_1, z_2) of the square. */
  readonly center: readonly [number, number];
  /** The square is center +- halfWidth on both axes. */
  readonly halfWidth: number;
  /** Cells per axis (cells^2 points, one at each cell's midpoint). */
  readonly cells: number;
}

export function checkGrid(grid: LatentGrid): void {
  const { center, halfWidth, cells } = grid;
  if (!(center.every(Number.isFinite) && Number.isFinite(halfWidth) && halfWidth > 0)) {
    throw new VizError(
      `a latent grid needs a finite centre and halfWidth > 0, got centre (${center.join(', ')}) halfWidth ${halfWidth}`,
      grid,
    );
  }
  if (!Number.isInteger(cells) || cells < 2 || cells > 512) {
    throw new VizError(`a latent grid needs 2..512 cells per axis, got ${String(cells)}`, cells);
  }
}

/** Side of one cell in latent units. */
export const cellSide = (grid: LatentGrid): number => (2 * grid.halfWidth) / grid.cells;

/**
 * The midpoints [cells^2, 2] row-major, row i from the top (z_2 decreasing), column j from the left
 * (z_1 increasing): point (i, j) is (c_1 - h + (j + 1/2) s, c_2 + h - (i + 1/2) s), s = cellSide.
 * This is image order, so a grid of values is drawn (and contoured) like a picture.
 */
export function gridPoints(grid: LatentGrid): Float32Array {
  checkGrid(grid);
  const { center, halfWidth, cells } = grid;
  const s = cellSide(grid);
  const out = new Float32Array(cells * cells * 2);
  for (let i = 0; i < cells; i += 1) {
    for (let j = 0; j < cells; j += 1) {
      out[2 * (i * cells + j)] = center[0] - halfWidth + (j + 0.5) * s;
      out[2 * (i * cells + j) + 1] = center[1] + halfWidth - (i + 0.5) * s;
    }
  }
  return out;
}

export interface PosteriorOnGrid {
  readonly grid: LatentGrid;
  /** [cells^2] log p(x|z) + log p(z) at each midpoint. */
  readonly logJoint: Float64Array;
  /** log p(x) = log sum_g exp(logJoint_g) + log(cell area). */
  readonly logEvidence: number;
  /** [cells^2] log p(z|x) = logJoint - log p(x), a density (per unit area). */
  readonly logDensity: Float64Array;
}

/** The posterior on `grid` for binary pixels x [D] from the decoder's means [cells^2, D] at gridPoints(grid). */
export function posteriorOnGrid({
  grid,
  x,
  means,
}: {
  readonly grid: LatentGrid;
  readonly x: ArrayLike<number>;
  readonly means: ArrayLike<number>;
}): PosteriorOnGrid {
  const points = gridPoints(grid);
  const n = grid.cells * grid.cells;
  const logLikelihood = bernoulliLogLikelihoods(x, means);
  if (logLikelihood.length !== n) {
    throw new VizError(
      `a ${grid.cells}x${grid.cells} grid needs ${n} decoded rows, got ${logLikelihood.length}`,
      n,
    );
  }
  const logJoint = logLikelihood.map((ll, g) => ll + logStandardNormal(points, 2 * g, 2));
  const logEvidence = logSumExp(logJoint) + 2 * Math.log(cellSide(grid));
  return { grid, logJoint, logEvidence, logDensity: logJoint.map((v) => v - logEvidence) };
}

/**
 * A square around where the posterior lives: the cells within `tail` nats of its peak on `coarse`
 * (one cell of margin), together with q's mu +- 6 sigma, sized so a cell is at most a third of
 * q's smallest sigma (and of the posterior's extent / 40), with at most `maxCells` per axis.
 */
export function focusGrid(
  coarse: PosteriorOnGrid,
  q: DiagonalGaussian,
  { tail = 12, maxCells = 160, minCells = 48 }: { tail?: number; maxCells?: number; minCells?: number } = {},
): LatentGrid {
  const points = gridPoints(coarse.grid);
  const s = cellSide(coarse.grid);
  const peak = Math.max(...coarse.logDensity);
  const [mu1, mu2] = q.mu as [number, number];
  const [s1, s2] = q.sigma as [number, number];
  let lo1 = mu1 - 6 * s1;
  let hi1 = mu1 + 6 * s1;
  let lo2 = mu2 - 6 * s2;
  let hi2 = mu2 + 6 * s2;
  coarse.logDensity.forEach((value, g) => {
    if (value < peak - tail) return;
    const z1 = points[2 * g] as number;
    const z2 = points[2 * g + 1] as number;
    lo1 = Math.min(lo1, z1 - 1.5 * s);
    hi1 = Math.max(hi1, z1 + 1.5 * s);
    lo2 = Math.min(lo2, z2 - 1.5 * s);
    hi2 = Math.max(hi2, z2 + 1.5 * s);
  });
  const halfWidth = Math.max(hi1 - lo1, hi2 - lo2) / 2;
  const wanted = Math.ceil((2 * halfWidth) / Math.min(s1 / 3, s2 / 3, halfWidth / 20));
  const cells = Math.min(maxCells, Math.max(minCells, wanted));
  return { center: [(lo1 + hi1) / 2, (lo2 + hi2) / 2], halfWidth, cells };
}

/**
 * KL(q || p(z|x)) = int q(z) [log q(z) - log p(z|x)] dz by the same midpoint rule on the posterior's
 * grid; `qMass` = sum_g q(z_g) area is ~1 when the grid covers and resolves q (a check on the number).
 */
export function klToPosterior(
  posterior: PosteriorOnGrid,
  q: DiagonalGaussian,
): { kl: number; qMass: number } {
  const points = gridPoints(posterior.grid);
  const area = cellSide(posterior.grid) ** 2;
  let kl = 0;
  let qMass = 0;
  posterior.logDensity.forEach((logPost, g) => {
    const logQ = logDiagonalGaussian(points, 2 * g, q);
    const mass = Math.exp(logQ) * area;
    qMass += mass;
    if (mass > 0) kl += mass * (logQ - logPost);
  });
  return { kl, qMass };
}

/**
 * Density levels of the highest-density regions holding each of `masses` of the posterior: the level
 * t with sum_{g : p_g >= t} p_g area = mass (cells sorted by density). Contours at these levels
 * enclose 50 %, 90 %, ... of p(z|x).
 */
export function highestDensityLevels(posterior: PosteriorOnGrid, masses: readonly number[]): number[] {
  const area = cellSide(posterior.grid) ** 2;
  const densities = Array.from(posterior.logDensity, Math.exp).sort((a, b) => b - a);
  return masses.map((mass) => {
    if (!(mass > 0 && mass < 1))
      throw new VizError(`a highest-density mass must be in (0, 1), got ${mass}`, mass);
    let cumulative = 0;
    for (const density of densities) {
      cumulative += density * area;
      if (cumulative >= mass) return density;
    }
    return densities.at(-1) as number;
  });
}
