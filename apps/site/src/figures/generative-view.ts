/**
 * Section 5's drawings, shared by the build (static SVG, jsdom) and the page: the latent plane with
 * the means of the shipped test digits, where the reader picks z to decode; and the regions the
 * figure decodes as wholes (the latent grid).
 */
import type { LatentGrid } from '../math/posterior-grid.ts';
import { type LatentPlane, renderCodesPlane } from '../viz/latent-plane.ts';
import { posteriorMeans } from '../viz/posterior-tables.ts';

/** The plane shows [-3, 3]^2: the prior's mass (99.9 % of N(0, I) has |z_i| < 3.3). */
export const GENERATIVE_EXTENT = 3;

/** The latent grid: 10 x 10 midpoints over [-2.5, 2.5]^2, decoded and tiled in the same layout. */
export const LATENT_GRID: LatentGrid = { center: [0, 0], halfWidth: 2.5, cells: 10 };

/** Samples from the prior shown at once. */
export const PRIOR_SAMPLES = 16;

/** Points on an interpolation path (ends included). */
export const INTERPOLATION_STEPS = 10;

export interface GenerativeViewData {
  /** uint8 [10000]: test labels. */
  readonly labels: ArrayLike<number>;
  /** float32 [10000 * 4]: the VAE's posteriors. */
  readonly posteriors: Float32Array;
  /** How many of the first test digits to show as means (the 1000 the site ships). */
  readonly count: number;
  readonly title: string;
}

export function renderGenerativePlane(
  document: Document,
  data: GenerativeViewData,
  z: readonly [number, number],
): LatentPlane {
  const means = posteriorMeans(data.posteriors.subarray(0, 4 * data.count));
  return renderCodesPlane({
    document,
    id: 'generative-plane',
    size: 420,
    extent: GENERATIVE_EXTENT,
    title: 'The latent plane: choose a point z to decode',
    description:
      `Latent plane of ${data.title} from ${-GENERATIVE_EXTENT} to ${GENERATIVE_EXTENT} on both axes at one scale, ` +
      `with the means of ${data.count} test digits coloured by label and the unit circle dashed.`,
    scatter: { coords: means, labels: Array.from(data.labels).slice(0, data.count) },
    scatterStyle: { diameter: 2.5, opacity: 0.45 },
    cursor: { z },
  });
}
