import { SdkError } from './errors.ts';
import { checkRows } from './limits.ts';
import { assertPositiveInteger, type Matrix } from './matrix.ts';

export type InterpolationMethod = 'linear' | 'spherical';

/**
 * `steps` points from a to b (both ends included), as rows of a [steps, K] matrix. `rowWidth`: the
 * values the caller allocates per point (the decoder's max(K, D)); steps are limited so they fit.
 * linear: (1 - t) a + t b. spherical (slerp, for Gaussian latents whose mass lies near a sphere):
 * sin((1 - t) omega) / sin(omega) a + sin(t omega) / sin(omega) b, omega the angle between a and b;
 * it falls back to linear when a and b are (anti)parallel or one is zero.
 */
export function interpolateLatents(
  a: Float32Array,
  b: Float32Array,
  steps: number,
  method: InterpolationMethod,
  rowWidth = a.length,
): Matrix {
  assertPositiveInteger(steps, 'steps');
  if (steps < 2) throw new SdkError(`steps must be at least 2 (both ends), got ${steps}`, steps);
  checkRows(steps, rowWidth, `steps = ${steps}`, steps);
  if (method !== 'linear' && method !== 'spherical') {
    throw new SdkError(`method must be 'linear' or 'spherical', got ${String(method)}`, method);
  }
  const k = a.length;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let j = 0; j < k; j += 1) {
    dot += (a[j] as number) * (b[j] as number);
    na += (a[j] as number) ** 2;
    nb += (b[j] as number) ** 2;
  }
  const cos = na > 0 && nb > 0 ? Math.min(1, Math.max(-1, dot / Math.sqrt(na * nb))) : 1;
  const omega = Math.acos(cos);
  const slerp = method === 'spherical' && Math.sin(omega) > 1e-6;
  const data = new Float32Array(steps * k);
  for (let i = 0; i < steps; i += 1) {
    const t = i / (steps - 1);
    const wa = slerp ? Math.sin((1 - t) * omega) / Math.sin(omega) : 1 - t;
    const wb = slerp ? Math.sin(t * omega) / Math.sin(omega) : t;
    for (let j = 0; j < k; j += 1) data[i * k + j] = wa * (a[j] as number) + wb * (b[j] as number);
  }
  return { data, rows: steps, columns: k };
}

export interface GridOptions {
  /** The one or two latent dimensions to vary; the others stay 0. Default [0, 1] ([0] when K = 1). */
  readonly dims?: readonly number[];
  /** The values each varied dimension spans, ends included. Default [-2, 2] (about 95% of N(0, 1)). */
  readonly range?: readonly [number, number];
  /** Points per varied dimension. Default 8. */
  readonly steps?: number;
}

/**
 * A latent traversal: for two dims, a steps x steps grid in row-major order, row r (top to bottom)
 * taking dims[1] from range[1] down to range[0] and column c taking dims[0] from range[0] up to
 * range[1], so it draws like a plot with y up. For one dim, `steps` rows. `rowWidth`: the values the
 * caller allocates per point (the decoder's max(K, D)); steps are limited so the grid fits.
 */
export function gridLatents(latentSize: number, options: GridOptions = {}, rowWidth = latentSize): Matrix {
  const { dims = latentSize === 1 ? [0] : [0, 1], range = [-2, 2], steps = 8 } = options;
  assertPositiveInteger(steps, 'grid steps');
  if (dims.length < 1 || dims.length > 2 || new Set(dims).size !== dims.length) {
    throw new SdkError(
      `grid dims must be one or two distinct latent dimensions, got ${JSON.stringify(dims)}`,
      dims,
    );
  }
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0 || d >= latentSize) {
      throw new SdkError(`grid dim ${d} is out of range: the latent has dimensions 0..${latentSize - 1}`, d);
    }
  }
  const [lo, hi] = range;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    throw new SdkError(`grid range must be two finite numbers, got ${JSON.stringify(range)}`, range);
  }
  const at = (i: number): number => (steps === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * i) / (steps - 1));
  const [dx, dy] = dims as [number, number | undefined];
  const rows = dy === undefined ? steps : steps * steps;
  checkRows(rows, rowWidth, `grid steps ${steps} over ${dims.length} dims`, steps);
  const data = new Float32Array(rows * latentSize);
  for (let r = 0; r < rows; r += 1) {
    const row = data.subarray(r * latentSize, (r + 1) * latentSize);
    if (dy === undefined) row[dx] = at(r);
    else {
      row[dx] = at(r % steps);
      row[dy] = at(steps - 1 - Math.floor(r / steps));
    }
  }
  return { data, rows, columns: latentSize };
}
