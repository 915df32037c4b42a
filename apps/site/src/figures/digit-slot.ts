/**
 * A slot on the page that shows one decoded image (src/viz/digit-image.ts): the first call renders
 * it, later calls swap its pixels and text alternative in place (live decoding at pointer speed).
 */
import { type DigitPixels, renderDigitImage, updateDigitImage } from '../viz/digit-image.ts';

export function showDigit(slot: HTMLElement, pixels: DigitPixels, label: string, size = 112): SVGSVGElement {
  const shown = slot.querySelector<SVGSVGElement>('svg.digit-image');
  if (shown !== null) {
    updateDigitImage(shown, pixels, { label });
    return shown;
  }
  const svg = renderDigitImage(pixels, { document: slot.ownerDocument, size, label });
  slot.replaceChildren(svg);
  return svg;
}
