import { describe, expect, it } from 'vitest';
import { VizError } from '../viz/viz-error.ts';
import { centreByMass, PAD, padFromUrl, padToUrl, strokeSegment } from './digit-pad.ts';

describe('strokeSegment', () => {
  it('inks a full disc around the segment with a one-pixel soft edge', () => {
    const pixels = strokeSegment(new Float32Array(PAD * PAD), [10, 14], [18, 14], 1);
    expect(pixels[14 * PAD + 14]).toBe(1); // on the segment
    expect(pixels[13 * PAD + 14]).toBe(1); // centre 14.5 vs row 13's 13.5: distance 0.5 (ink 1.5 -> 1)
    expect(pixels[12 * PAD + 14]).toBeCloseTo(0.5, 6); // distance 1.5: ink 2 - 1.5
    expect(pixels[11 * PAD + 14]).toBe(0); // distance 2.5
    expect(pixels[14 * PAD + 3]).toBe(0); // far left of the start
  });

  it('keeps the darker ink where strokes cross, and stays inside the pad at the edges', () => {
    const pixels = new Float32Array(PAD * PAD);
    pixels[0] = 0.9;
    strokeSegment(pixels, [-3, -3], [0.5, 0.5], 0.2);
    expect(pixels[0]).toBe(1);
    expect(pixels.length).toBe(PAD * PAD);
  });
});

describe('centreByMass', () => {
  it('moves a blob drawn in a corner to the centre of the pad', () => {
    const pixels = new Float32Array(PAD * PAD);
    pixels[2 * PAD + 3] = 1; // one pixel at (x 3.5, y 2.5)
    const centred = centreByMass(pixels);
    expect(centred[14 * PAD + 14]).toBe(1); // shifted by (round(10.5), round(11.5)) = (11, 12)
    expect(centred.reduce((s, v) => s + v, 0)).toBe(1);
    expect(centreByMass(new Float32Array(PAD * PAD)).every((v) => v === 0)).toBe(true);
  });
});

describe('the URL form', () => {
  it('round-trips the binarised image in 131 characters', () => {
    const pixels = strokeSegment(new Float32Array(PAD * PAD), [5, 5], [20, 22], 1.2);
    const text = padToUrl(pixels);
    expect(text).toMatch(/^[A-Za-z0-9_-]{131}$/);
    expect(Array.from(padFromUrl(text))).toEqual(Array.from(pixels, (v) => (v >= 0.5 ? 1 : 0)));
  });

  it('names a damaged link', () => {
    expect(() => padFromUrl('abc')).toThrow(VizError);
    expect(() => padFromUrl('abc')).toThrow(/98 bytes, the link holds 2/);
  });
});
