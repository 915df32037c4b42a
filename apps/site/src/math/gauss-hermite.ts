import { VizError } from '../viz/viz-error.ts';
import type { DiagonalGaussian } from './gaussian.ts';

/**
 * Gauss-Hermite quadrature: int e^{-t^2} f(t) dt ~= sum_i w_i f(t_i), exact for polynomials of degree
 * < 2n. Nodes are the roots of the Hermite polynomial H_n, found by Newton's method on the normalised
 * recurrence (Numerical Recipes, `gauher`); w_i = 2 / H'_n(t_i)^2 in that normalisation.
 */
export interface GaussHermiteRule {
  readonly nodes: Float64Array;
  readonly weights: Float64Array;
}

const PI_TO_MINUS_QUARTER = Math.PI ** -0.25;

export function gaussHermite(n: number): GaussHermiteRule {
  if (!Number.isInteger(n) || n < 1 || n > 100) {
    throw new VizError(`Gauss-Hermite needs 1..100 nodes, got ${String(n)}`, n);
  }
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  let z = 0;
  for (let i = 0; i < Math.floor((n + 1) / 2); i += 1) {
    // initial guesses for the i-th largest root (Numerical Recipes)
    if (i === 0) z = Math.sqrt(2 * n + 1) - 1.85575 * (2 * n + 1) ** -0.16667;
    else if (i === 1) z -= (1.14 * n ** 0.426) / z;
    else if (i === 2) z = 1.86 * z - 0.86 * (nodes[0] as number);
    else if (i === 3) z = 1.91 * z - 0.91 * (nodes[1] as number);
    else z = 2 * z - (nodes[i - 2] as number);
    let derivative = 1;
    for (let iteration = 0; iteration < 100; iteration += 1) {
      let p1 = PI_TO_MINUS_QUARTER; // normalised H_0
      let p2 = 0;
      for (let j = 1; j <= n; j += 1) {
        const p3 = p2;
        p2 = p1;
        p1 = z * Math.sqrt(2 / j) * p2 - Math.sqrt((j - 1) / j) * p3; // normalised H_j(z)
      }
      derivative = Math.sqrt(2 * n) * p2;
      const step = p1 / derivative;
      z -= step;
      if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(z))) break;
    }
    nodes[i] = z;
    nodes[n - 1 - i] = -z;
    weights[i] = 2 / (derivative * derivative);
    weights[n - 1 - i] = weights[i] as number;
  }
  return { nodes, weights };
}

/** The points and weights of E_q[f(z)] ~= sum_j weight_j f(point_j) for a 2-D q = N(mu, diag sigma^2). */
export interface GaussianRule2d {
  /** [n * n, 2] row-major: z = mu + sqrt(2) sigma t, over the tensor product of the nodes. */
  readonly points: Float32Array;
  /** [n * n]: w_a w_b / pi, summing to 1. */
  readonly weights: Float64Array;
}

export function gaussianRule2d(q: DiagonalGaussian, n: number): GaussianRule2d {
  const { nodes, weights } = gaussHermite(n);
  const [mu1, mu2] = q.mu as [number, number];
  const [s1, s2] = q.sigma as [number, number];
  const points = new Float32Array(n * n * 2);
  const out = new Float64Array(n * n);
  for (let a = 0; a < n; a += 1) {
    for (let b = 0; b < n; b += 1) {
      const j = a * n + b;
      points[2 * j] = mu1 + Math.SQRT2 * s1 * (nodes[a] as number);
      points[2 * j + 1] = mu2 + Math.SQRT2 * s2 * (nodes[b] as number);
      out[j] = ((weights[a] as number) * (weights[b] as number)) / Math.PI;
    }
  }
  return { points, weights: out };
}
