/**
 * The drawing pad of section 7 as pure functions over a 28x28 image of ink values in [0, 1]
 * (row-major, the encoder's input layout): a soft round brush stamped along a stroke, centring by
 * centre of mass (MNIST's digits are centred that way, so a digit drawn off-centre encodes like
 * one), and a compact URL form of the image (its pixels binarised at 1/2, packed 8 to a byte, base64url).
 */
import { VizError } from '../viz/viz-error.ts';

export const PAD = 28;

/**
 * Stamps the brush along the segment from `from` to `to` (pixel units, x right, y down): every pixel
 * within `radius` + 1 of the segment gets ink max(old, clamp(radius + 1 - distance, 0, 1)), a disc of
 * full ink with a one-pixel soft edge. Mutates and returns `pixels`.
 */
export function strokeSegment(
  pixels: Float32Array,
  from: readonly [number, number],
  to: readonly [number, number],
  radius = 1,
): Float32Array {
  const [x0, y0] = from;
  const [x1, y1] = to;
  const dx = x1 - x0;
  const dy = y1 - y0;
  const length2 = dx * dx + dy * dy;
  const reach = radius + 1;
  for (
    let row = Math.max(0, Math.floor(Math.min(y0, y1) - reach));
    row <= Math.min(PAD - 1, Math.ceil(Math.max(y0, y1) + reach));
    row += 1
  ) {
    for (
      let col = Math.max(0, Math.floor(Math.min(x0, x1) - reach));
      col <= Math.min(PAD - 1, Math.ceil(Math.max(x0, x1) + reach));
      col += 1
    ) {
      const px = col + 0.5; // pixel centre
      const py = row + 0.5;
      const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((px - x0) * dx + (py - y0) * dy) / length2));
      const distance = Math.hypot(px - (x0 + t * dx), py - (y0 + t * dy));
      const ink = Math.max(0, Math.min(1, reach - distance));
      const i = row * PAD + col;
      pixels[i] = Math.max(pixels[i] as number, ink);
    }
  }
  return pixels;
}

/**
 * The image shifted by whole pixels so its centre of mass is at the centre (14, 14) of the pad;
 * ink shifted past an edge is dropped. A blank image is returned as it is.
 */
export function centreByMass(pixels: Float32Array): Float32Array {
  let mass = 0;
  let sumX = 0;
  let sumY = 0;
  pixels.forEach((v, i) => {
    mass += v;
    sumX += v * ((i % PAD) + 0.5);
    sumY += v * (Math.floor(i / PAD) + 0.5);
  });
  if (mass === 0) return pixels.slice();
  const shiftX = Math.round(PAD / 2 - sumX / mass);
  const shiftY = Math.round(PAD / 2 - sumY / mass);
  const out = new Float32Array(PAD * PAD);
  for (let row = 0; row < PAD; row += 1) {
    for (let col = 0; col < PAD; col += 1) {
      const r = row - shiftY;
      const c = col - shiftX;
      if (r >= 0 && r < PAD && c >= 0 && c < PAD) out[row * PAD + col] = pixels[r * PAD + c] as number;
    }
  }
  return out;
}

/** The image binarised at 1/2, packed most significant bit first, as base64url (131 characters). */
export function padToUrl(pixels: Float32Array): string {
  const bytes = new Uint8Array((PAD * PAD) / 8);
  pixels.forEach((v, i) => {
    if (v >= 0.5) bytes[i >> 3] = (bytes[i >> 3] as number) | (0x80 >> (i & 7));
  });
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** The inverse of padToUrl (0/1 pixels); throws VizError for text that is not a packed 28x28 image. */
export function padFromUrl(text: string): Float32Array {
  let binary: string;
  try {
    binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  } catch {
    throw new VizError(`'${text.slice(0, 20)}…' is not base64url: the drawing in the link is damaged`, text);
  }
  if (binary.length !== (PAD * PAD) / 8) {
    throw new VizError(
      `a drawing is ${(PAD * PAD) / 8} bytes, the link holds ${binary.length}: the link is damaged`,
      text,
    );
  }
  return Float32Array.from({ length: PAD * PAD }, (_, i) => (binary.charCodeAt(i >> 3) >> (7 - (i & 7))) & 1);
}
