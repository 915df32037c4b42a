import { inflateSync } from 'node:zlib';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { adler32, encodeGreyPng, greyPngDataUrl } from './grey-png.ts';
import { VizError } from './viz-error.ts';

const ascii = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('Adler-32', () => {
  it('Adler-32 matches the worked example of RFC 1950 style checkers', () => {
    expect(adler32(ascii('Wikipedia'))).toBe(0x11e60398);
    expect(adler32(new Uint8Array(0))).toBe(1);
  });
});

describe('encodeGreyPng', () => {
  it('decodes with an independent PNG decoder (pngjs) to the same grey levels', () => {
    const width = 28;
    const height = 28;
    const pixels = Uint8Array.from({ length: width * height }, (_, i) => (i * 37) % 256);
    const png = PNG.sync.read(Buffer.from(encodeGreyPng({ pixels, width, height })));
    expect([png.width, png.height]).toEqual([width, height]);
    for (let i = 0; i < pixels.length; i += 1) {
      expect(png.data[4 * i]).toBe(pixels[i]); // pngjs expands grey to RGBA
      expect(png.data[4 * i + 3]).toBe(255);
    }
  });

  it('splits pixels over 64 KiB into several stored blocks that zlib inflates', () => {
    const width = 300;
    const height = 300; // 90,300 raw bytes > one stored block
    const pixels = Uint8Array.from({ length: width * height }, (_, i) => i % 251);
    const bytes = encodeGreyPng({ pixels, width, height });
    const png = PNG.sync.read(Buffer.from(bytes));
    expect(png.data[4 * 89_999]).toBe(89_999 % 251);
    // IDAT starts after signature (8) + IHDR (25): length (4) + type (4) + zlib stream
    const idatLength = new DataView(bytes.buffer).getUint32(33);
    const raw = inflateSync(bytes.subarray(41, 41 + idatLength));
    expect(raw.length).toBe(height * (width + 1));
  });

  it('rejects a pixel count that does not match the size, naming both', () => {
    expect(() => encodeGreyPng({ pixels: new Uint8Array(10), width: 28, height: 28 })).toThrow(
      /28x28 image needs 784 pixels, got 10/,
    );
    expect(() => encodeGreyPng({ pixels: new Uint8Array(0), width: 0, height: 1 })).toThrow(VizError);
  });

  it('makes a base64 data URL of the same bytes', () => {
    const image = { pixels: new Uint8Array([0, 128, 255, 64]), width: 2, height: 2 };
    const url = greyPngDataUrl(image);
    expect(url.startsWith('data:image/png;base64,')).toBe(true);
    expect(new Uint8Array(Buffer.from(url.split(',')[1] as string, 'base64'))).toEqual(encodeGreyPng(image));
  });
});
