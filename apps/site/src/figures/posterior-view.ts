/**
 * Section 6's plane, shared by the build and the page: the chosen digit's q(z|x) as its one- and
 * two-sigma ellipses, to scale, and (live) the true posterior p(z|x)'s highest-density contours.
 */
import type { Posterior } from '../data/model-data.ts';
import { highestDensityLevels, type PosteriorOnGrid } from '../math/posterior-grid.ts';
import { drawContours } from '../viz/latent-marks.ts';
import { drawEllipses, type LatentPlane, renderCodesPlane } from '../viz/latent-plane.ts';

export const POSTERIOR_EXTENT = 3;

/** The colour of q's ellipses in this figure and its legend. */
export const Q_COLOR = '#bd1f01';

/** The highest-density regions drawn: they hold 50 %, 90 % and 99 % of p(z|x). */
export const POSTERIOR_MASSES: readonly number[] = [0.5, 0.9, 0.99];

/** The k of the IWAE curve (from a pool of the largest). */
export const IWAE_KS: readonly number[] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000];

export function renderPosteriorPlane(document: Document, q: Posterior, label: number): LatentPlane {
  const plane = renderCodesPlane({
    document,
    id: 'posterior-plane',
    size: 420,
    extent: POSTERIOR_EXTENT,
    title: "The encoder's q(z|x) (ellipses) and the true posterior p(z|x) (shaded contours)",
    description:
      `Latent plane from ${-POSTERIOR_EXTENT} to ${POSTERIOR_EXTENT} at one scale with the unit circle dashed; ` +
      `q(z|x) of the chosen digit, a ${label}, as its one- and two-sigma ellipses.`,
  });
  const ellipses = drawEllipses(
    plane,
    [
      { mu: q.mu, sigma: q.sigma, label },
      { mu: q.mu, sigma: [2 * q.sigma[0], 2 * q.sigma[1]], label },
    ],
    { opacity: 1, fillOpacity: 0 },
  );
  ellipses.setAttribute('class', 'ellipses q-ellipses');
  for (const ellipse of ellipses.querySelectorAll('ellipse')) {
    // q in one strong colour whatever the label, so it reads over the posterior's grey shading
    ellipse.setAttribute('stroke', Q_COLOR);
    ellipse.setAttribute('stroke-width', '2');
  }
  return plane;
}

/** The true posterior's contours on the plane (under q's ellipses). */
export function drawPosteriorContours(plane: LatentPlane, posterior: PosteriorOnGrid): number[] {
  const levels = highestDensityLevels(posterior, POSTERIOR_MASSES);
  const density = Array.from(posterior.logDensity, Math.exp);
  const group = drawContours(plane, posterior.grid, density, levels, {
    className: 'true-posterior',
    color: '#222',
  });
  plane.data.prepend(group);
  return levels;
}
