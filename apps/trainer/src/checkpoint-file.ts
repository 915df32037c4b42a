import { crc32 } from 'node:zlib';
import type { NamedWeights, WeightValue } from '@ellipse/core';

/**
 * The checkpoint file format, one file, little-endian:
 *   bytes 0-7   magic 'ELPSCKP2'
 *   bytes 8-11  uint32 n: length of the JSON header
 *   bytes 12-15 uint32 CRC-32 of every byte from 16 to the end: any flipped bit or cut is caught
 *   n bytes     UTF-8 JSON: { ...header fields, tensors: [{ name, shape, offset }] } (offset in floats)
 *   padding     zero bytes up to a multiple of 4
 *   rest        float32 values of every tensor, concatenated in header order
 * Version 1 ('ELPSCKP1', no CRC, the JSON from byte 12) is still read.
 */
const MAGIC = 'ELPSCKP2';
const MAGIC_V1 = 'ELPSCKP1';

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
  const dataStart = Math.ceil((16 + json.length) / 4) * 4;
  const bytes = new Uint8Array(dataStart + floats * 4);
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  const view = new DataView(bytes.buffer);
  view.setUint32(8, json.length, true);
  bytes.set(json, 16);
  const data = new Float32Array(bytes.buffer, dataStart, floats);
  for (const [i, entry] of entries.entries()) {
    data.set((Object.values(tensors)[i] as WeightValue).values, entry.offset);
  }
  view.setUint32(12, crc32(bytes.subarray(16)), true);
  return bytes;
}

function isEntry(entry: unknown): entry is TensorEntry {
  const { name, shape, offset } = (entry ?? {}) as Partial<TensorEntry>;
  return (
    typeof name === 'string' &&
    Array.isArray(shape) &&
    shape.every((size) => Number.isInteger(size) && size >= 0) &&
    Number.isInteger(offset) &&
    (offset as number) >= 0
  );
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
  const magic = new TextDecoder().decode(bytes.subarray(0, 8));
  if (bytes.length < 16 || (magic !== MAGIC && magic !== MAGIC_V1)) {
    fail(`it does not start with '${MAGIC}'`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const jsonStart = magic === MAGIC ? 16 : 12;
  if (magic === MAGIC) {
    const stored = view.getUint32(12, true);
    const actual = crc32(bytes.subarray(16));
    if (stored !== actual) {
      fail(
        `its CRC-32 is ${actual.toString(16)}, the file says ${stored.toString(16)} (damaged or cut short)`,
      );
    }
  }
  const jsonLength = view.getUint32(8, true);
  if (jsonStart + jsonLength > bytes.length)
    fail(`its header claims ${jsonLength} bytes, the file has ${bytes.length}`);
  let parsed: H & { tensors: unknown };
  try {
    parsed = JSON.parse(new TextDecoder().decode(bytes.subarray(jsonStart, jsonStart + jsonLength)));
  } catch {
    return fail('its header is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray(parsed.tensors)) {
    return fail('its header is not an object with a list of tensors');
  }
  const entries: unknown[] = parsed.tensors;
  const dataStart = Math.ceil((jsonStart + jsonLength) / 4) * 4;
  // Copy the floats out, so they are 4-byte aligned and independent of `bytes` (a Node Buffer may be a
  // view into a shared pool: its .buffer is not the file).
  const data = new Float32Array(Math.max(0, Math.floor((bytes.length - dataStart) / 4)));
  new Uint8Array(data.buffer).set(bytes.subarray(dataStart, dataStart + data.length * 4));
  const tensors: Record<string, WeightValue> = {};
  for (const entry of entries) {
    if (!isEntry(entry)) return fail(`tensor entry ${JSON.stringify(entry)} is not { name, shape, offset }`);
    const { name, shape, offset } = entry;
    const size = shape.reduce((a, b) => a * b, 1);
    if (offset + size > data.length) fail(`tensor '${name}' runs past the end of the file (truncated?)`);
    const values = data.slice(offset, offset + size);
    const bad = values.findIndex((value) => !Number.isFinite(value));
    if (bad >= 0) fail(`tensor '${name}' holds ${values[bad]} at index ${bad}`);
    tensors[name] = { shape, values };
  }
  const { tensors: _entries, ...header } = parsed;
  return { header: header as unknown as H, tensors };
}
