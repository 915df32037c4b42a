import type { NamedWeights, WeightValue } from '@ellipse/core';

/**
 * The checkpoint file format, one file, little-endian:
 *   bytes 0-7   magic 'ELPSCKP1'
 *   bytes 8-11  uint32 n: length of the JSON header
 *   n bytes     UTF-8 JSON: { ...header fields, tensors: [{ name, shape, offset }] } (offset in floats)
 *   padding     zero bytes up to a multiple of 4
 *   rest        float32 values of every tensor, concatenated in header order
 */
const MAGIC = 'ELPSCKP1';

export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
}

interface TensorEntry {
  readonly name: string;
  readonly shape: readonly number[];
  readonly offset: number;
}

export function encodeCheckpoint<H extends object>(header: H, tensors: NamedWeights): Uint8Array {
  const entries: TensorEntry[] = [];
  let floats = 0;
  for (const [name, { shape }] of Object.entries(tensors)) {
    entries.push({ name, shape, offset: floats });
    floats += shape.reduce((a, b) => a * b, 1);
  }
  const json = new TextEncoder().encode(JSON.stringify({ ...header, tensors: entries }));
  const dataStart = Math.ceil((12 + json.length) / 4) * 4;
  const bytes = new Uint8Array(dataStart + floats * 4);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(bytes.buffer).setUint32(8, json.length, true);
  bytes.set(json, 12);
  const data = new Float32Array(bytes.buffer, dataStart, floats);
  for (const [i, entry] of entries.entries()) {
    data.set((Object.values(tensors)[i] as WeightValue).values, entry.offset);
  }
  return bytes;
}

/** Decodes a checkpoint; `source` names the file in error messages. */
export function decodeCheckpoint<H extends object>(
  bytes: Uint8Array,
  source: string,
): { header: H; tensors: NamedWeights } {
  const fail = (what: string): never => {
    throw new CheckpointError(
      `${source} is not a valid Ellipse checkpoint: ${what}; delete it or pick another run`,
    );
  };
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) {
    fail(`it does not start with '${MAGIC}'`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonLength = view.getUint32(8, true);
  if (12 + jsonLength > bytes.length)
    fail(`its header claims ${jsonLength} bytes, the file has ${bytes.length}`);
  let parsed: H & { tensors: TensorEntry[] };
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + jsonLength)));
  } catch {
    return fail('its header is not valid JSON');
  }
  const dataStart = Math.ceil((12 + jsonLength) / 4) * 4;
  // Copy the floats out, so they are 4-byte aligned and independent of `bytes` (a Node Buffer may be a
  // view into a shared pool: its .buffer is not the file).
  const data = new Float32Array(Math.max(0, Math.floor((bytes.length - dataStart) / 4)));
  new Uint8Array(data.buffer).set(bytes.subarray(dataStart, dataStart + data.length * 4));
  const tensors: Record<string, WeightValue> = {};
  for (const { name, shape, offset } of parsed.tensors) {
    const size = shape.reduce((a, b) => a * b, 1);
    if (offset + size > data.length) fail(`tensor '${name}' runs past the end of the file (truncated?)`);
    tensors[name] = { shape, values: data.slice(offset, offset + size) };
  }
  const { tensors: _entries, ...header } = parsed;
  return { header: header as unknown as H, tensors };
}
