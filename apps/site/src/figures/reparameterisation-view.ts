/**
 * Section 3's plane, shared by the build and the page: the chosen digit's q(z|x) ellipse to scale
 * with the unit circle, and (live) the draws: each eps, sigma * eps and z = mu + sigma * eps.
 */
import type { Posterior } from '../data/model-data.ts';
import type { ReparameterisedDraw } from '../math/reparameterise.ts';
import { drawPoints, drawPolyline } from '../viz/latent-marks.ts';
import { drawEllipses, type LatentPlane, renderCodesPlane } from '../viz/latent-plane.ts';

export const REPARAM_EXTENT = 3;

/** Colours of the three stages (also in the legend). */
export const STAGE_COLORS = { eps: '#717581', scaled: '#e76300', z: '#3f90da' } as const;

export function renderReparameterisationPlane(document: Document, q: Posterior, label: number): LatentPlane {
  const plane = renderCodesPlane({
    document,
    id: 'reparameterisation-plane',
    size: 420,
    extent: REPARAM_EXTENT,
    title: 'Reparameterisation: eps from N(0, I), stretched by sigma, moved to mu',
    description:
      `Latent plane from ${-REPARAM_EXTENT} to ${REPARAM_EXTENT} at one scale with the unit circle dashed ` +
      `and the one-sigma ellipse of q(z|x) for the chosen digit, a ${label}.`,
  });
  drawEllipses(plane, [{ mu: q.mu, sigma: q.sigma, label }], { opacity: 1, fillOpacity: 0.12 });
  return plane;
}

/** The draws so far: their z as points, and the latest draw's three stages joined by its path. */
export function drawReparameterisedDraws(plane: LatentPlane, draws: readonly ReparameterisedDraw[]): void {
  drawPoints(
    plane,
    draws.flatMap((d) => d.z),
    { className: 'drawn-z', color: STAGE_COLORS.z, radius: 3 },
  );
  const latest = draws.at(-1);
  if (latest === undefined) {
    for (const name of ['stage-path', 'stage-eps', 'stage-scaled'])
      plane.overlay.querySelector(`g.${name}`)?.remove();
    return;
  }
  drawPolyline(plane, [...latest.eps, ...latest.scaled, ...latest.z], {
    className: 'stage-path',
    color: '#999',
  });
  drawPoints(plane, latest.eps, { className: 'stage-eps', color: STAGE_COLORS.eps, radius: 4.5 });
  drawPoints(plane, latest.scaled, { className: 'stage-scaled', color: STAGE_COLORS.scaled, radius: 4.5 });
}
