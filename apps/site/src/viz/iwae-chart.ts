/**
 * Section 6's chart of the importance-weighted bound: E[L_k] against k (log axis) with +- 2 standard
 * errors, rising from the ELBO (k = 1) toward log p(x), both drawn as reference lines; the k chosen
 * on the slider is marked. A pure render: data in, SVG out (jsdom at build time, the page live).
 */
import { scaleLinear, scaleLog } from 'd3';
import type { IwaePoint } from '../math/iwae-curve.ts';
import { VizError } from './viz-error.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

export interface IwaeChartData {
  readonly points: readonly IwaePoint[];
  /** log p(x) by quadrature (nats). */
  readonly logEvidence: number;
  /** The ELBO (nats). */
  readonly elbo: number;
  /** The k to mark (one of the points' k). */
  readonly selectedK: number;
}

export interface IwaeChartOptions {
  readonly document: Document;
  readonly width?: number;
  readonly height?: number;
}

const px = (value: number): string => String(Math.round(value * 100) / 100);

export function renderIwaeChart(data: IwaeChartData, options: IwaeChartOptions): SVGSVGElement {
  const { document, width = 420, height = 240 } = options;
  const { points, logEvidence, elbo, selectedK } = data;
  if (points.length === 0 || ![logEvidence, elbo].every(Number.isFinite)) {
    throw new VizError(
      `the IWAE chart needs points and finite log p(x), ELBO; got ${points.length} points, ${logEvidence}, ${elbo}`,
      data,
    );
  }
  const margin = { top: 14, right: 16, bottom: 36, left: 58 };
  const ks = points.map((p) => p.k);
  const lows = points.map((p) => p.mean - 2 * (p.standardError ?? 0));
  const highs = points.map((p) => p.mean + 2 * (p.standardError ?? 0));
  const lo = Math.min(elbo, ...lows);
  const hi = Math.max(logEvidence, ...highs);
  const pad = 0.08 * (hi - lo || 1);
  const x = scaleLog()
    .domain([Math.min(...ks), Math.max(...ks, 2)])
    .range([margin.left, width - margin.right]);
  const y = scaleLinear()
    .domain([lo - pad, hi + pad])
    .range([height - margin.bottom, margin.top]);

  const make = <K extends keyof SVGElementTagNameMap>(
    parent: Element,
    tag: K,
    attributes: Record<string, string | number>,
    text?: string,
  ): SVGElementTagNameMap[K] => {
    const element = document.createElementNS(SVG_NS, tag) as SVGElementTagNameMap[K];
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
    if (text !== undefined) element.textContent = text;
    parent.append(element);
    return element;
  };
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'iwae-chart-svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  const selected = points.find((p) => p.k === selectedK);
  make(
    svg,
    'title',
    {},
    `The importance-weighted bound E[L_k] against k, from the ELBO ${elbo.toFixed(2)} toward log p(x) = ` +
      `${logEvidence.toFixed(2)} nats` +
      (selected === undefined ? '' : `; at k = ${selectedK} it is ${selected.mean.toFixed(2)}`),
  );
  const axes = make(svg, 'g', {
    class: 'iwae-axes',
    'aria-hidden': 'true',
    'font-size': 10,
    fill: 'currentColor',
  });
  make(axes, 'line', {
    x1: margin.left,
    x2: width - margin.right,
    y1: height - margin.bottom,
    y2: height - margin.bottom,
    stroke: 'currentColor',
    'stroke-opacity': 0.4,
  });
  for (const k of ks) {
    make(axes, 'text', { x: px(x(k)), y: height - margin.bottom + 13, 'text-anchor': 'middle' }, String(k));
  }
  make(
    axes,
    'text',
    { x: (margin.left + width - margin.right) / 2, y: height - 4, 'text-anchor': 'middle' },
    'k (importance samples, log scale)',
  );
  for (const tick of y.ticks(5)) {
    make(axes, 'text', { x: margin.left - 6, y: px(y(tick) + 3.5), 'text-anchor': 'end' }, String(tick));
  }
  make(
    axes,
    'text',
    { x: 12, y: margin.top + 4, transform: `rotate(-90 12 ${margin.top + 4})`, 'text-anchor': 'end' },
    'nats',
  );

  const reference = (value: number, className: string, label: string, dash: string) => {
    const group = make(svg, 'g', { class: className, 'aria-hidden': 'true' });
    make(group, 'line', {
      x1: margin.left,
      x2: width - margin.right,
      y1: px(y(value)),
      y2: px(y(value)),
      stroke: 'currentColor',
      'stroke-dasharray': dash,
    });
    make(
      group,
      'text',
      {
        x: width - margin.right,
        y: px(y(value) - 4),
        'text-anchor': 'end',
        'font-size': 10,
        fill: 'currentColor',
      },
      label,
    );
  };
  reference(logEvidence, 'iwae-evidence', `log p(x) = ${logEvidence.toFixed(2)}`, '6 3');
  reference(elbo, 'iwae-elbo', `ELBO = ${elbo.toFixed(2)}`, '2 3');

  const series = make(svg, 'g', { class: 'iwae-points', 'aria-hidden': 'true' });
  make(series, 'polyline', {
    points: points.map((p) => `${px(x(p.k))},${px(y(p.mean))}`).join(' '),
    fill: 'none',
    stroke: '#3f90da',
    'stroke-width': 1.5,
  });
  points.forEach((p, i) => {
    const chosen = p.k === selectedK;
    make(series, 'line', {
      x1: px(x(p.k)),
      x2: px(x(p.k)),
      y1: px(y(lows[i] as number)),
      y2: px(y(highs[i] as number)),
      stroke: '#3f90da',
    });
    make(series, 'circle', {
      cx: px(x(p.k)),
      cy: px(y(p.mean)),
      r: chosen ? 5.5 : 3,
      'data-k': p.k,
      class: chosen ? 'iwae-selected' : 'iwae-point',
      fill: chosen ? '#bd1f01' : '#3f90da',
      stroke: 'white',
    });
  });
  return svg;
}
