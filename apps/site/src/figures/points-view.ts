/**
 * Section 1's drawing, shared by the build (static SVG, jsdom) and the page: the codes of the 10,000
 * test digits in one of the four shapes (src/viz/points-shapes.ts), coloured by label, and a cursor
 * at the point being decoded. `scattered`, `line` and `ring` come from the autoencoder's codes (when
 * the site ships the `ae` model), `disk` from the VAE's means.
 */
import type { SiteModelName } from '../data/manifest.ts';
import { nearestCode } from '../viz/latent-navigation.ts';
import { extentFor, type LatentPlane, renderCodesPlane } from '../viz/latent-plane.ts';
import { lineCodes, POINTS_SHAPES, type PointsShape, ringCodes } from '../viz/points-shapes.ts';
import { posteriorMeans } from '../viz/posterior-tables.ts';
import { formatPoint } from './latent-pointer.ts';

export interface PointsViewData {
  readonly labels: ArrayLike<number>;
  /** float32 [10000 * 4]: posteriors of the model whose codes make the first three shapes. */
  readonly codesPosteriors: Float32Array;
  /** Which model that is ('ae', or 'vae' while the site ships no autoencoder). */
  readonly codesModel: SiteModelName;
  readonly codesTitle: string;
  /** float32 [10000 * 4]: the VAE's posteriors (the filled disk). */
  readonly vaePosteriors: Float32Array;
  readonly vaeTitle: string;
}

export interface PointsView {
  readonly plane: LatentPlane;
  /** [N, 2] the codes drawn. */
  readonly coords: Float32Array;
  /** The model whose decoder decodes this plane. */
  readonly model: SiteModelName;
  readonly modelTitle: string;
}

/** How each shape is made, for the caption and the read-out. */
export const SHAPE_STORIES: Readonly<Record<PointsShape, string>> = {
  scattered: 'the codes as the encoder made them',
  line: 'the same codes projected onto their principal axis',
  ring: 'the same codes pushed onto a circle of their median radius',
  disk: "the VAE's means, packed into a disk by its regulariser",
};

export function shapeCodes(data: PointsViewData, shape: PointsShape): Float32Array {
  if (shape === 'disk') return posteriorMeans(data.vaePosteriors);
  const codes = posteriorMeans(data.codesPosteriors);
  if (shape === 'line') return lineCodes(codes);
  if (shape === 'ring') return ringCodes(codes);
  return codes;
}

/** One extent for all four shapes, so switching shapes never rescales the plane. */
export function pointsExtent(data: PointsViewData): number {
  return Math.max(...POINTS_SHAPES.map((shape) => extentFor(shapeCodes(data, shape))));
}

export function renderPointsView(
  document: Document,
  data: PointsViewData,
  shape: PointsShape,
  z: readonly [number, number],
  extent: number = pointsExtent(data),
): PointsView {
  const coords = shapeCodes(data, shape);
  const disk = shape === 'disk';
  const modelTitle = disk ? data.vaeTitle : data.codesTitle;
  const plane = renderCodesPlane({
    document,
    id: 'points-plane',
    size: 520,
    extent,
    title: `Codes of ${data.labels.length} test digits, ${shape}: ${SHAPE_STORIES[shape]} (${modelTitle})`,
    description: `Both axes from ${-extent} to ${extent} at the same scale; the dashed circle is the unit circle.`,
    scatter: { coords, labels: data.labels },
    scatterStyle: { diameter: 2.5, opacity: 0.7 },
    cursor: { z },
  });
  return { plane, coords, model: disk ? 'vae' : data.codesModel, modelTitle };
}

/** What the cursor is over: its z, and how far the nearest code is (a gap when far). */
export function describeCursor(
  view: PointsView,
  labels: ArrayLike<number>,
  z: readonly [number, number],
): string {
  const { index, distance } = nearestCode(view.coords, z);
  return (
    `z = ${formatPoint(z)}: the nearest code, a ${labels[index]}, is ${distance.toFixed(2)} away. ` +
    `Decoded by ${view.modelTitle}.`
  );
}
