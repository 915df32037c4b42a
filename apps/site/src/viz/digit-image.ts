/**
 * A decoded image (a 28x28 digit by default) as an SVG element with a text alternative: the shared
 * render of every figure that shows a digit. Pixels are values in [0, 1] (Bernoulli means
 * E[p(x|z)] from the decoder, or pixel intensities of a data image), drawn as ink on paper
 * (1 = dark) through an 8-bit grey PNG in an SVG <image>, scaled without smoothing. The same
 * function runs at build time (jsdom) and live, so the static figure and the live one match.
 */
import { greyPngDataUrl } from './grey-png.ts';
import { VizError } from './viz-error.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

export interface DigitPixels {
  /** Row-major values in [0, 1] (clamped), height * width of them. */
  readonly values: ArrayLike<number>;
  /** Default 28. */
  readonly width?: number;
  /** Default 28. */
  readonly height?: number;
}

export interface DigitImageOptions {
  /** The document that creates the elements (the page's, or jsdom's at build time). */
  readonly document: Document;
  /** Drawn width in CSS px (or user units inside another SVG); the height keeps the image's aspect. */
  readonly size: number;
  /** The text alternative: what the image is (e.g. "decoded at z = (0.10, -1.20)"). */
  readonly label: string;
  /** Position inside a parent SVG; default 0, 0. */
  readonly x?: number;
  readonly y?: number;
  /** 'dark' (default): value 1 is black on white; 'light': value 1 is white on black. */
  readonly ink?: 'dark' | 'light';
}

/** Grey levels for the PNG: value v in [0, 1] -> 255 (1 - v) for dark ink, 255 v for light ink. */
export function greyLevels(pixels: DigitPixels, ink: 'dark' | 'light' = 'dark'): Uint8Array {
  const { values, width = 28, height = 28 } = pixels;
  if (values.length !== width * height) {
    throw new VizError(
      `a ${width}x${height} image needs ${width * height} values, got ${values.length}: pass its width and height`,
      values.length,
    );
  }
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i += 1) {
    const v = values[i] as number;
    if (Number.isNaN(v)) {
      throw new VizError(`pixel ${i} is NaN: the decoder produced no value there`, v);
    }
    const clamped = Math.min(1, Math.max(0, v));
    out[i] = Math.round(255 * (ink === 'dark' ? 1 - clamped : clamped));
  }
  return out;
}

/** The image as a `data:image/png` URL (no request leaves the page). */
export function digitDataUrl(pixels: DigitPixels, ink: 'dark' | 'light' = 'dark'): string {
  const { width = 28, height = 28 } = pixels;
  return greyPngDataUrl({ pixels: greyLevels(pixels, ink), width, height });
}

/**
 * <svg role="img" aria-label=label> <title>label</title> <image href=PNG/> </svg>: a standalone
 * inline image in HTML, or a nested one inside a figure's SVG (at x, y).
 */
export function renderDigitImage(pixels: DigitPixels, options: DigitImageOptions): SVGSVGElement {
  const { document, size, x = 0, y = 0 } = options;
  if (!(Number.isFinite(size) && size > 0)) {
    throw new VizError(`size must be a positive number of pixels, got ${String(size)}`, size);
  }
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'digit-image');
  svg.setAttribute('role', 'img');
  svg.setAttribute('width', String(size));
  svg.setAttribute('x', String(x));
  svg.setAttribute('y', String(y));
  const title = document.createElementNS(SVG_NS, 'title');
  svg.append(title);
  const image = document.createElementNS(SVG_NS, 'image');
  image.setAttribute('width', String(size));
  image.setAttribute('preserveAspectRatio', 'none');
  image.setAttribute('style', 'image-rendering: pixelated');
  svg.append(image);
  updateDigitImage(svg, pixels, options);
  return svg;
}

/**
 * Swaps the pixels and the text alternative of an image made by `renderDigitImage` (live decoding);
 * the width stays, the height follows the new image's aspect.
 */
export function updateDigitImage(
  svg: SVGSVGElement,
  pixels: DigitPixels,
  options: Pick<DigitImageOptions, 'label' | 'ink'>,
): void {
  const image = svg.querySelector('image');
  const title = svg.querySelector('title');
  const width = Number(svg.getAttribute('width'));
  if (image === null || title === null || !(width > 0)) {
    throw new VizError('this element was not made by renderDigitImage (no <image>/<title>/width)', svg);
  }
  const { width: columns = 28, height: rows = 28 } = pixels;
  const height = String(Math.round(((width * rows) / columns) * 100) / 100);
  svg.setAttribute('height', height);
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  image.setAttribute('height', height);
  image.setAttribute('href', digitDataUrl(pixels, options.ink));
  title.textContent = options.label;
  svg.setAttribute('aria-label', options.label);
}

export interface TileOptions {
  /** Images per row of the mosaic. */
  readonly columns: number;
  /** Blank pixels between images (value `background`); default 1. */
  readonly gap?: number;
  /** Value of the gaps, in [0, 1]; default 0 (paper). */
  readonly background?: number;
  readonly width?: number;
  readonly height?: number;
}

/**
 * Tiles `count` images [count, height * width] (row-major, as a decoder returns a batch) into one
 * mosaic, row by row, so a latent grid or a set of samples is one <image> instead of many.
 */
export function tileDigits(batch: ArrayLike<number>, count: number, options: TileOptions): DigitPixels {
  const { columns, gap = 1, background = 0, width = 28, height = 28 } = options;
  if (!Number.isInteger(columns) || columns < 1) {
    throw new VizError(`columns must be a positive integer, got ${String(columns)}`, columns);
  }
  if (!Number.isInteger(count) || count < 1 || batch.length !== count * width * height) {
    throw new VizError(
      `a batch of ${String(count)} ${width}x${height} images has ${count * width * height} values, got ${batch.length}`,
      batch.length,
    );
  }
  const rows = Math.ceil(count / columns);
  const mosaicWidth = columns * width + (columns - 1) * gap;
  const mosaicHeight = rows * height + (rows - 1) * gap;
  const values = new Float32Array(mosaicWidth * mosaicHeight).fill(background);
  for (let n = 0; n < count; n += 1) {
    const left = (n % columns) * (width + gap);
    const top = Math.floor(n / columns) * (height + gap);
    for (let r = 0; r < height; r += 1) {
      for (let c = 0; c < width; c += 1) {
        values[(top + r) * mosaicWidth + left + c] = batch[n * width * height + r * width + c] as number;
      }
    }
  }
  return { values, width: mosaicWidth, height: mosaicHeight };
}
