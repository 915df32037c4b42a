import { describe, expect, it } from 'vitest';
import { toImageData, toRgba } from './image.ts';

describe('toRgba', () => {
  const batch = { data: new Float32Array([0, 0.5, 1, 2, /* row 1 */ 1, 1, 0, 0]), rows: 2, columns: 4 };

  it('spreads grey into RGB, alpha 255, clamps outside [0, 1]', () => {
    expect([...toRgba(batch, 0, [2, 2, 1])]).toEqual([
      0, 0, 0, 255, 128, 128, 128, 255, 255, 255, 255, 255, 255, 255, 255, 255,
    ]);
    expect([...toRgba(batch, 1, [1, 1, 4])]).toEqual([255, 255, 0, 0]);
  });

  it('maps a custom range and rejects a shape that does not fit', () => {
    expect(toRgba(batch, 0, [2, 2, 1], { range: [0, 2] })[4]).toBe(64);
    expect(() => toRgba(batch, 0, [3, 3, 1])).toThrow(/\[3,3,1\] does not hold the 4 values/);
    expect(() => toRgba(batch, 2, [2, 2, 1])).toThrow(/row 2 is out of range/);
  });

  it('toImageData says to use toRgba where ImageData does not exist', () => {
    expect(() => toImageData(batch, 0, [2, 2, 1])).toThrow(/use toRgba/);
  });
});
