/**
 * Lays out n grayscale images as a grid in one 8-bit grayscale image, e.g. the samples or the
 * reconstructions of an epoch. Pixel p in [0, 1] becomes round(255 p); images are separated and
 * framed by `padding` pixels of `background`.
 *
 *   grid width  = columns * (width + padding) + padding
 *   grid height = rows    * (height + padding) + padding,   rows = ceil(n / columns)
 */

export interface ImageGridOptions {
  /** [n, height * width] row-major, values in [0, 1]. */
  readonly images: Float32Array;
  readonly height: number;
  readonly width: number;
  /** Images per row (default ceil(sqrt(n))). */
  readonly columns?: number;
  /** Pixels between and around images (default 1). */
  readonly padding?: number;
  /** Gray level of the padding in [0, 1] (default 1, white). */
  readonly background?: number;
}

/** An 8-bit grayscale image: pixels [height, width] row-major. */
export interface GrayImage {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

function toByte(value: number): number {
  return Math.round(255 * Math.min(1, Math.max(0, value)));
}

export function imageGrid({
  images,
  height,
  width,
  columns,
  padding = 1,
  background = 1,
}: ImageGridOptions): GrayImage {
  const size = height * width;
  if (!(Number.isInteger(height) && Number.isInteger(width) && size > 0) || images.length % size !== 0) {
    throw new RangeError(
      `images has ${images.length} values, not a whole number of ${height}x${width} images: check height and width`,
    );
  }
  const bad = images.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new RangeError(`images[${bad}] is ${images[bad]}: expected finite values in [0, 1]`);
  }
  const count = images.length / size;
  const cols = Math.max(1, Math.min(count, columns ?? Math.ceil(Math.sqrt(count))));
  const rows = Math.max(1, Math.ceil(count / cols));
  const gridWidth = cols * (width + padding) + padding;
  const gridHeight = rows * (height + padding) + padding;
  const pixels = new Uint8Array(gridWidth * gridHeight).fill(toByte(background));
  for (let n = 0; n < count; n++) {
    const top = padding + Math.floor(n / cols) * (height + padding);
    const left = padding + (n % cols) * (width + padding);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        pixels[(top + y) * gridWidth + left + x] = toByte(images[n * size + y * width + x] as number);
      }
    }
  }
  return { width: gridWidth, height: gridHeight, pixels };
}
