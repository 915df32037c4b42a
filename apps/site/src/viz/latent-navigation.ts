/**
 * Moving a focus cursor over codes on the latent plane without a mouse: the nearest code to a point
 * (hover), and the next code in an arrow key's direction (keyboard). Pure functions over the
 * interleaved coords [N, 2] of latent-plane.ts, in latent units (so screen scale does not matter).
 */
import { pairCount } from './latent-plane.ts';
import { VizError } from './viz-error.ts';

export type Direction = 'left' | 'right' | 'up' | 'down';

/** Unit vectors in latent space: up is +z_2 (the plane draws z_2 upward). */
const VECTORS: Readonly<Record<Direction, readonly [number, number]>> = {
  left: [-1, 0],
  right: [1, 0],
  up: [0, 1],
  down: [0, -1],
};

/** The direction of an arrow key (`KeyboardEvent.key`), or null for any other key. */
export function arrowDirection(key: string): Direction | null {
  switch (key) {
    case 'ArrowLeft':
      return 'left';
    case 'ArrowRight':
      return 'right';
    case 'ArrowUp':
      return 'up';
    case 'ArrowDown':
      return 'down';
    default:
      return null;
  }
}

/** The unit vector of a direction in latent space. */
export function directionVector(direction: Direction): readonly [number, number] {
  return VECTORS[direction];
}

/** The code nearest to z (Euclidean, latent units), and its distance: what a hover at z points at. */
export function nearestCode(
  coords: ArrayLike<number>,
  z: readonly [number, number],
): { index: number; distance: number } {
  const n = pairCount(coords);
  let best = 0;
  let bestSquared = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i += 1) {
    const d1 = (coords[2 * i] as number) - z[0];
    const d2 = (coords[2 * i + 1] as number) - z[1];
    const squared = d1 * d1 + d2 * d2;
    if (squared < bestSquared) {
      bestSquared = squared;
      best = i;
    }
  }
  return { index: best, distance: Math.sqrt(bestSquared) };
}

/**
 * The next code from code `index` in `direction`: among the codes within 60 degrees of the direction
 * (cos >= 1/2), the one with the smallest distance / cos (near, and straight ahead rather than
 * sideways). Returns `index` itself when there is none (the edge of the cloud).
 */
export function stepCode(coords: ArrayLike<number>, index: number, direction: Direction): number {
  const n = pairCount(coords);
  if (!(Number.isInteger(index) && index >= 0 && index < n)) {
    throw new VizError(`index must be an integer in [0, ${n - 1}], got ${String(index)}`, index);
  }
  const [u1, u2] = VECTORS[direction];
  const from1 = coords[2 * index] as number;
  const from2 = coords[2 * index + 1] as number;
  let best = index;
  let bestScore = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i += 1) {
    if (i === index) continue;
    const d1 = (coords[2 * i] as number) - from1;
    const d2 = (coords[2 * i + 1] as number) - from2;
    const distance = Math.hypot(d1, d2);
    if (distance === 0) continue;
    const cos = (d1 * u1 + d2 * u2) / distance;
    if (cos < 0.5) continue;
    const score = distance / cos;
    if (score < bestScore) {
      bestScore = score;
      best = i;
    }
  }
  return best;
}
