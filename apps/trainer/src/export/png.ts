/** PNG encoding of grayscale images (8-bit, color type 0) with pngjs. */
import { PNG } from 'pngjs';
import { type GrayImage, type ImageGridOptions, imageGrid } from './image-grid.ts';

/** The PNG file bytes of an 8-bit grayscale image. */
export function encodeGrayPng({ width, height, pixels }: GrayImage): Uint8Array {
  const png = new PNG({ width, height });
  png.data = Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength);
  // inputColorType 0: `data` holds one gray byte per pixel; colorType 0: the file is grayscale.
  return PNG.sync.write(png, { colorType: 0, inputColorType: 0, inputHasAlpha: false, bitDepth: 8 });
}

/** One PNG holding a grid of grayscale images in [0, 1] (see imageGrid for the layout). */
export function encodeImageGridPng(options: ImageGridOptions): Uint8Array {
  return encodeGrayPng(imageGrid(options));
}
