import { ConfigError } from './errors.ts';
import { mulberry32, standardNormal } from './random.ts';

/** Seeded 2-D data sets for the `toy2d` preset: N points as a Float32Array [N * 2] (x0, y0, x1, y1, ...). */

export type ToyDatasetName = 'pinwheel' | 'rings' | 'moons' | 'gaussian-mixture';
export const TOY_DATASETS: readonly ToyDatasetName[] = ['pinwheel', 'rings', 'moons', 'gaussian-mixture'];

export interface ToyDataOptions {
  readonly name: ToyDatasetName;
  /** N >= 1 points. */
  readonly count: number;
  /** Same seed, same points. Default 0. */
  readonly seed?: number;
  /** Standard deviation of the isotropic Gaussian noise added to each point; default 0.05 (finite, >= 0). */
  readonly noise?: number;
}

type Point = [number, number];
type Generator = (uniform: () => number, normal: () => number) => Point;

/** Each generator draws one noiseless point; coordinates lie within about [-2, 2]. */
const GENERATORS: Readonly<Record<ToyDatasetName, Generator>> = {
  // 5 arms: radial offset r ~ N(1, 0.3^2) rotated by angle 2 pi a / 5 + 0.25 r (the spiral), tangential N(0, 0.05^2).
  pinwheel: (uniform, normal) => {
    const arm = Math.floor(uniform() * 5);
    const r = 1 + 0.3 * normal();
    const t = 0.05 * normal();
    const angle = (2 * Math.PI * arm) / 5 + 0.25 * r;
    return [r * Math.cos(angle) - t * Math.sin(angle), r * Math.sin(angle) + t * Math.cos(angle)];
  },
  // Two concentric circles of radius 0.75 and 1.5, equally likely, uniform angle.
  rings: (uniform) => {
    const radius = uniform() < 0.5 ? 0.75 : 1.5;
    const angle = 2 * Math.PI * uniform();
    return [radius * Math.cos(angle), radius * Math.sin(angle)];
  },
  // Two interleaved half circles (as scikit-learn's make_moons), centred on the origin.
  moons: (uniform) => {
    const angle = Math.PI * uniform();
    return uniform() < 0.5
      ? [Math.cos(angle) - 0.5, Math.sin(angle) - 0.25]
      : [0.5 - Math.cos(angle), 0.25 - Math.sin(angle)];
  },
  // 8 equally likely components N(mu_j, 0.1^2 I), mu_j = 1.5 (cos 2 pi j / 8, sin 2 pi j / 8).
  'gaussian-mixture': (uniform, normal) => {
    const angle = (2 * Math.PI * Math.floor(uniform() * 8)) / 8;
    return [1.5 * Math.cos(angle) + 0.1 * normal(), 1.5 * Math.sin(angle) + 0.1 * normal()];
  },
};

/** Throws ConfigError for an unknown name, a count that is not a positive integer, or bad noise. */
export function toyDataset({ name, count, seed = 0, noise = 0.05 }: ToyDataOptions): Float32Array {
  if (!Object.hasOwn(GENERATORS, name)) {
    throw new ConfigError(
      `unknown toy data set '${String(name)}': expected one of ${TOY_DATASETS.join(', ')}`,
    );
  }
  if (!Number.isInteger(count) || count < 1) {
    throw new ConfigError(`count must be an integer >= 1, got ${String(count)}`);
  }
  if (!Number.isFinite(noise) || noise < 0) {
    throw new ConfigError(`noise must be a finite number >= 0, got ${String(noise)}`);
  }
  const uniform = mulberry32(seed);
  const normal = () => standardNormal(uniform);
  const generate = GENERATORS[name];
  const out = new Float32Array(count * 2);
  for (let i = 0; i < count; i++) {
    const [a, b] = generate(uniform, normal);
    out[2 * i] = a + noise * normal();
    out[2 * i + 1] = b + noise * normal();
  }
  return out;
}
