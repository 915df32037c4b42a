/**
 * A small seeded PRNG for data generation in plain JS (tensors draw their noise with tfjs's own
 * seeded generators). Same seed, same stream, on every platform.
 */

/** mulberry32: a 32-bit state generator returning uniforms in [0, 1). */
export function mulberry32(seed: number): () => number {
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
export function standardNormal(uniform: () => number): number {
  const u1 = 1 - uniform();
  const u2 = uniform();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
