/** Test helper: encodes a uint8 IDX file (header 00 00 08 <ndims>, big-endian uint32 dims, bytes). */
export function encodeIdxUint8(shape: readonly number[], values: ArrayLike<number>): Uint8Array {
  const header = new DataView(new ArrayBuffer(4 + 4 * shape.length));
  header.setUint8(2, 0x08);
  header.setUint8(3, shape.length);
  for (const [i, size] of shape.entries()) header.setUint32(4 + 4 * i, size);
  const out = new Uint8Array(header.byteLength + values.length);
  out.set(new Uint8Array(header.buffer), 0);
  out.set(Uint8Array.from(values), header.byteLength);
  return out;
}
