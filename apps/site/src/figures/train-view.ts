/**
 * The live-training figure's drawings, shared by the build (static SVG in train.astro, jsdom) and the
 * page (<train-figure>): the data plane (training points and the decoder's means of fixed prior
 * samples), the latent plane (every training point's posterior ellipse, to scale, the unit circle
 * drawn) and the read-out sentence.
 */
import {
  drawEllipses,
  drawScatter,
  type EllipseDatum,
  type LatentPlane,
  renderCodesPlane,
  renderLatentPlane,
} from '../viz/latent-plane.ts';
import { DATA_EXTENT, LATENT_EXTENT } from './train-settings.ts';

const SIZE = 320;
/** Label indices into LABEL_PALETTE: the training points, the decoded samples. */
const DATA_LABEL = 0;
const DECODED_LABEL = 1;

export interface DataPlaneData {
  /** Training points [N, 2] row-major. */
  readonly points: Float32Array;
  /** The decoder's means of the prior samples [M, 2], once the model exists. */
  readonly decoded?: Float32Array;
}

/** The data space x = (x1, x2) on the same 1:1 grid as a latent plane (its axes renamed, no unit circle). */
export function renderDataPlane(document: Document, { points, decoded }: DataPlaneData): LatentPlane {
  const n = points.length / 2;
  const plane = renderLatentPlane({
    document,
    id: 'train-data',
    size: SIZE,
    extent: DATA_EXTENT,
    title: `The training set: ${n} points${decoded === undefined ? '' : `, and the decoder's means of ${decoded.length / 2} samples z ~ N(0, I)`}`,
  });
  const names = plane.grid.querySelectorAll('text[font-style="italic"]');
  (names[0] as Element).textContent = 'x₁';
  (names[1] as Element).textContent = 'x₂';
  plane.unitCircle.remove();
  drawScatter(plane, { coords: points, labels: new Uint8Array(n).fill(DATA_LABEL) }, { diameter: 3.5 });
  if (decoded !== undefined) {
    drawScatter(
      plane,
      { coords: decoded, labels: new Uint8Array(decoded.length / 2).fill(DECODED_LABEL) },
      { diameter: 3, opacity: 0.9 },
    );
  }
  return plane;
}

export interface LatentData {
  /** q(z|x) of the training points: mu, sigma [N, 2] row-major. */
  readonly mu: Float32Array;
  readonly sigma: Float32Array;
}

/** The posterior ellipses of the training points, to scale, over the unit circle's plane. */
export function renderTrainLatent(document: Document, latent: LatentData | null): LatentPlane {
  const n = latent === null ? 0 : latent.mu.length / 2;
  const plane = renderCodesPlane({
    document,
    id: 'train-latent',
    size: SIZE,
    extent: LATENT_EXTENT,
    title:
      latent === null
        ? 'The latent plane: no model yet'
        : `The latent plane: the posterior ellipses q(z|x) of the ${n} training points`,
  });
  if (latent !== null) {
    const ellipses: EllipseDatum[] = Array.from({ length: n }, (_, i) => ({
      mu: [latent.mu[2 * i] as number, latent.mu[2 * i + 1] as number],
      sigma: [latent.sigma[2 * i] as number, latent.sigma[2 * i + 1] as number],
      label: DATA_LABEL,
    }));
    drawEllipses(plane, ellipses, { opacity: 0.3, fillOpacity: 0.01 });
  }
  return plane;
}

export interface TrainStatus {
  readonly step: number;
  /** The last step's numbers (nats per point), or null before the first step. */
  readonly last: { readonly loss: number; readonly reconstruction: number; readonly kl: number } | null;
  readonly size: number;
  readonly playing: boolean;
}

const fmt = (value: number): string => value.toFixed(3);

export function describeTraining({ step, last, size, playing }: TrainStatus): string {
  const state = playing ? 'Training' : step === 0 ? 'Ready' : 'Paused';
  if (last === null) return `${state}: step 0 on ${size} points; press play or step.`;
  return (
    `${state}: step ${step} on ${size} points. −ELBO ${fmt(last.loss)} nats = reconstruction ` +
    `${fmt(last.reconstruction)} + β × KL ${fmt(last.kl)}.`
  );
}
