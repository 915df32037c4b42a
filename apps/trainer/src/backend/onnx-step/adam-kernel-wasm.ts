/**
 * The binary of a tiny WebAssembly module with one function, Adam's update over four float32 arrays
 * in its (imported) memory, four lanes at a time with 128-bit SIMD:
 *
 *   adam(bytes, w, g, m, v: i32 byte offsets; b1, d1, b2, d2, a, s, eps: f32)
 *     for i in [0, bytes) step 16:            (4 float32 lanes)
 *       m[i] <- b1 m[i] + d1 g[i]
 *       v[i] <- b2 v[i] + d2 g[i]^2
 *       w[i] <- w[i] - a m[i] / (sqrt(v[i]) s + eps)
 *
 * With d1 = 1 - b1, d2 = 1 - b2 (computed by the caller in float64: 1 - b2 in float32 is off by
 * 1e-5 of itself), a = lr / (1 - b1^t) and s = 1 / sqrt(1 - b2^t) this is Adam's step t (flat-adam.ts). Written as
 * bytes (the WebAssembly binary format, https://webassembly.github.io/spec/core/binary/) so the
 * trainer needs no toolchain to build it; every instruction below is named in its comment.
 */

/** Unsigned LEB128, the binary format's encoding of every count and index. */
function leb128(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  do {
    const low = rest & 0x7f;
    rest >>>= 7;
    bytes.push(rest === 0 ? low : low | 0x80);
  } while (rest !== 0);
  return bytes;
}

/** A section: its id, then its size in bytes, then its contents. */
const section = (id: number, contents: readonly number[]): number[] => [
  id,
  ...leb128(contents.length),
  ...contents,
];
/** A vector: its length, then its items' bytes. */
const vector = (items: readonly (readonly number[])[]): number[] => [
  ...leb128(items.length),
  ...items.flat(),
];
const name = (text: string): number[] => vector([...text].map((c) => [c.charCodeAt(0)]));

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;

// Locals: the parameters 0-11 as in the signature above, then i (12) and the vectors 13-22.
const [BYTES, W, G, M, V, B1, D1, B2, D2, A, S, EPS] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const I = 12;
const [VB1, VD1, VB2, VD2, VA, VS, VEPS, VG, VM, VV] = [13, 14, 15, 16, 17, 18, 19, 20, 21, 22];

const get = (local: number) => [0x20, local]; // local.get
const set = (local: number) => [0x21, local]; // local.set
const simd = (op: number) => [0xfd, ...leb128(op)];
const load = [...simd(0x00), 4, 0]; // v128.load, align 2^4, offset 0
const store = [...simd(0x0b), 4, 0]; // v128.store
const splat = simd(0x13); // f32x4.splat
const [sqrt, add, sub, mul, div] = [0xe3, 0xe4, 0xe5, 0xe6, 0xe7].map(simd) as [
  number[],
  number[],
  number[],
  number[],
  number[],
]; // f32x4.*
const address = (base: number) => [...get(base), ...get(I), 0x6a]; // base + i (i32.add)

// biome-ignore format: one line per step of the update reads better than one byte per line
const body = [
  // splat the scalars once: b1, d1, b2, d2, a, s, eps
  ...get(B1), ...splat, ...set(VB1),
  ...get(D1), ...splat, ...set(VD1),
  ...get(B2), ...splat, ...set(VB2),
  ...get(D2), ...splat, ...set(VD2),
  ...get(A), ...splat, ...set(VA),
  ...get(S), ...splat, ...set(VS),
  ...get(EPS), ...splat, ...set(VEPS),
  0x02, 0x40, // block
  0x03, 0x40, // loop
  ...get(I), ...get(BYTES), 0x4f, 0x0d, 1, // br_if 1 (i >= bytes: i32.ge_u)
  ...address(G), ...load, ...set(VG),
  // m = b1 m + d1 g
  ...get(VB1), ...address(M), ...load, ...mul, ...get(VD1), ...get(VG), ...mul, ...add, ...set(VM),
  ...address(M), ...get(VM), ...store,
  // v = b2 v + d2 g g
  ...get(VB2), ...address(V), ...load, ...mul, ...get(VD2), ...get(VG), ...mul, ...get(VG), ...mul, ...add,
  ...set(VV),
  ...address(V), ...get(VV), ...store,
  // w = w - a m / (sqrt(v) s + eps)
  ...address(W),
  ...address(W), ...load,
  ...get(VA), ...get(VM), ...mul,
  ...get(VV), ...sqrt, ...get(VS), ...mul, ...get(VEPS), ...add,
  ...div, ...sub, ...store,
  ...get(I), 0x41, 16, 0x6a, ...set(I), // i = i + 16 (i32.const, i32.add)
  0x0c, 0, // br 0
  0x0b, // end loop
  0x0b, // end block
  0x0b, // end function
];

/** A function's code: its size in bytes, then its locals and body. */
const withSize = (code: readonly number[]): number[] => [...leb128(code.length), ...code];

/** The module: imports `env.memory`, exports `adam`. */
// biome-ignore format: one line per section
export const ADAM_KERNEL_WASM: Uint8Array = Uint8Array.from([
  ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // "\0asm", version 1
  ...section(1, vector([[0x60, ...vector([I32, I32, I32, I32, I32, F32, F32, F32, F32, F32, F32, F32].map((t) => [t])), 0]])), // type 0
  ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])), // import memory, min 1 page
  ...section(3, vector([[0]])), // function 0 has type 0
  ...section(7, vector([[...name('adam'), 0x00, 0]])), // export function 0 as "adam"
  ...section(10, vector([withSize([...vector([[1, I32], [10, V128]]), ...body])])), // code: locals, body
]);
