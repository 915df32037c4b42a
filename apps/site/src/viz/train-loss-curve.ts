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
  /**
   * Fit the y axis to the losses of the run's last (1 - fitFrom) part, in [0, 1); default 0 (all).
   * A loss that starts far above where it settles (MNIST: 543 nats, then 150-200) would flatten the
   * rest of the curve; with fitFrom > 0 the early losses run off the top, clipped, and the title says so.
   */
  readonly fitFrom?: number;
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
  { document, id, width = 420, height = 160, fitFrom = 0 }: LossCurveOptions,
): SVGSVGElement {
  if (!(fitFrom >= 0 && fitFrom < 1)) {
    throw new VizError(`fitFrom must be in [0, 1), got ${fitFrom}`, fitFrom);
  }
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
  const title = svgElement(document, svg, 'title', { id: `${id}-title` });
  const shown = thinLosses(points);
  const steps = shown.map((p) => p.step);
  const lastStep = Math.max(10, ...steps);
  const fitted = shown.filter((p) => p.step >= fitFrom * lastStep).map((p) => p.loss);
  const x = scaleLinear()
    .domain([0, lastStep])
    .range([MARGIN.left, width - MARGIN.right]);
  const lo = fitted.length === 0 ? 0 : Math.min(...fitted);
  const hi = fitted.length === 0 ? 1 : Math.max(...fitted);
  const y = scaleLinear()
    .domain(hi > lo ? [lo, hi] : [lo - 0.5, hi + 0.5])
    .nice(4)
    .range([height - MARGIN.bottom, MARGIN.top]);
  const top = y.domain()[1] as number;
  const above = shown.filter((p) => p.loss > top).length;
  title.textContent =
    last === undefined
      ? 'Loss curve: no steps yet'
      : `Loss curve: −ELBO per point over ${last.step} steps, now ${last.loss.toFixed(3)} nats` +
        (above > 0
          ? `; the early losses, up to ${Math.max(...shown.map((p) => p.loss)).toFixed(1)}, run off the top`
          : '');
  // The plot area: the line is clipped to it (early losses above the fitted range run off the top).
  const clip = svgElement(document, svgElement(document, svg, 'defs', {}), 'clipPath', { id: `${id}-clip` });
  svgElement(document, clip, 'rect', {
    x: MARGIN.left,
    y: MARGIN.top,
    width: width - MARGIN.left - MARGIN.right,
    height: height - MARGIN.top - MARGIN.bottom,
  });
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
    'clip-path': `url(#${id}-clip)`,
    fill: 'none',
    stroke: '#bd1f01',
    'stroke-width': 1.5,
  });
  return svg;
}
