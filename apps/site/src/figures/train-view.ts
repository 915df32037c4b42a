/**
 * The live-training figure's drawings, shared by the build (static SVG in train.astro, jsdom) and the
 * page (<train-figure>): the data plane (training points and the decoder's means of fixed prior
 * samples), the latent plane (every training point's posterior ellipse, to scale, the unit circle
 * drawn) and the read-out sentence. In slow motion they also draw one step's trace (the tracked points
 * ringed and numbered, the samples z, the decoded x_hat, the previous ellipses dashed) and its sentences.
 */
import {
  drawEllipses,
  drawScatter,
  type EllipseDatum,
  type LatentPlane,
  renderCodesPlane,
  renderLatentPlane,
  svgElement,
} from '../viz/latent-plane.ts';
import type { PipelinePhase } from '../viz/train-pipeline.ts';
import type { StepTrace } from '../workers/train-session.ts';
import { DATA_EXTENT, LATENT_EXTENT } from './train-settings.ts';

const SIZE = 320;
/** Label indices into LABEL_PALETTE: the training points, the decoded samples, the samples z. */
const DATA_LABEL = 0;
const DECODED_LABEL = 1;
const SAMPLE_LABEL = 2;

const pair = (a: ArrayLike<number>, i: number): [number, number] => [
  a[2 * i] as number,
  a[2 * i + 1] as number,
];
const px = (v: number): number => Math.round(v * 10) / 10;

interface TrackedMarks {
  /** Rows followed through the step. */
  readonly tracked: readonly number[];
  /** Where each is ringed and numbered: [N, 2]. */
  readonly at: Float32Array;
  /** Its posterior: the one-sigma ellipse outlined around mu. */
  readonly ellipses?: Posteriors;
  /** Draw a line from mu to `at` (a sample z and its ellipse's centre). */
  readonly linked?: boolean;
  /** The posterior before the update: its ellipse outlined dashed. */
  readonly before?: Posteriors | undefined;
}

/**
 * The points slow motion follows, in the overlay: each a black ring (white halo) at its row of `at`,
 * numbered 1, 2, ...; with `ellipses`, its one-sigma ellipse outlined too, and `linked`, a line from mu;
 * with `before`, its ellipse before the update, dashed.
 */
function drawTracked(
  plane: LatentPlane,
  { tracked, at, ellipses, linked = false, before }: TrackedMarks,
): void {
  const document = plane.svg.ownerDocument;
  const { x, y, pxPerUnit } = plane.scale;
  const group = svgElement(document, plane.overlay, 'g', { class: 'tracked', 'aria-hidden': 'true' });
  tracked.forEach((row, k) => {
    const mark = svgElement(document, group, 'g', { 'data-tracked': k + 1 });
    // Black on a white halo, readable over the blue ellipses and dots.
    const haloed = (tag: 'ellipse' | 'line', geometry: Record<string, number | string>) => {
      for (const [stroke, width] of [
        ['white', 3.5],
        ['black', 1.5],
      ] as const) {
        svgElement(document, mark, tag, { ...geometry, fill: 'none', stroke, 'stroke-width': width });
      }
    };
    const outline = (posteriors: Posteriors) => {
      const [m1, m2] = pair(posteriors.mu, row);
      const [s1, s2] = pair(posteriors.sigma, row);
      return { cx: px(x(m1)), cy: px(y(m2)), rx: px(s1 * pxPerUnit), ry: px(s2 * pxPerUnit) };
    };
    const [a1, a2] = pair(at, row);
    const cx = px(x(a1));
    const cy = px(y(a2));
    if (before !== undefined) haloed('ellipse', { ...outline(before), 'stroke-dasharray': '4 3' });
    if (ellipses !== undefined) {
      const centre = outline(ellipses);
      haloed('ellipse', centre);
      if (linked) haloed('line', { x1: centre.cx, y1: centre.cy, x2: cx, y2: cy });
    }
    haloed('ellipse', { cx, cy, rx: 5, ry: 5 });
    const label = svgElement(document, mark, 'text', {
      x: px(cx + 7),
      y: px(cy - 7),
      'font-size': 12,
      'font-weight': 'bold',
      stroke: 'white',
      'stroke-width': 3,
      'paint-order': 'stroke',
    });
    label.textContent = String(k + 1);
  });
}

export interface DataPlaneData {
  /** Training points [N, 2] row-major. */
  readonly points: Float32Array;
  /** The decoder's means of the prior samples [M, 2], once the model exists. */
  readonly decoded?: Float32Array;
  /** Slow motion: the rows of `points` followed through the step, ringed and numbered. */
  readonly tracked?: readonly number[];
  /**
   * Slow motion's decode: every point's x_hat = mu_theta(z) [N, 2], z its sample, drawn with a line
   * from each tracked x to its x_hat.
   */
  readonly reconstructed?: Float32Array;
}

/** The data space x = (x1, x2) on the same 1:1 grid as a latent plane (its axes renamed, no unit circle). */
export function renderDataPlane(
  document: Document,
  { points, decoded, tracked = [], reconstructed }: DataPlaneData,
): LatentPlane {
  const n = points.length / 2;
  const plane = renderLatentPlane({
    document,
    id: 'train-data',
    size: SIZE,
    extent: DATA_EXTENT,
    title:
      `The training set: ${n} points` +
      (decoded === undefined
        ? ''
        : `, and the decoder's means of ${decoded.length / 2} samples z ~ N(0, I)`) +
      (reconstructed === undefined ? '' : `, and each point's decoded sample x̂ = μθ(z)`),
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
  if (reconstructed !== undefined) {
    drawScatter(
      plane,
      { coords: reconstructed, labels: new Uint8Array(reconstructed.length / 2).fill(DECODED_LABEL) },
      { diameter: 3, opacity: 0.9 },
    );
    const lines = svgElement(document, plane.data, 'g', {
      class: 'reconstruction-lines',
      'aria-hidden': 'true',
      stroke: 'black',
      'stroke-width': 1.5,
    });
    for (const row of tracked) {
      const [x1, x2] = pair(points, row);
      const [y1, y2] = pair(reconstructed, row);
      svgElement(document, lines, 'line', {
        x1: px(plane.scale.x(x1)),
        y1: px(plane.scale.y(x2)),
        x2: px(plane.scale.x(y1)),
        y2: px(plane.scale.y(y2)),
      });
    }
  }
  if (tracked.length > 0) drawTracked(plane, { tracked, at: points });
  return plane;
}

export interface Posteriors {
  /** q(z|x) of the training points: mu, sigma [N, 2] row-major. */
  readonly mu: Float32Array;
  readonly sigma: Float32Array;
}

export interface LatentData extends Posteriors {
  /** Slow motion: the rows followed through the step, their ellipses outlined and numbered. */
  readonly tracked?: readonly number[];
  /** Slow motion's sample: each point's z = mu + sigma * eps [N, 2], a dot (inside its ellipse). */
  readonly samples?: Float32Array;
  /** Slow motion's update: the ellipses before the step, dashed. */
  readonly previous?: Posteriors;
}

const ellipseData = ({ mu, sigma }: Posteriors): EllipseDatum[] =>
  Array.from({ length: mu.length / 2 }, (_, i) => ({
    mu: pair(mu, i),
    sigma: pair(sigma, i),
    label: DATA_LABEL,
  }));

/** The posterior ellipses of the training points, to scale, over the unit circle's plane. */
export function renderTrainLatent(document: Document, latent: LatentData | null): LatentPlane {
  const n = latent === null ? 0 : latent.mu.length / 2;
  const detail =
    latent?.previous !== undefined
      ? ' after the update (solid), before it (dashed)'
      : latent?.samples !== undefined
        ? ', and one sample z from each'
        : '';
  const plane = renderCodesPlane({
    document,
    id: 'train-latent',
    size: SIZE,
    extent: LATENT_EXTENT,
    title:
      latent === null
        ? 'The latent plane: no model yet'
        : `The latent plane: the posterior ellipses q(z|x) of the ${n} training points${detail}`,
  });
  if (latent === null) return plane;
  const { tracked = [], samples, previous } = latent;
  if (previous !== undefined) {
    const before = drawEllipses(plane, ellipseData(previous), { opacity: 0.3, fillOpacity: 0 });
    before.setAttribute('stroke-dasharray', '3 3');
    before.classList.add('previous');
  }
  drawEllipses(plane, ellipseData(latent), { opacity: 0.3, fillOpacity: 0.01 });
  if (samples !== undefined) {
    drawScatter(plane, { coords: samples, labels: new Uint8Array(n).fill(SAMPLE_LABEL) }, { diameter: 3 });
  }
  if (tracked.length > 0) {
    drawTracked(plane, {
      tracked,
      at: samples ?? latent.mu,
      ellipses: latent,
      linked: samples !== undefined,
      before: previous,
    });
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

export interface PhaseStatus {
  readonly phase: PipelinePhase;
  /** The step under way, traced before its update. */
  readonly trace: StepTrace;
  /** Training points [N, 2] row-major. */
  readonly points: Float32Array;
  /** update: the posteriors after the step, [N, 2] each. */
  readonly after?: Posteriors;
}

const fmtPair = ([a, b]: readonly [number, number]): string => `(${fmt(a)}, ${fmt(b)})`;

/** Slow motion's sentence: what this phase of the step computes, with the step's own numbers (point 1's). */
export function describePhase({ phase, trace, points, after }: PhaseStatus): string {
  const n = trace.mu.length / 2;
  const row = trace.tracked[0] ?? 0;
  const at = (a: Float32Array) => fmtPair(pair(a, row));
  const step = `Step ${trace.step}, ${phase}:`;
  switch (phase) {
    case 'encode':
      return (
        `${step} the encoder maps each of the ${n} points x to its ellipse q(z|x) = N(μ, σ²); ` +
        `point 1, x = ${at(points)}, gets μ = ${at(trace.mu)}, σ = ${at(trace.sigma)}.`
      );
    case 'sample':
      return (
        `${step} z = μ + σ ⊙ ε for each of the ${n} points, ε ~ N(0, I) from seed ${trace.noiseSeed}; ` +
        `point 1 drew ε = ${at(trace.eps)}, so z = ${at(trace.z)}.`
      );
    case 'decode': {
      const [x1, x2] = pair(points, row);
      const [y1, y2] = pair(trace.decoded, row);
      return (
        `${step} the decoder maps each z to its mean x̂ = μθ(z); point 1's x̂ = ${at(trace.decoded)}, ` +
        `${fmt(Math.hypot(y1 - x1, y2 - x2))} from its x = ${at(points)}.`
      );
    }
    case 'loss':
      return (
        `${step} reconstruction ${fmt(trace.reconstruction)} + β ${trace.beta} × KL ${fmt(trace.kl)} = ` +
        `${fmt(trace.loss)} nats per point (−ELBO, the mean over the ${n} points).`
      );
    case 'update': {
      // mean over the points of |mu_after - mu_before|
      const moved =
        after === undefined
          ? ''
          : ` (their centres by ${fmt(
              Array.from({ length: n }, (_, i) => {
                const [a1, a2] = pair(after.mu, i);
                const [b1, b2] = pair(trace.mu, i);
                return Math.hypot(a1 - b1, a2 - b2);
              }).reduce((sum, d) => sum + d, 0) / n,
            )} on average)`;
      return (
        `${step} Adam moved every weight down the gradient of that loss; ` +
        `the ellipses moved from the dashed to the solid ones${moved}.`
      );
    }
  }
}
