/**
 * The estimator lab's histograms: one panel per estimator, stacked, on ONE shared x scale (so the
 * spreads compare by eye), each with its own count axis, its mean (solid) and mean +- 1 standard
 * error (shaded). A pure render: data in, SVG out (jsdom at build time, the page live).
 */
import { scaleLinear } from 'd3';
import type { EstimateSummary } from './estimator-stats.ts';
import { svgElement } from './latent-plane.ts';
import { VizError } from './viz-error.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

export interface HistogramDomain {
  readonly lo: number;
  readonly hi: number;
  readonly bins: number;
}

/** [lo, hi] covering every value of every series (widened by 1 when all are equal). */
export function sharedDomain(series: readonly ArrayLike<number>[], bins: number): HistogramDomain {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const values of series) {
    for (let i = 0; i < values.length; i++) {
      lo = Math.min(lo, values[i] as number);
      hi = Math.max(hi, values[i] as number);
    }
  }
  if (!(Number.isFinite(lo) && Number.isFinite(hi))) {
    throw new VizError('a histogram domain needs at least one finite value', series);
  }
  return lo === hi ? { lo: lo - 0.5, hi: hi + 0.5, bins } : { lo, hi, bins };
}

/**
 * Counts per bin: bin k holds lo + k w <= v < lo + (k + 1) w, w = (hi - lo) / bins, and the last bin
 * also holds v = hi, so every value in [lo, hi] is counted exactly once.
 */
export function histogramCounts(values: ArrayLike<number>, { lo, hi, bins }: HistogramDomain): Uint32Array {
  if (!(Number.isInteger(bins) && bins >= 1) || !(hi > lo)) {
    throw new VizError(
      `histogram bins must be an integer >= 1 and hi > lo; got ${bins} bins on [${lo}, ${hi}]`,
      {
        lo,
        hi,
        bins,
      },
    );
  }
  const counts = new Uint32Array(bins);
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (!(value >= lo && value <= hi)) {
      throw new VizError(`value ${i} (${value}) is outside the histogram's domain [${lo}, ${hi}]`, value);
    }
    const bin = Math.min(bins - 1, Math.floor(((value - lo) / (hi - lo)) * bins));
    counts[bin] = (counts[bin] as number) + 1;
  }
  return counts;
}

export interface HistogramSeries {
  /** Short key, used as the panel's class (`estimator-reparam`). */
  readonly key: string;
  readonly label: string;
  readonly color: string;
  readonly values: ArrayLike<number>;
  readonly summary: EstimateSummary;
}

export interface EstimatorHistogramOptions {
  readonly document: Document;
  readonly bins?: number;
  readonly width?: number;
  /** Height of one panel. */
  readonly panelHeight?: number;
  /** The x axis' label (what was estimated). */
  readonly xLabel: string;
}

const px = (value: number): string => String(Math.round(value * 100) / 100);

export function renderEstimatorHistograms(
  series: readonly HistogramSeries[],
  options: EstimatorHistogramOptions,
): SVGSVGElement {
  const { document, bins = 30, width = 560, panelHeight = 130, xLabel } = options;
  if (series.length === 0) throw new VizError('the estimator histograms need at least one series', series);
  const domain = sharedDomain(
    series.map((s) => s.values),
    bins,
  );
  const margin = { top: 18, right: 14, bottom: 8, left: 44 };
  const axisHeight = 36;
  const height = series.length * panelHeight + axisHeight;
  const x = scaleLinear()
    .domain([domain.lo, domain.hi])
    .range([margin.left, width - margin.right]);
  /** An SVG <text> (or <title>) holding `content`. */
  const label = (
    parent: Element,
    tag: 'text' | 'title',
    attributes: Record<string, string | number>,
    content: string,
  ) => {
    svgElement(document, parent, tag, attributes).textContent = content;
  };
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'estimator-histograms');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  label(
    svg,
    'title',
    {},
    `Histograms of ${xLabel}: ` +
      series
        .map(
          (s) =>
            `${s.label}, ${s.summary.count} estimates, mean ${s.summary.mean.toPrecision(4)}, ` +
            `variance ${s.summary.variance.toPrecision(3)}`,
        )
        .join('; '),
  );
  const binWidth = (domain.hi - domain.lo) / bins;
  series.forEach((s, panel) => {
    const counts = histogramCounts(s.values, domain);
    const top = panel * panelHeight + margin.top;
    const bottom = (panel + 1) * panelHeight - margin.bottom;
    const y = scaleLinear()
      .domain([0, Math.max(1, ...counts)])
      .range([bottom, top]);
    const group = svgElement(document, svg, 'g', {
      class: `estimator-panel estimator-${s.key}`,
      'aria-hidden': 'true',
    });
    const { mean, standardError } = s.summary;
    svgElement(document, group, 'rect', {
      class: 'estimator-se',
      x: px(x(mean - standardError)),
      width: px(Math.max(1, x(mean + standardError) - x(mean - standardError))),
      y: top,
      height: px(bottom - top),
      fill: s.color,
      'fill-opacity': 0.18,
    });
    counts.forEach((count, k) => {
      if (count === 0) return;
      svgElement(document, group, 'rect', {
        class: 'estimator-bar',
        'data-count': count,
        x: px(x(domain.lo + k * binWidth) + 0.5),
        width: px(Math.max(0.5, x(domain.lo + binWidth) - x(domain.lo) - 1)),
        y: px(y(count)),
        height: px(bottom - y(count)),
        fill: s.color,
      });
    });
    svgElement(document, group, 'line', {
      class: 'estimator-mean',
      x1: px(x(mean)),
      x2: px(x(mean)),
      y1: top - 4,
      y2: bottom,
      stroke: 'currentColor',
      'stroke-width': 1.5,
    });
    label(
      group,
      'text',
      { x: margin.left + 4, y: top - 5, 'font-size': 11, fill: 'currentColor' },
      `${s.label}: mean ${mean.toPrecision(4)} ± ${standardError.toPrecision(2)}, variance ${s.summary.variance.toPrecision(3)}`,
    );
    svgElement(document, group, 'line', {
      x1: margin.left,
      x2: width - margin.right,
      y1: bottom,
      y2: bottom,
      stroke: 'currentColor',
      'stroke-opacity': 0.4,
    });
    label(
      group,
      'text',
      { x: margin.left - 6, y: px(top + 8), 'text-anchor': 'end', 'font-size': 10, fill: 'currentColor' },
      String(y.domain()[1]),
    );
    label(
      group,
      'text',
      { x: margin.left - 6, y: px(bottom), 'text-anchor': 'end', 'font-size': 10, fill: 'currentColor' },
      '0',
    );
  });
  const axis = svgElement(document, svg, 'g', {
    class: 'estimator-axis',
    'aria-hidden': 'true',
    'font-size': 10,
    fill: 'currentColor',
  });
  const axisY = series.length * panelHeight;
  for (const tick of x.ticks(6)) {
    label(axis, 'text', { x: px(x(tick)), y: axisY + 12, 'text-anchor': 'middle' }, String(tick));
  }
  label(
    axis,
    'text',
    { x: (margin.left + width - margin.right) / 2, y: height - 4, 'text-anchor': 'middle' },
    xLabel,
  );
  return svg;
}
