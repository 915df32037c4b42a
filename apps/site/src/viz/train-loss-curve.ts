/**
 * The live training's loss curve: -ELBO per point (nats) against the step, one polyline, the y axis
 * fitted to the losses shown (a loss can be negative: the decoder is a Gaussian density on 2-D data).
 * A pure render: records in, SVG out (jsdom at build time and in tests, the page live).
 */
import { scaleLinear } from 'd3';
import { svgElement } from './latent-plane.ts';
import { VizError } from './viz-error.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

export interface LossPoint {
  readonly step: number;
  readonly loss: number;
}

export interface LossCurveOptions {
  readonly document: Document;
  /** Unique within the page (the title's id). */
  readonly id: string;
  /** Drawing size in px; default 420 x 160. */
  readonly width?: number;
  readonly height?: number;
}

const MARGIN = { top: 10, right: 12, bottom: 28, left: 44 };

/** Every `stride`-th point (and the last), so a long run stays a few hundred vertices. */
export function thinLosses(points: readonly LossPoint[], most = 400): LossPoint[] {
  const stride = Math.max(1, Math.ceil(points.length / most));
  const kept = points.filter((_, i) => i % stride === 0);
  const last = points.at(-1);
  if (last !== undefined && kept.at(-1) !== last) kept.push(last);
  return kept;
}

export function renderLossCurve(
  points: readonly LossPoint[],
  { document, id, width = 420, height = 160 }: LossCurveOptions,
): SVGSVGElement {
  for (const { step, loss } of points) {
    if (!(Number.isFinite(step) && Number.isFinite(loss))) {
      throw new VizError(`loss curve point (step ${step}, loss ${loss}) is not finite`, { step, loss });
    }
  }
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'loss-curve');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', `${id}-title`);
  const last = points.at(-1);
  svgElement(document, svg, 'title', { id: `${id}-title` }).textContent =
    last === undefined
      ? 'Loss curve: no steps yet'
      : `Loss curve: −ELBO per point over ${last.step} steps, now ${last.loss.toFixed(3)} nats`;
  const shown = thinLosses(points);
  const steps = shown.map((p) => p.step);
  const losses = shown.map((p) => p.loss);
  const x = scaleLinear()
    .domain([0, Math.max(10, ...steps)])
    .range([MARGIN.left, width - MARGIN.right]);
  const lo = losses.length === 0 ? 0 : Math.min(...losses);
  const hi = losses.length === 0 ? 1 : Math.max(...losses);
  const y = scaleLinear()
    .domain(hi > lo ? [lo, hi] : [lo - 0.5, hi + 0.5])
    .nice(4)
    .range([height - MARGIN.bottom, MARGIN.top]);
  const axes = svgElement(document, svg, 'g', { class: 'loss-axes', 'aria-hidden': 'true' });
  const text = { fill: 'currentColor', 'font-size': 10 };
  for (const t of y.ticks(4)) {
    svgElement(document, axes, 'line', {
      x1: MARGIN.left,
      x2: width - MARGIN.right,
      y1: y(t),
      y2: y(t),
      stroke: 'currentColor',
      'stroke-opacity': 0.12,
    });
    svgElement(document, axes, 'text', {
      x: MARGIN.left - 4,
      y: y(t) + 3.5,
      'text-anchor': 'end',
      ...text,
    }).textContent = String(t);
  }
  for (const t of x.ticks(5)) {
    svgElement(document, axes, 'text', {
      x: x(t),
      y: height - MARGIN.bottom + 13,
      'text-anchor': 'middle',
      ...text,
    }).textContent = String(t);
  }
  svgElement(document, axes, 'text', {
    x: width - MARGIN.right,
    y: height - 3,
    'text-anchor': 'end',
    ...text,
  }).textContent = 'step';
  svgElement(document, axes, 'text', {
    x: MARGIN.left + 4,
    y: 12,
    ...text,
  }).textContent = '−ELBO per point (nats)';
  svgElement(document, svg, 'path', {
    class: 'loss-line',
    'data-points': shown.length,
    d:
      shown.length === 0
        ? ''
        : `M${shown.map((p) => `${x(p.step).toFixed(1)} ${y(p.loss).toFixed(1)}`).join('L')}`,
    fill: 'none',
    stroke: '#bd1f01',
    'stroke-width': 1.5,
  });
  return svg;
}
