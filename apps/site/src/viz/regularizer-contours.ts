/**
 * A regulariser as a function of one latent dimension's (mu, sigma): filled contours of
 * KL term 1/2 (mu^2 + sigma^2 - log sigma^2 - 1) or geometric term mu^2 + (sigma - 1)^2, both on the
 * same levels so the two plots compare, the common minimum (mu 0, sigma 1: the unit circle) marked,
 * and the selected posterior's dimensions as labelled points. d3-contour traces the levels (marching
 * squares) over a grid of cell-centre values; the math is regularizer-terms.ts.
 */
import { contours, interpolateBlues, scaleLinear } from 'd3';
import { svgElement } from './latent-plane.ts';
import { REGULARIZER_TERMS, type RegularizerName } from './regularizer-terms.ts';
import { VizError } from './viz-error.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Contour levels (nats per dimension), the same for both regularisers. */
export const CONTOUR_LEVELS: readonly number[] = [0.05, 0.2, 0.5, 1, 2, 4, 8];

/** One latent dimension of the selected posterior, as a point (mu_k, sigma_k) of the plot. */
export interface ContourMark {
  readonly mu: number;
  readonly sigma: number;
  /** Shown beside the point, e.g. 'z₁'. */
  readonly label: string;
}

export interface RegularizerContoursOptions {
  readonly document: Document;
  /** Unique within the page (ids of the title and clip path). */
  readonly id: string;
  readonly regularizer: RegularizerName;
  /** Width and height of the drawing, px; default 320 x 260. */
  readonly width?: number;
  readonly height?: number;
  /** mu axis: [-muExtent, muExtent]; default 3. */
  readonly muExtent?: number;
  /** sigma axis: (0, sigmaMax]; default 2.5. */
  readonly sigmaMax?: number;
  /** Grid cells along mu (sigma gets the same cell size); default 96. */
  readonly resolution?: number;
  readonly marks?: readonly ContourMark[];
}

const TITLES: Readonly<Record<RegularizerName, string>> = {
  kl: 'KL term ½(μ² + σ² − log σ² − 1)',
  geometric: 'geometric term μ² + (σ − 1)²',
};

export interface ContourPlot {
  readonly svg: SVGSVGElement;
  /** mu -> px from the left. */
  readonly x: (mu: number) => number;
  /** sigma -> px from the top. */
  readonly y: (sigma: number) => number;
}

const round = (value: number): number => Math.round(value * 10) / 10;

export function renderRegularizerContours(options: RegularizerContoursOptions): ContourPlot {
  const {
    document,
    id,
    regularizer,
    width = 320,
    height = 260,
    muExtent = 3,
    sigmaMax = 2.5,
    resolution = 96,
    marks = [],
  } = options;
  const term = REGULARIZER_TERMS[regularizer];
  if (term === undefined) {
    throw new VizError(`regularizer must be 'kl' or 'geometric', got ${String(regularizer)}`, regularizer);
  }
  if (!(Number.isInteger(resolution) && resolution >= 8)) {
    throw new VizError(
      `resolution must be an integer >= 8 grid cells, got ${String(resolution)}`,
      resolution,
    );
  }
  const margin = { left: 34, right: 8, top: 22, bottom: 30 };
  const x = scaleLinear()
    .domain([-muExtent, muExtent])
    .range([margin.left, width - margin.right]);
  const y = scaleLinear()
    .domain([0, sigmaMax])
    .range([height - margin.bottom, margin.top]);
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  // Grid of n x m cells over the plot; value of cell (i, j) at its centre, row j = 0 at the top.
  const n = resolution;
  const m = Math.max(2, Math.round((resolution * plotHeight) / plotWidth));
  const values = new Float64Array(n * m);
  for (let j = 0; j < m; j += 1) {
    const sigma = y.invert(margin.top + ((j + 0.5) * plotHeight) / m);
    for (let i = 0; i < n; i += 1) {
      values[j * n + i] = term(x.invert(margin.left + ((i + 0.5) * plotWidth) / n), sigma);
    }
  }
  const bands = contours()
    .size([n, m])
    .thresholds([...CONTOUR_LEVELS])(Array.from(values));

  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', `regularizer-contours regularizer-${regularizer}`);
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', `${id}-title`);
  svgElement(document, svg, 'title', { id: `${id}-title` }).textContent =
    `${TITLES[regularizer]} over μ from ${-muExtent} to ${muExtent} and σ from 0 to ${sigmaMax}; ` +
    `contours at ${CONTOUR_LEVELS.join(', ')} nats; 0 at μ = 0, σ = 1`;
  const clip = svgElement(document, svgElement(document, svg, 'defs', {}), 'clipPath', { id: `${id}-clip` });
  svgElement(document, clip, 'rect', { x: margin.left, y: margin.top, width: plotWidth, height: plotHeight });

  const fills = svgElement(document, svg, 'g', { class: 'contour-bands', 'clip-path': `url(#${id}-clip)` });
  const toPx = ([gx, gy]: number[]) =>
    `${round(margin.left + ((gx as number) * plotWidth) / n)},${round(margin.top + ((gy as number) * plotHeight) / m)}`;
  bands.forEach((band, level) => {
    const d = band.coordinates
      .map((polygon) => polygon.map((ring) => `M${ring.map(toPx).join('L')}Z`).join(''))
      .join('');
    svgElement(document, fills, 'path', {
      class: 'contour-band',
      'data-level': band.value,
      d,
      fill: interpolateBlues(0.12 + (0.75 * level) / CONTOUR_LEVELS.length),
      stroke: '#08306b',
      'stroke-opacity': 0.35,
      'stroke-width': 0.6,
    });
  });

  const axes = svgElement(document, svg, 'g', {
    class: 'contour-axes',
    fill: 'currentColor',
    'font-size': 10,
  });
  svgElement(document, axes, 'rect', {
    x: margin.left,
    y: margin.top,
    width: plotWidth,
    height: plotHeight,
    fill: 'none',
    stroke: 'currentColor',
    'stroke-opacity': 0.4,
  });
  for (const mu of x.ticks(6)) {
    svgElement(document, axes, 'text', {
      class: 'tick-mu',
      x: round(x(mu)),
      y: height - margin.bottom + 12,
      'text-anchor': 'middle',
    }).textContent = String(mu);
  }
  for (const sigma of y.ticks(5)) {
    svgElement(document, axes, 'text', {
      class: 'tick-sigma',
      x: margin.left - 4,
      y: round(y(sigma) + 3.5),
      'text-anchor': 'end',
    }).textContent = String(sigma);
  }
  svgElement(document, axes, 'text', {
    x: round(margin.left + plotWidth / 2),
    y: height - 4,
    'text-anchor': 'middle',
    'font-style': 'italic',
  }).textContent = 'μₖ';
  svgElement(document, axes, 'text', { x: 4, y: margin.top - 8, 'font-style': 'italic' }).textContent = 'σₖ';
  svgElement(document, axes, 'text', {
    x: width - margin.right,
    y: margin.top - 8,
    'text-anchor': 'end',
    'font-weight': 600,
  }).textContent = regularizer === 'kl' ? 'KL' : 'geometric';

  // The common minimum: mu = 0, sigma = 1 (a dimension of the unit circle).
  const minimum = svgElement(document, svg, 'g', { class: 'contour-minimum' });
  svgElement(document, minimum, 'path', {
    d: `M${round(x(0) - 5)},${round(y(1))}h10M${round(x(0))},${round(y(1) - 5)}v10`,
    stroke: 'currentColor',
    'stroke-width': 1.5,
  });

  const points = svgElement(document, svg, 'g', { class: 'contour-marks', 'clip-path': `url(#${id}-clip)` });
  for (const mark of marks) {
    if (!(Number.isFinite(mark.mu) && Number.isFinite(mark.sigma))) {
      throw new VizError(
        `mark ${mark.label} is at mu ${mark.mu}, sigma ${mark.sigma}: both must be finite`,
        mark,
      );
    }
    const cx = round(x(mark.mu));
    const cy = round(y(mark.sigma));
    const group = svgElement(document, points, 'g', { class: 'contour-mark', 'data-label': mark.label });
    svgElement(document, group, 'circle', {
      cx,
      cy,
      r: 5,
      fill: '#ffa90e',
      stroke: 'black',
      'stroke-width': 1.5,
    });
    svgElement(document, group, 'text', {
      x: cx + 7,
      y: cy - 6,
      'font-size': 11,
      'font-weight': 700,
    }).textContent = mark.label;
  }
  return { svg, x: (mu) => x(mu), y: (sigma) => y(sigma) };
}
