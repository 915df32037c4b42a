/**
 * The latent plane, to scale: the shared primitives of every figure that draws 2-D codes.
 *
 * One linear scale serves both latent axes (the same pixels per latent unit horizontally and
 * vertically, y pointing up), so a circle in latent space is a circle on screen and an ellipse with
 * axes (sigma_1, sigma_2) is drawn with radii (sigma_1, sigma_2) * pxPerUnit. The unit circle
 * ||z|| = 1 (one standard deviation of the prior N(0, I)) is always drawn, above the data, so every
 * figure shows what the regulariser pulls toward. The same functions run at build time (jsdom's
 * document) and live (the page's), so the static figure and the live one are the same drawing.
 */
import { scaleLinear } from 'd3';
import { VizError } from './viz-error.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * Colours of the ten digit labels: Matthew Petroff's 10-colour sequence ("Accessible Color
 * Sequences for Data Visualization", 2021; matplotlib's `petroff10` style), chosen by a study of
 * readers with and without colour-vision deficiencies (deuteranopia, protanopia, tritanopia
 * simulated) for distinguishability and aesthetics. Ten classes can never all be told apart by
 * colour alone, so colour is never the only channel: every figure reads the label of the focused
 * code out as text.
 */
export const LABEL_PALETTE: readonly string[] = [
  '#3f90da',
  '#ffa90e',
  '#bd1f01',
  '#94a4a2',
  '#832db6',
  '#a96b59',
  '#e76300',
  '#b9ac70',
  '#717581',
  '#92dadd',
];

/** The colour of digit label `label` (0-9); other labels cycle through the palette. */
export function labelColor(label: number): string {
  const n = LABEL_PALETTE.length;
  return LABEL_PALETTE[((Math.trunc(label) % n) + n) % n] as string;
}

export interface LatentScaleOptions {
  /** Side of the square drawing in px (SVG user units). */
  readonly size: number;
  /** The plane shows [-extent, extent] on both axes (latent units). */
  readonly extent: number;
  /** Room around the plot for the tick labels, px; default 22. */
  readonly margin?: number;
}

/** Latent units -> px with ONE factor for both axes; y grows upward in latent space, downward on screen. */
export interface LatentScale {
  readonly size: number;
  readonly extent: number;
  readonly margin: number;
  /** px per latent unit, the same on both axes. */
  readonly pxPerUnit: number;
  /** z_1 -> px from the left. */
  readonly x: (z1: number) => number;
  /** z_2 -> px from the top. */
  readonly y: (z2: number) => number;
  /** px (from the left, from the top) -> z. */
  readonly invert: (px: number, py: number) => [number, number];
}

export function latentScale({ size, extent, margin = 22 }: LatentScaleOptions): LatentScale {
  if (!(Number.isFinite(size) && size > 0)) {
    throw new VizError(`size must be a positive number of px, got ${String(size)}`, size);
  }
  if (!(Number.isFinite(extent) && extent > 0)) {
    throw new VizError(
      `extent must be a positive number of latent units (the plane shows [-extent, extent]), got ${String(extent)}`,
      extent,
    );
  }
  if (!(Number.isFinite(margin) && margin >= 0 && 2 * margin < size)) {
    throw new VizError(`margin must be in [0, size / 2), got ${String(margin)} for size ${size}`, margin);
  }
  // One d3 linear scale: [-extent, extent] -> [margin, size - margin]. The y axis reuses it mirrored
  // about the centre, so both axes have exactly the same px per unit.
  const scale = scaleLinear()
    .domain([-extent, extent])
    .range([margin, size - margin]);
  const pxPerUnit = (size - 2 * margin) / (2 * extent);
  return {
    size,
    extent,
    margin,
    pxPerUnit,
    x: (z1) => scale(z1),
    y: (z2) => scale(-z2),
    invert: (px, py) => [scale.invert(px), -scale.invert(py)],
  };
}

export interface LatentPlaneOptions extends LatentScaleOptions {
  /** The document that creates the elements (the page's, or jsdom's at build time). */
  readonly document: Document;
  /** Unique within the page: prefixes the ids of the clip path and the title. */
  readonly id: string;
  /** The plot's accessible name (what it shows). */
  readonly title: string;
  /** A longer text alternative (what a sighted reader sees in it). */
  readonly description?: string;
  /** Ticks every `tickStep` latent units; default 1 for extents up to 5, 2 up to 10, else 5. */
  readonly tickStep?: number;
}

/** The SVG and its layers: draw data into `data`, highlights into `overlay` (both clipped to the plot). */
export interface LatentPlane {
  readonly svg: SVGSVGElement;
  readonly scale: LatentScale;
  /** Under the data: grid and axes. */
  readonly grid: SVGGElement;
  /** The data: scatter, ellipses. */
  readonly data: SVGGElement;
  /** Above the data and the unit circle: focus cursor, selection. */
  readonly overlay: SVGGElement;
  /** The unit circle (above the data, below the overlay). */
  readonly unitCircle: SVGCircleElement;
}

/** Creates an SVG element `tag` with `attributes` and appends it to `parent`. */
export function svgElement<K extends keyof SVGElementTagNameMap>(
  document: Document,
  parent: Element,
  tag: K,
  attributes: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag) as SVGElementTagNameMap[K];
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  parent.append(element);
  return element;
}

/**
 * A fixed-precision coordinate (0.1 px, finer than a screen shows at these sizes): keeps the static
 * HTML small and the snapshots stable.
 */
function px(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/**
 * An empty latent plane: a square SVG (viewBox size x size, scales with its container), grid lines
 * at every tick, the two axes through 0 with their tick labels, and the unit circle.
 */
export function renderLatentPlane(options: LatentPlaneOptions): LatentPlane {
  const { document, id, title, description } = options;
  // default ticks: every unit up to 5, then every 2 up to 10, then every 5 (no crowded labels)
  const tickStep = options.tickStep ?? (options.extent <= 5 ? 1 : options.extent <= 10 ? 2 : 5);
  if (!(Number.isFinite(tickStep) && tickStep > 0)) {
    throw new VizError(
      `tickStep must be a positive number of latent units, got ${String(tickStep)}`,
      tickStep,
    );
  }
  const scale = latentScale(options);
  const { size, extent, margin } = scale;
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'latent-plane');
  svg.setAttribute('viewBox', `0 0 ${size} ${size}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', `${id}-title`);
  svgElement(document, svg, 'title', { id: `${id}-title` }).textContent = title;
  if (description !== undefined) {
    svgElement(document, svg, 'desc', { id: `${id}-desc` }).textContent = description;
    svg.setAttribute('aria-describedby', `${id}-desc`);
  }
  const clip = svgElement(document, svgElement(document, svg, 'defs', {}), 'clipPath', { id: `${id}-clip` });
  const low = margin;
  const high = size - margin;
  svgElement(document, clip, 'rect', { x: low, y: low, width: high - low, height: high - low });

  const grid = svgElement(document, svg, 'g', { class: 'latent-grid', 'aria-hidden': 'true' });
  svgElement(document, grid, 'rect', {
    class: 'latent-frame',
    x: low,
    y: low,
    width: high - low,
    height: high - low,
    fill: 'none',
    stroke: 'currentColor',
    'stroke-opacity': 0.25,
  });
  const ticks: number[] = [];
  for (let t = Math.ceil(-extent / tickStep) * tickStep; t <= extent + 1e-9; t += tickStep) {
    ticks.push(Math.round(t * 1e6) / 1e6);
  }
  for (const t of ticks) {
    const axis = t === 0;
    const line = { stroke: 'currentColor', 'stroke-opacity': axis ? 0.45 : 0.12 };
    svgElement(document, grid, 'line', {
      x1: px(scale.x(t)),
      x2: px(scale.x(t)),
      y1: low,
      y2: high,
      ...line,
    });
    svgElement(document, grid, 'line', {
      y1: px(scale.y(t)),
      y2: px(scale.y(t)),
      x1: low,
      x2: high,
      ...line,
    });
    const text = { fill: 'currentColor', 'font-size': 10, 'fill-opacity': 0.7 };
    const labelX = svgElement(document, grid, 'text', {
      class: 'tick-z1',
      x: px(scale.x(t)),
      y: high + 13,
      'text-anchor': 'middle',
      ...text,
    });
    labelX.textContent = String(t);
    const labelY = svgElement(document, grid, 'text', {
      class: 'tick-z2',
      x: low - 4,
      y: px(scale.y(t) + 3.5),
      'text-anchor': 'end',
      ...text,
    });
    labelY.textContent = String(t);
  }
  const axisName = { fill: 'currentColor', 'font-size': 11, 'font-style': 'italic' };
  svgElement(document, grid, 'text', {
    x: high,
    y: px(scale.y(0) - 4),
    'text-anchor': 'end',
    ...axisName,
  }).textContent = 'z₁';
  svgElement(document, grid, 'text', { x: px(scale.x(0) + 4), y: low + 11, ...axisName }).textContent = 'z₂';

  const clipped = { 'clip-path': `url(#${id}-clip)` };
  const data = svgElement(document, svg, 'g', { class: 'latent-data', ...clipped });
  const unitCircle = svgElement(document, svg, 'circle', {
    class: 'unit-circle',
    cx: px(scale.x(0)),
    cy: px(scale.y(0)),
    r: px(scale.pxPerUnit),
    fill: 'none',
    stroke: 'currentColor',
    'stroke-width': 1.5,
    'stroke-dasharray': '5 3',
    ...clipped,
  });
  svgElement(document, unitCircle, 'title', {}).textContent = 'the unit circle, ‖z‖ = 1';
  const overlay = svgElement(document, svg, 'g', { class: 'latent-overlay', ...clipped });
  return { svg, scale, grid, data, overlay, unitCircle };
}

/** N codes as an interleaved array [z1_0, z2_0, z1_1, z2_1, ...] ([N, 2] row-major) and N labels. */
export interface LabelledCodes {
  readonly coords: ArrayLike<number>;
  readonly labels: ArrayLike<number>;
}

/** The number N of codes in interleaved coords [N, 2]; throws VizError unless N >= 1. */
export function pairCount(coords: ArrayLike<number>): number {
  if (coords.length === 0 || coords.length % 2 !== 0) {
    throw new VizError(
      `coords must hold N >= 1 codes of 2 numbers ([N, 2] row-major), got ${coords.length} numbers`,
      coords.length,
    );
  }
  return coords.length / 2;
}

/** Checks [N, 2] coords against N labels; returns N. */
export function codeCount({ coords, labels }: LabelledCodes): number {
  if (coords.length % 2 !== 0 || coords.length / 2 !== labels.length) {
    throw new VizError(
      `coords must hold 2 numbers per label ([N, 2] row-major): got ${coords.length} numbers for ${labels.length} labels`,
      coords.length,
    );
  }
  return labels.length;
}

export interface ScatterOptions {
  /** Dot diameter in px; default 2.5. */
  readonly diameter?: number;
  /** Dot opacity; default 0.75. */
  readonly opacity?: number;
}

/**
 * A scatter of labelled codes as ONE path per label: each code is a zero-length subpath `M x y h0`
 * drawn with a round cap, i.e. a dot of the stroke's width. 10,000 codes cost ~12 bytes each instead
 * of ~60 for a <circle>, which keeps the static page small. Codes outside the plane are clipped.
 */
export function drawScatter(
  plane: LatentPlane,
  codes: LabelledCodes,
  options: ScatterOptions = {},
): SVGGElement {
  const { diameter = 2.5, opacity = 0.75 } = options;
  const n = codeCount(codes);
  const document = plane.svg.ownerDocument;
  const byLabel = new Map<number, string[]>();
  for (let i = 0; i < n; i += 1) {
    const z1 = codes.coords[2 * i] as number;
    const z2 = codes.coords[2 * i + 1] as number;
    if (!(Number.isFinite(z1) && Number.isFinite(z2))) {
      throw new VizError(`code ${i} is (${z1}, ${z2}): every code must be finite`, [z1, z2]);
    }
    const label = codes.labels[i] as number;
    let parts = byLabel.get(label);
    if (parts === undefined) {
      parts = [];
      byLabel.set(label, parts);
    }
    parts.push(`M${px(plane.scale.x(z1))} ${px(plane.scale.y(z2))}h0`);
  }
  const group = svgElement(document, plane.data, 'g', { class: 'scatter', 'aria-hidden': 'true' });
  for (const label of [...byLabel.keys()].sort((a, b) => a - b)) {
    svgElement(document, group, 'path', {
      class: 'scatter-label',
      'data-label': label,
      d: (byLabel.get(label) as string[]).join(''),
      fill: 'none',
      stroke: labelColor(label),
      'stroke-width': diameter,
      'stroke-linecap': 'round',
      'stroke-opacity': opacity,
    });
  }
  return group;
}

/** One posterior q(z|x) = N(mu, diag sigma^2) on the plane, with the label of its x. */
export interface EllipseDatum {
  readonly mu: readonly [number, number];
  readonly sigma: readonly [number, number];
  readonly label: number;
}

export interface EllipsesOptions {
  /** Outline opacity; default 0.55. */
  readonly opacity?: number;
  /** Fill opacity; default 0.04. */
  readonly fillOpacity?: number;
}

/**
 * The one-sigma ellipses {z : sum_k (z_k - mu_k)^2 / sigma_k^2 = 1} to scale: centre (x(mu_1), y(mu_2)),
 * radii (sigma_1, sigma_2) * pxPerUnit. A diagonal covariance has axis-aligned ellipses, so no rotation.
 */
export function drawEllipses(
  plane: LatentPlane,
  ellipses: readonly EllipseDatum[],
  options: EllipsesOptions = {},
): SVGGElement {
  const { opacity = 0.55, fillOpacity = 0.04 } = options;
  const document = plane.svg.ownerDocument;
  // Shared style on the group, one colour per label subgroup: each ellipse is only its geometry, which
  // keeps a thousand of them small in the static page. Within a label, ellipses keep their data order.
  const group = svgElement(document, plane.data, 'g', {
    class: 'ellipses',
    'aria-hidden': 'true',
    'fill-opacity': fillOpacity,
    'stroke-opacity': opacity,
    'stroke-width': 0.8,
  });
  const byLabel = new Map<number, SVGGElement>();
  const labels = [...new Set(ellipses.map((e) => e.label))].sort((a, b) => a - b);
  for (const label of labels) {
    const color = labelColor(label);
    byLabel.set(label, svgElement(document, group, 'g', { 'data-label': label, fill: color, stroke: color }));
  }
  ellipses.forEach((ellipse, i) => {
    const [m1, m2] = ellipse.mu;
    const [s1, s2] = ellipse.sigma;
    if (![m1, m2, s1, s2].every(Number.isFinite) || s1 <= 0 || s2 <= 0) {
      throw new VizError(
        `ellipse ${i} has mu (${m1}, ${m2}) and sigma (${s1}, ${s2}): mu must be finite and sigma positive`,
        ellipse,
      );
    }
    svgElement(document, byLabel.get(ellipse.label) as SVGGElement, 'ellipse', {
      cx: px(plane.scale.x(m1)),
      cy: px(plane.scale.y(m2)),
      rx: px(s1 * plane.scale.pxPerUnit),
      ry: px(s2 * plane.scale.pxPerUnit),
    });
  });
  return group;
}

export interface CursorOptions {
  /** The code the cursor marks. */
  readonly z: readonly [number, number];
  /** Also outline this ellipse (the selected posterior), to scale. */
  readonly sigma?: readonly [number, number];
}

/**
 * The focus cursor in the overlay: a ring around z (and the selected ellipse, to scale), replacing
 * the previous cursor. Returns the cursor's group.
 */
export function drawCursor(plane: LatentPlane, { z, sigma }: CursorOptions): SVGGElement {
  const document = plane.svg.ownerDocument;
  plane.overlay.querySelector('.latent-cursor')?.remove();
  const group = svgElement(document, plane.overlay, 'g', { class: 'latent-cursor', 'aria-hidden': 'true' });
  const cx = px(plane.scale.x(z[0]));
  const cy = px(plane.scale.y(z[1]));
  if (sigma !== undefined) {
    const ring = {
      cx,
      cy,
      rx: px(sigma[0] * plane.scale.pxPerUnit),
      ry: px(sigma[1] * plane.scale.pxPerUnit),
    };
    svgElement(document, group, 'ellipse', { ...ring, fill: 'none', stroke: 'white', 'stroke-width': 4 });
    svgElement(document, group, 'ellipse', { ...ring, fill: 'none', stroke: 'black', 'stroke-width': 2 });
  }
  svgElement(document, group, 'circle', { cx, cy, r: 6, fill: 'none', stroke: 'white', 'stroke-width': 4 });
  svgElement(document, group, 'circle', { cx, cy, r: 6, fill: 'none', stroke: 'black', 'stroke-width': 2 });
  return group;
}

/**
 * A plane extent that shows (nearly) all of `coords`: the `quantile` of max(|z_1|, |z_2|) over the
 * codes, rounded up to a whole unit, and never less than `min` (so the unit circle has room).
 */
export function extentFor(coords: ArrayLike<number>, { quantile = 0.99, min = 3 } = {}): number {
  const n = Math.floor(coords.length / 2);
  if (n === 0) return min;
  const radii = Float64Array.from({ length: n }, (_, i) =>
    Math.max(Math.abs(coords[2 * i] as number), Math.abs(coords[2 * i + 1] as number)),
  ).sort();
  const q = radii[Math.min(n - 1, Math.floor(quantile * n))] as number;
  return Math.max(min, Math.ceil(q));
}

export interface CodesPlaneOptions extends LatentPlaneOptions {
  readonly scatter?: LabelledCodes;
  readonly scatterStyle?: ScatterOptions;
  readonly ellipses?: readonly EllipseDatum[];
  readonly ellipsesStyle?: EllipsesOptions;
  readonly cursor?: CursorOptions;
}

/** A plane with, bottom to top: a scatter, ellipses, the unit circle and a cursor (each optional). */
export function renderCodesPlane(options: CodesPlaneOptions): LatentPlane {
  const plane = renderLatentPlane(options);
  if (options.scatter !== undefined) drawScatter(plane, options.scatter, options.scatterStyle);
  if (options.ellipses !== undefined) drawEllipses(plane, options.ellipses, options.ellipsesStyle);
  if (options.cursor !== undefined) drawCursor(plane, options.cursor);
  return plane;
}
