/**
 * Marks that figures 3, 5, 6 and 7 add to a latent plane (src/viz/latent-plane.ts), in latent
 * units through the plane's one scale: points (drawn z's, prior samples), a polyline (an
 * interpolation path), contours (level sets of a density computed on a grid of the plane).
 */
import { contours } from 'd3';
import type { LatentGrid } from '../math/posterior-grid.ts';
import type { LatentPlane } from './latent-plane.ts';
import { VizError } from './viz-error.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

function element<K extends keyof SVGElementTagNameMap>(
  parent: Element,
  tag: K,
  attributes: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const made = parent.ownerDocument.createElementNS(SVG_NS, tag) as SVGElementTagNameMap[K];
  for (const [name, value] of Object.entries(attributes)) made.setAttribute(name, String(value));
  parent.append(made);
  return made;
}

const px = (value: number): string => String(Math.round(value * 100) / 100);

function pointCount(coords: ArrayLike<number>): number {
  if (coords.length % 2 !== 0) {
    throw new VizError(
      `coords must be [N, 2] row-major (an even count), got ${coords.length} numbers`,
      coords.length,
    );
  }
  for (let i = 0; i < coords.length; i += 1) {
    if (!Number.isFinite(coords[i] as number)) {
      throw new VizError(
        `coordinate ${i} is ${String(coords[i])}: every latent point must be finite`,
        coords[i],
      );
    }
  }
  return coords.length / 2;
}

export interface MarkStyle {
  /** CSS class of the group (figures find and replace their marks by it). */
  readonly className: string;
  readonly color?: string;
  /** Point radius in px; default 3.5. */
  readonly radius?: number;
}

/** One <circle> per point [N, 2] into `layer` (default the overlay), replacing marks of the same class. */
export function drawPoints(
  plane: LatentPlane,
  coords: ArrayLike<number>,
  { className, color = 'currentColor', radius = 3.5 }: MarkStyle,
  layer: SVGGElement = plane.overlay,
): SVGGElement {
  const n = pointCount(coords);
  layer.querySelector(`g.${className}`)?.remove();
  const group = element(layer, 'g', { class: className, 'aria-hidden': 'true' });
  for (let i = 0; i < n; i += 1) {
    element(group, 'circle', {
      cx: px(plane.scale.x(coords[2 * i] as number)),
      cy: px(plane.scale.y(coords[2 * i + 1] as number)),
      r: radius,
      fill: color,
      stroke: 'white',
      'stroke-width': 1,
    });
  }
  return group;
}

/** A polyline through the points [N, 2], replacing marks of the same class. */
export function drawPolyline(
  plane: LatentPlane,
  coords: ArrayLike<number>,
  { className, color = 'currentColor' }: MarkStyle,
  layer: SVGGElement = plane.overlay,
): SVGGElement {
  const n = pointCount(coords);
  layer.querySelector(`g.${className}`)?.remove();
  const group = element(layer, 'g', { class: className, 'aria-hidden': 'true' });
  const points = Array.from(
    { length: n },
    (_, i) =>
      `${px(plane.scale.x(coords[2 * i] as number))},${px(plane.scale.y(coords[2 * i + 1] as number))}`,
  ).join(' ');
  element(group, 'polyline', {
    points,
    fill: 'none',
    stroke: color,
    'stroke-width': 2,
    'stroke-linecap': 'round',
  });
  return group;
}

/**
 * Contours of `values` [cells^2] (image order: row 0 at the top, largest z_2) at `levels`, as paths
 * on the plane (d3-contour marching squares, mapped from grid units to latent units to px).
 */
export function drawContours(
  plane: LatentPlane,
  region: LatentGrid,
  values: ArrayLike<number>,
  levels: readonly number[],
  { className, color = 'currentColor' }: MarkStyle,
  layer: SVGGElement = plane.data,
): SVGGElement {
  const { center, halfWidth, cells } = region;
  if (values.length !== cells * cells) {
    throw new VizError(
      `a ${cells}x${cells} grid needs ${cells * cells} values, got ${values.length}`,
      values.length,
    );
  }
  layer.querySelector(`g.${className}`)?.remove();
  const group = element(layer, 'g', { class: className, 'aria-hidden': 'true' });
  const side = (2 * halfWidth) / cells;
  // grid unit (u, v) from the top-left corner -> latent (c1 - h + u s, c2 + h - v s) -> px
  const toPx = (u: number, v: number): string =>
    `${px(plane.scale.x(center[0] - halfWidth + u * side))},${px(plane.scale.y(center[1] + halfWidth - v * side))}`;
  const generator = contours().size([cells, cells]);
  for (const [index, level] of levels.entries()) {
    const shape = generator.contour(Array.from(values), level);
    const d = shape.coordinates
      .flatMap((polygon) =>
        polygon.map((ring) => `M${ring.map(([u, v]) => toPx(u as number, v as number)).join('L')}Z`),
      )
      .join('');
    element(group, 'path', {
      d,
      'data-level': index,
      fill: color,
      'fill-opacity': 0.12,
      stroke: color,
      'stroke-width': 1.25,
    });
  }
  return group;
}
