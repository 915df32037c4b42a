import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { imageGrid } from './image-grid.ts';
import { encodeImageGridPng } from './png.ts';

// Three 2x3 images; image n has pixel (y, x) = (n * 6 + y * 3 + x) / 17, so every pixel is distinct.
const images = Float32Array.from({ length: 18 }, (_, i) => i / 17);

/** Gray level of pixel (x, y) of a decoded PNG (pngjs decodes to RGBA; gray means R = G = B). */
function gray(png: PNG, x: number, y: number): number {
  const i = 4 * (y * png.width + x);
  expect([png.data[i + 1], png.data[i + 2], png.data[i + 3]]).toEqual([png.data[i], png.data[i], 255]);
  return png.data[i] as number;
}

describe('image grid PNG', () => {
  it('decodes back to the grid: layout, padding, round(255 p)', () => {
    const bytes = encodeImageGridPng({ images, height: 2, width: 3, columns: 2, padding: 1, background: 0 });
    const png = PNG.sync.read(Buffer.from(bytes));
    // 2 columns, 2 rows: width 2 * (3 + 1) + 1 = 9, height 2 * (2 + 1) + 1 = 7.
    expect([png.width, png.height]).toEqual([9, 7]);
    expect(png.colorType).toBe(0);
    for (let n = 0; n < 3; n++) {
      const top = 1 + Math.floor(n / 2) * 3;
      const left = 1 + (n % 2) * 4;
      for (let y = 0; y < 2; y++) {
        for (let x = 0; x < 3; x++) {
          expect(gray(png, left + x, top + y)).toBe(Math.round((255 * (n * 6 + y * 3 + x)) / 17));
        }
      }
    }
    // Padding, and the empty fourth cell, are background.
    expect([gray(png, 0, 0), gray(png, 4, 1), gray(png, 8, 6), gray(png, 5, 4), gray(png, 7, 5)]).toEqual([
      0, 0, 0, 0, 0,
    ]);
  });

  it('clamps to [0, 1], defaults to a square-ish grid on white, and rejects bad input', () => {
    const grid = imageGrid({ images: Float32Array.of(-1, 0.5, 2, 1), height: 1, width: 1 });
    expect([grid.width, grid.height]).toEqual([5, 5]); // 2 x 2 cells of 1 pixel, padding 1
    expect([grid.pixels[6], grid.pixels[8], grid.pixels[16], grid.pixels[18], grid.pixels[0]]).toEqual([
      0, 128, 255, 255, 255,
    ]);
    expect(() => imageGrid({ images: new Float32Array(5), height: 2, width: 2 })).toThrow(/5 values.*2x2/);
    expect(() => imageGrid({ images: Float32Array.of(0, Number.NaN), height: 1, width: 1 })).toThrow(
      /images\[1\] is NaN/,
    );
  });
});
