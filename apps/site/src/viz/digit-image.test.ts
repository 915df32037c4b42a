import { JSDOM } from 'jsdom';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { digitDataUrl, greyLevels, renderDigitImage, tileDigits, updateDigitImage } from './digit-image.ts';
import { VizError } from './viz-error.ts';

const { document } = new JSDOM('<!doctype html><body></body>').window;

/** Grey levels back out of a data URL, through pngjs (an independent decoder). */
function decodeDataUrl(url: string): { width: number; height: number; grey: number[] } {
  const png = PNG.sync.read(Buffer.from(url.split(',')[1] as string, 'base64'));
  const grey = Array.from({ length: png.width * png.height }, (_, i) => png.data[4 * i] as number);
  return { width: png.width, height: png.height, grey };
}

/** A 28x28 "1": a vertical bar of ink in columns 13-14, rows 4-23. */
const one = Float32Array.from({ length: 784 }, (_, i) => {
  const row = Math.floor(i / 28);
  const col = i % 28;
  return row >= 4 && row < 24 && (col === 13 || col === 14) ? 1 : 0;
});

describe('greyLevels', () => {
  it('maps 1 to black and 0 to white (dark ink), clamping outside [0, 1]', () => {
    const values = [0, 1, 0.5, -3, 7, 0.25];
    expect(Array.from(greyLevels({ values, width: 3, height: 2 }))).toEqual([255, 0, 128, 255, 0, 191]);
    expect(Array.from(greyLevels({ values, width: 3, height: 2 }, 'light'))).toEqual([
      0, 255, 128, 0, 255, 64,
    ]);
  });

  it('names the bad input: wrong size, NaN pixel', () => {
    expect(() => greyLevels({ values: new Float32Array(10) })).toThrow(
      /28x28 image needs 784 values, got 10/,
    );
    const nan = new Float32Array(784);
    nan[300] = Number.NaN;
    expect(() => greyLevels({ values: nan })).toThrow(/pixel 300 is NaN/);
  });
});

describe('renderDigitImage', () => {
  it('renders an SVG image whose PNG holds the digit, with its text alternative', () => {
    const svg = renderDigitImage({ values: one }, { document, size: 112, label: 'a one' });
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('a one');
    expect(svg.querySelector('title')?.textContent).toBe('a one');
    expect(svg.getAttribute('width')).toBe('112');
    const href = svg.querySelector('image')?.getAttribute('href') ?? '';
    const { width, height, grey } = decodeDataUrl(href);
    expect([width, height]).toEqual([28, 28]);
    expect(grey[10 * 28 + 13]).toBe(0); // ink
    expect(grey[10 * 28 + 5]).toBe(255); // paper
    expect(grey.filter((g) => g === 0)).toHaveLength(40);
    expect(svg.outerHTML).toMatchSnapshot();
  });

  it('updates pixels and label in place (live decoding)', () => {
    const svg = renderDigitImage({ values: one }, { document, size: 56, label: 'before' });
    updateDigitImage(svg, { values: new Float32Array(784) }, { label: 'blank' });
    expect(svg.getAttribute('aria-label')).toBe('blank');
    const { grey } = decodeDataUrl(svg.querySelector('image')?.getAttribute('href') ?? '');
    expect(grey.every((g) => g === 255)).toBe(true);
    expect(() =>
      updateDigitImage(
        document.createElementNS('http://www.w3.org/2000/svg', 'svg'),
        { values: one },
        { label: 'x' },
      ),
    ).toThrow(VizError);
  });

  it('keeps the aspect of a mosaic: width as asked, height from the rows', () => {
    const strip = tileDigits(new Float32Array(784 * 4), 4, { columns: 4 }); // 4 * 28 + 3 gaps = 115 x 28
    const svg = renderDigitImage(strip, { document, size: 230, label: 'a strip' });
    expect(svg.getAttribute('width')).toBe('230');
    expect(svg.getAttribute('height')).toBe('56');
    expect(svg.getAttribute('viewBox')).toBe('0 0 230 56');
    updateDigitImage(svg, { values: one }, { label: 'square again' });
    expect(svg.getAttribute('height')).toBe('230');
  });

  it('rejects a size that is not a positive number', () => {
    expect(() => renderDigitImage({ values: one }, { document, size: 0, label: 'x' })).toThrow(
      /size must be/,
    );
  });
});

describe('tileDigits', () => {
  it('places each image at its row and column with gaps between', () => {
    // three 2x2 images with values n / 10, two per row: a 5x5 mosaic (gap 1)
    const batch = Float32Array.from({ length: 12 }, (_, i) => Math.floor(i / 4) / 10);
    const mosaic = tileDigits(batch, 3, { columns: 2, width: 2, height: 2, background: 1 });
    expect([mosaic.width, mosaic.height]).toEqual([5, 5]);
    expect(Array.from(mosaic.values, (v) => Math.round(v * 10))).toEqual(
      [
        [0, 0, 10, 1, 1],
        [0, 0, 10, 1, 1],
        [10, 10, 10, 10, 10],
        [2, 2, 10, 10, 10],
        [2, 2, 10, 10, 10],
      ].flat(),
    );
    const url = digitDataUrl(mosaic);
    expect(decodeDataUrl(url).width).toBe(5);
  });

  it('rejects a batch whose length is not count images', () => {
    expect(() => tileDigits(new Float32Array(784 * 2 + 1), 2, { columns: 2 })).toThrow(
      /has 1568 values, got 1569/,
    );
  });
});
