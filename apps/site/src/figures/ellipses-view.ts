/**
 * Section 2's drawing from the models' data, shared by the build (static SVG, jsdom) and the page
 * (live, the page's document), so both draw exactly the same figure: the VAE's 1,000 posterior
 * ellipses to scale over its 10,000 test means, the selected ellipse outlined.
 */
import { type EllipseDatum, extentFor, type LatentPlane, renderCodesPlane } from '../viz/latent-plane.ts';
import { posteriorEllipses, posteriorMeans } from '../viz/posterior-tables.ts';
import { formatPoint } from './latent-pointer.ts';

export interface EllipsesViewData {
  /** uint8 [10000]: test labels. */
  readonly labels: ArrayLike<number>;
  /** float32 [10000 * 4]: the VAE's posteriors (mu_1, mu_2, sigma_1, sigma_2). */
  readonly posteriors: Float32Array;
  /** How many of the first posteriors to draw as ellipses (the digits the site ships: 1000). */
  readonly count: number;
  /** The model's title, e.g. 'VAE (KL regulariser)'. */
  readonly title: string;
}

export interface EllipsesView {
  readonly plane: LatentPlane;
  readonly ellipses: readonly EllipseDatum[];
  /** [count, 2] interleaved centres of the ellipses (for hover and keys). */
  readonly centres: Float32Array;
}

export function renderEllipsesView(
  document: Document,
  data: EllipsesViewData,
  selected: number,
): EllipsesView {
  const means = posteriorMeans(data.posteriors);
  const ellipses = posteriorEllipses(data.posteriors.subarray(0, 4 * data.count), data.labels);
  const extent = extentFor(means);
  const chosen = ellipses[selected];
  const plane = renderCodesPlane({
    document,
    id: 'ellipses-plane',
    size: 560,
    extent,
    title: `The posteriors of ${data.count} test digits as one-sigma ellipses over the means of all ${data.labels.length}`,
    description:
      `Latent plane of ${data.title}: both axes from ${-extent} to ${extent} at the same scale; ` +
      'the dashed circle is the unit circle.',
    scatter: { coords: means, labels: data.labels },
    scatterStyle: { diameter: 2, opacity: 0.35 },
    ellipses,
    ellipsesStyle: { opacity: 0.5, fillOpacity: 0.03 },
    ...(chosen === undefined ? {} : { cursor: { z: chosen.mu, sigma: chosen.sigma } }),
  });
  return { plane, ellipses, centres: posteriorMeans(data.posteriors.subarray(0, 4 * data.count)) };
}

/** The read-out of ellipse `index`: which digit, its centre and its axes. */
export function describeEllipse(index: number, ellipse: EllipseDatum): string {
  return (
    `Test digit ${index}, a ${ellipse.label}: centre μ = ${formatPoint(ellipse.mu)}, ` +
    `axes σ = ${formatPoint(ellipse.sigma, 3)}.`
  );
}
