/**
 * A minimal PNG encoder for 8-bit greyscale images (colour type 0), small enough to run at build
 * time (no canvas in jsdom) and on every live decode: the zlib stream uses stored (uncompressed)
 * deflate blocks, so a 28x28 digit is 784 bytes of pixels + 28 filter bytes + ~70 bytes of framing.
 * Format: PNG spec (ISO/IEC 15948) sections 5 (chunks, CRC-32) and zlib RFC 1950/1951 (stored blocks, Adler-32).
 */

import { crc32 } from '../data/crc32.ts';
import { VizError } from './viz-error.ts';

export interface GreyImage {
  /** Grey levels 0 (black) .. 255 (white), row-major, width * height values. */
  readonly pixels: Uint8Array;
  readonly width: number;
  readonly height: number;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const STORED_BLOCK_MAX = 65_535; // deflate stored blocks carry at most 2^16 - 1 bytes

/** Adler-32 of `bytes` (the zlib stream's trailer): a = 1 + sum b, b = sum a, both mod 65521. */
export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65_521;
    b = (b + a) % 65_521;
  }
  return ((b << 16) | a) >>> 0;
}

function writeUint32(out: Uint8Array, offset: number, value: number): void {
  out[offset] = value >>> 24;
  out[offset + 1] = (value >>> 16) & 0xff;
  out[offset + 2] = (value >>> 8) & 0xff;
  out[offset + 3] = value & 0xff;
}

/** length (4) | type (4) | data | CRC-32 over type and data (4). */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  writeUint32(out, 0, data.length);
  for (let i = 0; i < 4; i += 1) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  writeUint32(out, 8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** zlib header (deflate, 32 K window, no dictionary) | stored blocks | Adler-32 of the raw bytes. */
function zlibStored(raw: Uint8Array): Uint8Array {
  const blocks = Math.max(1, Math.ceil(raw.length / STORED_BLOCK_MAX));
  const out = new Uint8Array(2 + blocks * 5 + raw.length + 4);
  out[0] = 0x78; // CMF: deflate, window 2^(7+8)
  out[1] = 0x01; // FLG: (0x78 * 256 + 0x01) % 31 === 0, fastest level, no dictionary
  let at = 2;
  for (let block = 0; block < blocks; block += 1) {
    const start = block * STORED_BLOCK_MAX;
    const length = Math.min(STORED_BLOCK_MAX, raw.length - start);
    out[at] = block === blocks - 1 ? 1 : 0; // BFINAL bit, BTYPE 00 (stored)
    out[at + 1] = length & 0xff; // LEN, little-endian
    out[at + 2] = length >>> 8;
    out[at + 3] = ~length & 0xff; // NLEN = one's complement of LEN
    out[at + 4] = (~length >>> 8) & 0xff;
    out.set(raw.subarray(start, start + length), at + 5);
    at += 5 + length;
  }
  writeUint32(out, at, adler32(raw));
  return out;
}

/** Encodes an 8-bit greyscale image as PNG bytes. */
export function encodeGreyPng(image: GreyImage): Uint8Array {
  const { pixels, width, height } = image;
  for (const [name, value] of [
    ['width', width],
    ['height', height],
  ] as const) {
    if (!Number.isInteger(value) || value < 1 || value > 16_384) {
      throw new VizError(`${name} must be an integer in 1..16384, got ${String(value)}`, value);
    }
  }
  if (pixels.length !== width * height) {
    throw new VizError(
      `a ${width}x${height} image needs ${width * height} pixels, got ${pixels.length}: pass width and height of the image`,
      pixels.length,
    );
  }
  const header = new Uint8Array(13);
  writeUint32(header, 0, width);
  writeUint32(header, 4, height);
  header[8] = 8; // bit depth
  header[9] = 0; // colour type: greyscale
  // compression 0, filter method 0, no interlace: bytes 10..12 stay 0
  const raw = new Uint8Array(height * (width + 1)); // each row: filter type 0 (None) + its pixels
  for (let row = 0; row < height; row += 1) {
    raw.set(pixels.subarray(row * width, (row + 1) * width), row * (width + 1) + 1);
  }
  const parts = [
    Uint8Array.from(SIGNATURE),
    chunk('IHDR', header),
    chunk('IDAT', zlibStored(raw)),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** `data:image/png;base64,...` for an image (a same-document URL: no request leaves the page). */
export function greyPngDataUrl(image: GreyImage): string {
  const bytes = encodeGreyPng(image);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return `data:image/png;base64,${btoa(binary)}`;
}
