/**
 * A small seeded PRNG in plain JS for data (toy sets, shuffling, binarisation); tensors draw their
 * noise with tfjs's own seeded generators. Same seed, same stream, on every platform, independent of
 * the tfjs backend.
 */

/** A generator of uniform floats in [0, 1). */
export type Random = () => number;

/** mulberry32 (Tommy Ettinger): 32-bit state, period 2^32, good enough for shuffles and coin flips. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One N(0, 1) draw by Box-Muller from a uniform generator: sqrt(-2 log u1) cos(2 pi u2), u1 in (0, 1]. */
export function standardNormal(uniform: Random): number {
  const u1 = 1 - uniform();
  const u2 = uniform();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/**
 * Mixes integers into one 32-bit seed (murmur3's finaliser over a running hash), so streams keyed by
 * e.g. (seed, epoch) or (seed, epoch, step) are independent and can be recreated from their key alone.
 */
export function mixSeed(...parts: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
export function permutation(n: number, random: Random): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = order[i] as number;
    order[i] = order[j] as number;
    order[j] = tmp;
  }
  return order;
}
