import { ModelFormatError } from '@ellipse/format';

/**
 * Reads `metadata_props` of an ONNX ModelProto with a minimal protobuf walker (no dependency), and
 * rejects bytes that are not an ONNX model. ModelProto fields used: 1 ir_version (varint),
 * 7 graph (message), 14 metadata_props (StringStringEntryProto: 1 key, 2 value).
 */

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

interface Field {
  readonly number: number;
  readonly wire: number;
  /** The varint's value, or the bytes of a length-delimited field. */
  readonly value: number | Uint8Array;
}

class Malformed extends Error {}

function* fields(bytes: Uint8Array): Generator<Field> {
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i += 1) {
      const byte = bytes[pos];
      if (byte === undefined) throw new Malformed('truncated varint');
      pos += 1;
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
    throw new Malformed('varint longer than 10 bytes');
  };
  while (pos < bytes.length) {
    const key = varint();
    const number = Math.floor(key / 8);
    const wire = key % 8;
    if (number === 0) throw new Malformed('field number 0');
    let value: number | Uint8Array;
    if (wire === WIRE_VARINT) value = varint();
    else if (wire === WIRE_BYTES) {
      const length = varint();
      if (pos + length > bytes.length) throw new Malformed('length past the end');
      value = bytes.subarray(pos, pos + length);
      pos += length;
    } else if (wire === WIRE_FIXED64 || wire === WIRE_FIXED32) {
      pos += wire === WIRE_FIXED64 ? 8 : 4;
      if (pos > bytes.length) throw new Malformed('fixed field past the end');
      value = 0;
    } else throw new Malformed(`wire type ${wire}`);
    yield { number, wire, value };
  }
}

function preview(bytes: Uint8Array): string {
  const hex = [...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return `${bytes.length} bytes starting ${hex || '(empty)'}`;
}

/** The model's `metadata_props` as a record; throws ModelFormatError when `bytes` is not ONNX. */
export function readOnnxMetadata(bytes: Uint8Array, source: string): Record<string, string> {
  const notOnnx = (why: string): ModelFormatError =>
    new ModelFormatError(
      `${source} is not an ONNX model (${why}; ${preview(bytes)}): pass a .onnx file exported by Ellipse's trainer`,
    );
  const props: Record<string, string> = {};
  let irVersion = 0;
  let graph = false;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for (const field of fields(bytes)) {
      if (field.number === 1 && field.wire === WIRE_VARINT) irVersion = field.value as number;
      if (field.number === 7 && field.wire === WIRE_BYTES) graph = true;
      if (field.number === 14 && field.wire === WIRE_BYTES) {
        let key = '';
        let value = '';
        for (const entry of fields(field.value as Uint8Array)) {
          if (entry.wire !== WIRE_BYTES) continue;
          if (entry.number === 1) key = decoder.decode(entry.value as Uint8Array);
          if (entry.number === 2) value = decoder.decode(entry.value as Uint8Array);
        }
        props[key] = value;
      }
    }
  } catch (error) {
    throw notOnnx(error instanceof Malformed ? `malformed protobuf: ${error.message}` : 'invalid UTF-8 text');
  }
  if (irVersion < 1) throw notOnnx('no ir_version');
  if (!graph) throw notOnnx('no graph');
  return props;
}
