/**
 * Seeded standard-normal draws that are bit-identical on every JavaScript runtime: a mulberry32
 * integer generator, Marsaglia's polar method, and a logarithm made of + - * / only (IEEE-754
 * exact in every engine), so no result depends on an engine's Math.log or Math.cos. sqrt is
 * correctly rounded by IEEE-754 too.
 */

/**
 * mulberry32: a 32-bit state generator; returns uniforms in [0, 1) with 32 random bits each. The same
 * generator as @ellipse/core's random.ts, repeated because the SDK must not depend on tfjs code.
 */
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

/**
 * ln(s) for 0 < s < 1 by s = m 2^e with m in [sqrt(1/2), sqrt(2)), then
 * ln m = 2 atanh(t) = 2 (t + t^3/3 + t^5/5 + ...), t = (m - 1) / (m + 1), |t| <= 0.172:
 * 14 terms reach double precision (0.172 * 0.0295^13 < 1e-20).
 */
export function portableLog(s: number): number {
  let m = s;
  let e = 0;
  while (m < Math.SQRT1_2) {
    m *= 2; // exact
    e -= 1;
  }
  const t = (m - 1) / (m + 1);
  const t2 = t * t;
  let power = t;
  let sum = 0;
  for (let k = 0; k < 14; k += 1) {
    sum += power / (2 * k + 1);
    power *= t2;
  }
  return e * Math.LN2 + 2 * sum;
}

/** n standard-normal draws N(0, 1) from `seed` (any 32-bit integer), as float32. */
export function normalDraws(seed: number, n: number): Float32Array {
  const uniform = mulberry32(seed);
  const out = new Float32Array(n);
  let i = 0;
  while (i < n) {
    const u = 2 * uniform() - 1;
    const v = 2 * uniform() - 1;
    const s = u * u + v * v;
    if (s >= 1 || s === 0) continue;
    const factor = Math.sqrt((-2 * portableLog(s)) / s); // polar method: u f, v f ~ N(0, 1) iid
    out[i] = u * factor;
    if (i + 1 < n) out[i + 1] = v * factor;
    i += 2;
  }
  return out;
}

/** A fresh random 32-bit seed, for calls that give none (returned to the caller, so runs can be repeated). */
export function freshSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] as number;
}
