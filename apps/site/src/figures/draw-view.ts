/**
 * Section 7's plane, shared by the build and the page: the VAE's posteriors of the shipped test
 * digits as faint ellipses, to scale, and (live) the reader's drawing's q(z|x) outlined among them.
 */
import type { Posterior } from '../data/model-data.ts';
import { drawEllipses, extentFor, type LatentPlane, renderCodesPlane } from '../viz/latent-plane.ts';
import { posteriorEllipses, posteriorMeans } from '../viz/posterior-tables.ts';

export interface DrawViewData {
  readonly labels: ArrayLike<number>;
  /** float32 [10000 * 4]: the VAE's posteriors. */
  readonly posteriors: Float32Array;
  /** How many of the first digits to draw (the 1000 the site ships). */
  readonly count: number;
}

export function renderDrawPlane(document: Document, data: DrawViewData): LatentPlane {
  const table = data.posteriors.subarray(0, 4 * data.count);
  const extent = extentFor(posteriorMeans(table));
  return renderCodesPlane({
    document,
    id: 'draw-plane',
    size: 420,
    extent,
    title: 'Your digit’s ellipse among the ellipses of the test digits',
    description:
      `Latent plane from ${-extent} to ${extent} at one scale with the unit circle dashed, the one-sigma ` +
      `ellipses of ${data.count} test digits coloured by label, and the ellipse of your drawing outlined.`,
    ellipses: posteriorEllipses(table, data.labels),
    ellipsesStyle: { opacity: 0.35, fillOpacity: 0.02 },
  });
}

/** Outlines the drawing's q(z|x) (one and two sigma), replacing the previous one. */
export function drawDrawnEllipse(plane: LatentPlane, q: Posterior): SVGGElement {
  plane.overlay.querySelector('g.drawn-ellipse')?.remove();
  const group = drawEllipses(
    plane,
    [
      { mu: q.mu, sigma: q.sigma, label: 0 },
      { mu: q.mu, sigma: [2 * q.sigma[0], 2 * q.sigma[1]], label: 0 },
    ],
    { opacity: 1, fillOpacity: 0.15 },
  );
  group.setAttribute('class', 'drawn-ellipse');
  for (const ellipse of group.querySelectorAll('ellipse')) {
    ellipse.setAttribute('stroke', '#111');
    ellipse.setAttribute('fill', '#111');
    ellipse.setAttribute('stroke-width', '2.5');
  }
  plane.overlay.append(group);
  return group;
}
