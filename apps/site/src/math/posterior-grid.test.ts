import { describe, expect, it } from 'vitest';
import { VizError } from '../viz/viz-error.ts';
import {
  cellSide,
  focusGrid,
  gridPoints,
  highestDensityLevels,
  klToPosterior,
  type LatentGrid,
  posteriorOnGrid,
} from './posterior-grid.ts';

const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));

/** A one-pixel "decoder": p(x = 1 | z) = sigmoid(a . z + b) at each grid point. */
function logisticMeans(grid: LatentGrid, a: readonly [number, number], b: number): Float32Array {
  const points = gridPoints(grid);
  return Float32Array.from({ length: points.length / 2 }, (_, g) =>
    sigmoid(a[0] * (points[2 * g] as number) + a[1] * (points[2 * g + 1] as number) + b),
  );
}

/** Independent oracle: E_t[sigmoid(t + b)], t ~ N(0, s^2), by Simpson's rule on [-12 s, 12 s]. */
function logisticNormalMean(s: number, b: number): number {
  const n = 20_000;
  const h = (24 * s) / n;
  let sum = 0;
  for (let i = 0; i <= n; i += 1) {
    const t = -12 * s + i * h;
    const f = sigmoid(t + b) * Math.exp((-0.5 * t * t) / (s * s));
    sum += f * (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2);
  }
  return (sum * h) / 3 / (s * Math.sqrt(2 * Math.PI));
}

const wide: LatentGrid = { center: [0, 0], halfWidth: 7, cells: 140 };

describe('gridPoints', () => {
  it('puts midpoints in image order: row 0 at the top (largest z2), column 0 at the left', () => {
    const points = gridPoints({ center: [1, -1], halfWidth: 1, cells: 2 });
    expect(Array.from(points)).toEqual([0.5, -0.5, 1.5, -0.5, 0.5, -1.5, 1.5, -1.5]);
    expect(cellSide({ center: [0, 0], halfWidth: 1, cells: 4 })).toBe(0.5);
  });

  it('names a bad grid', () => {
    expect(() => gridPoints({ center: [0, 0], halfWidth: -1, cells: 4 })).toThrow(VizError);
    expect(() => gridPoints({ center: [0, 0], halfWidth: 1, cells: 1.5 })).toThrow(/2..512 cells/);
  });
});

describe('posteriorOnGrid', () => {
  it('log p(x) = log 1/2 exactly for p(x = 1 | z) = sigmoid(a . z) (odd around 0)', () => {
    const posterior = posteriorOnGrid({ grid: wide, x: [1], means: logisticMeans(wide, [1.5, -0.5], 0) });
    expect(posterior.logEvidence).toBeCloseTo(Math.log(0.5), 6);
  });

  it('matches a 1-D Simpson integral of the same model with an offset b = 1, and normalises', () => {
    const a = [1.5, -0.5] as const;
    const posterior = posteriorOnGrid({ grid: wide, x: [0], means: logisticMeans(wide, a, 1) });
    const oracle = Math.log(1 - logisticNormalMean(Math.hypot(...a), 1));
    expect(posterior.logEvidence).toBeCloseTo(oracle, 6);
    const area = cellSide(wide) ** 2;
    const total = posterior.logDensity.reduce((s, v) => s + Math.exp(v) * area, 0);
    expect(total).toBeCloseTo(1, 10);
  });
});

describe('highestDensityLevels', () => {
  it('finds the level of the circle holding half of N(0, I): density (1/2) / (2 pi)', () => {
    // a constant decoder (p = 1/2) leaves the posterior equal to the prior N(0, I)
    const grid: LatentGrid = { center: [0, 0], halfWidth: 6, cells: 300 };
    const posterior = posteriorOnGrid({ grid, x: [1], means: new Float32Array(300 * 300).fill(0.5) });
    const [half, most] = highestDensityLevels(posterior, [0.5, 0.9]);
    expect(half).toBeCloseTo(0.5 / (2 * Math.PI), 3);
    expect(most).toBeCloseTo(0.1 / (2 * Math.PI), 3); // 1 - exp(-r^2 / 2) = 0.9
    expect(() => highestDensityLevels(posterior, [1])).toThrow(VizError);
  }, 30_000); // a 200-300 cell grid in plain JS, on a shared machine
});

describe('klToPosterior and focusGrid', () => {
  it('KL(q || p(z|x)) is 0 when q is the posterior (prior = posterior), and positive otherwise', () => {
    const grid: LatentGrid = { center: [0, 0], halfWidth: 7, cells: 200 };
    const posterior = posteriorOnGrid({ grid, x: [1], means: new Float32Array(200 * 200).fill(0.5) });
    const same = klToPosterior(posterior, { mu: [0, 0], sigma: [1, 1] });
    expect(same.kl).toBeCloseTo(0, 8);
    expect(same.qMass).toBeCloseTo(1, 8);
    // KL(N(mu, s^2) || N(0, 1)) per axis = 1/2 (mu^2 + s^2 - log s^2 - 1), the closed form
    const other = klToPosterior(posterior, { mu: [1, 0], sigma: [0.5, 1] });
    expect(other.kl).toBeCloseTo(0.5 * (1 + 0.25 - Math.log(0.25) - 1), 6);
  }, 30_000); // a 200-300 cell grid in plain JS, on a shared machine

  it('focuses on the posterior and q: the box holds both, cells resolve q', () => {
    const coarse = posteriorOnGrid({ grid: wide, x: [1], means: logisticMeans(wide, [6, 0], -12) });
    const q = { mu: [2.3, 0], sigma: [0.2, 0.9] };
    const focus = focusGrid(coarse, q);
    const [c1, c2] = focus.center;
    expect(c1 - focus.halfWidth).toBeLessThanOrEqual(2.3 - 6 * 0.2);
    expect(c2 + focus.halfWidth).toBeGreaterThanOrEqual(6 * 0.9);
    // a ridge along z2: the box is wide, so the cells stop at the cap of 160 per axis
    expect(focus.cells).toBe(160);
    const compact = focusGrid(coarse, { mu: [2.3, 0], sigma: [0.2, 0.9] }, { maxCells: 400 });
    expect(cellSide(compact)).toBeLessThanOrEqual(0.2 / 3 + 1e-12);
  });
});
