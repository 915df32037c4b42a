/**
 * Section 4's drawing from the models' data, shared by the build (static SVG, jsdom) and the page:
 * the per-epoch posteriors of the same test digits under the plain autoencoder (points: sigma = 0),
 * the KL VAE and the geometric VAE, side by side and each to scale; the KL and geometric terms as
 * contour plots over (mu, sigma) with the selected digit's dimensions marked (each VAE on the
 * regulariser it was trained with); and the read-out numbers of both formulas for both VAEs.
 */
import type { SiteModelName } from '../data/manifest.ts';
import { type EllipseDatum, extentFor, type LatentPlane, renderCodesPlane } from '../viz/latent-plane.ts';
import { epochSlice, posteriorEllipses, posteriorMeans } from '../viz/posterior-tables.ts';
import { type ContourPlot, renderRegularizerContours } from '../viz/regularizer-contours.ts';
import { type RegularizerName, type RegularizerValue, regularizerOf } from '../viz/regularizer-terms.ts';
import { formatPoint } from './latent-pointer.ts';

/** One model's per-epoch posteriors of the shipped digits. */
export interface RegularizerModel {
  readonly name: SiteModelName;
  readonly title: string;
  /** float32 [epochs * count * 4]: (mu_1, mu_2, sigma_1, sigma_2) after each epoch. */
  readonly ellipses: Float32Array;
}

export interface RegularizerViewData {
  /** The models in the order drawn: 'ae' (if shipped), 'vae', 'geometric'. */
  readonly models: readonly RegularizerModel[];
  /** uint8 [>= count]: labels of the digits. */
  readonly labels: ArrayLike<number>;
  /** Digits per epoch (1000). */
  readonly count: number;
  readonly epochs: number;
}

export interface RegularizerState {
  /** 1-based: after this epoch. */
  readonly epoch: number;
  /** Index of the selected digit, in [0, count). */
  readonly digit: number;
}

export interface PlaneView {
  readonly model: RegularizerModel;
  readonly plane: LatentPlane;
  /** This epoch's posteriors of the digits. */
  readonly ellipses: readonly EllipseDatum[];
  /** [count, 2] their centres. */
  readonly centres: Float32Array;
}

/** The regulariser each VAE was trained with (the AE has none). */
export const TRAINED_WITH: Readonly<Partial<Record<SiteModelName, RegularizerName>>> = {
  vae: 'kl',
  geometric: 'geometric',
};

/** A fixed extent per model over all epochs, so the scrubber never rescales a plane. */
export function modelExtent(model: RegularizerModel): number {
  return extentFor(posteriorMeans(model.ellipses));
}

/** One model's plane at `state`: points for the AE, ellipses for the VAEs; the selected digit marked. */
export function renderModelPlane(
  document: Document,
  data: RegularizerViewData,
  model: RegularizerModel,
  state: RegularizerState,
  extent: number = modelExtent(model),
): PlaneView {
  const table = epochSlice(model.ellipses, state.epoch - 1, data.count);
  const ellipses = posteriorEllipses(table, data.labels);
  const centres = posteriorMeans(table);
  const points = model.name === 'ae';
  // the labels of the `count` digits drawn (data.labels may hold all 10,000 test labels)
  const digitLabels = Array.from({ length: data.count }, (_, i) => data.labels[i] as number);
  const chosen = ellipses[state.digit];
  const plane = renderCodesPlane({
    document,
    id: `regularizer-${model.name}`,
    size: 300,
    margin: 22,
    extent,
    title: `${model.title} after epoch ${state.epoch}: ${points ? 'codes' : 'posterior ellipses'} of ${data.count} test digits`,
    description: `Both axes from ${-extent} to ${extent} at the same scale; the dashed circle is the unit circle.`,
    ...(points
      ? { scatter: { coords: centres, labels: digitLabels }, scatterStyle: { diameter: 2.5, opacity: 0.7 } }
      : { ellipses, ellipsesStyle: { opacity: 0.45, fillOpacity: 0.03 } }),
    ...(chosen === undefined
      ? {}
      : { cursor: points ? { z: chosen.mu } : { z: chosen.mu, sigma: chosen.sigma } }),
  });
  return { model, plane, ellipses, centres };
}

/** The contour plot of `regularizer` with the dimensions of `ellipse` marked. */
export function renderContours(
  document: Document,
  regularizer: RegularizerName,
  ellipse: EllipseDatum | undefined,
): ContourPlot {
  return renderRegularizerContours({
    document,
    id: `contours-${regularizer}`,
    regularizer,
    marks:
      ellipse === undefined
        ? []
        : [
            { mu: ellipse.mu[0], sigma: ellipse.sigma[0], label: 'z₁' },
            { mu: ellipse.mu[1], sigma: ellipse.sigma[1], label: 'z₂' },
          ],
  });
}

/** Both regularisers of one posterior: what the read-out shows, computed by the formulas. */
export interface ReadoutRow {
  readonly model: RegularizerModel;
  readonly ellipse: EllipseDatum;
  readonly kl: RegularizerValue;
  readonly geometric: RegularizerValue;
}

export function readoutRow(model: RegularizerModel, ellipse: EllipseDatum): ReadoutRow {
  const posterior = { mu: ellipse.mu, sigma: ellipse.sigma };
  return {
    model,
    ellipse,
    kl: regularizerOf('kl', posterior),
    geometric: regularizerOf('geometric', posterior),
  };
}

const fixed = (value: number, digits = 3): string => value.toFixed(digits).replace('-', '−');

/** "0.123 + 0.456 = 0.579": the per-dimension terms and their sum. */
export function formatSum(value: RegularizerValue): string {
  return `${value.terms.map((t) => fixed(t)).join(' + ')} = ${fixed(value.total)}`;
}

/**
 * The read-out as a table: one row per VAE, its selected posterior, and both regularisers (terms and
 * sum). Each row carries the sums at full precision (`data-kl`, `data-geometric`) for tests.
 */
export function renderReadoutTable(
  document: Document,
  rows: readonly ReadoutRow[],
  epoch: number,
): HTMLTableElement {
  const table = document.createElement('table');
  table.className = 'regularizer-readout';
  const caption = document.createElement('caption');
  caption.textContent = `The selected digit's posterior after epoch ${epoch}, and both regularisers of it (nats)`;
  table.append(caption);
  const head = document.createElement('tr');
  for (const name of ['model', 'μ', 'σ', 'KL', 'geometric']) {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = name;
    head.append(th);
  }
  table.createTHead().append(head);
  const body = table.createTBody();
  for (const row of rows) {
    const tr = document.createElement('tr');
    tr.dataset.model = row.model.name;
    tr.dataset.kl = String(row.kl.total);
    tr.dataset.geometric = String(row.geometric.total);
    tr.dataset.mu = row.ellipse.mu.join(',');
    tr.dataset.sigma = row.ellipse.sigma.join(',');
    const th = document.createElement('th');
    th.scope = 'row';
    th.textContent = row.model.title;
    tr.append(th);
    for (const text of [
      formatPoint(row.ellipse.mu),
      formatPoint(row.ellipse.sigma, 3),
      formatSum(row.kl),
      formatSum(row.geometric),
    ]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    body.append(tr);
  }
  return table;
}
