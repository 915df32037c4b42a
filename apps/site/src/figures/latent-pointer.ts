/**
 * Pointer positions on a latent plane drawn by src/viz/latent-plane.ts, in latent units: the SVG
 * scales with its container (viewBox size x size), so a client position maps through the element's
 * box to viewBox units, then through the plane's scale.
 */
import type { LatentScale } from '../viz/latent-plane.ts';

export function pointerToLatent(
  svg: SVGSVGElement,
  scale: LatentScale,
  event: Pick<PointerEvent, 'clientX' | 'clientY'>,
): [number, number] {
  const box = svg.getBoundingClientRect();
  const px = ((event.clientX - box.left) * scale.size) / box.width;
  const py = ((event.clientY - box.top) * scale.size) / box.height;
  return scale.invert(px, py);
}

/** "(0.12, −1.30)": a latent point for read-outs, with a true minus sign. */
export function formatPoint(z: readonly number[], digits = 2): string {
  return `(${z.map((v) => v.toFixed(digits).replace('-', '−')).join(', ')})`;
}
