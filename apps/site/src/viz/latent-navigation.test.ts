import { describe, expect, it } from 'vitest';
import { arrowDirection, directionVector, nearestCode, stepCode } from './latent-navigation.ts';

//            3 (0, 2)
//  1 (-1, 0) 0 (0, 0)  2 (1, 0.2)   4 (3, 0)
//            5 (0.5, -1)
const coords = [0, 0, -1, 0, 1, 0.2, 0, 2, 3, 0, 0.5, -1];

describe('nearestCode', () => {
  it('finds the nearest code and its distance', () => {
    const a = nearestCode(coords, [0.9, 0.1]);
    expect(a.index).toBe(2);
    expect(a.distance).toBeCloseTo(Math.SQRT2 / 10, 12);
    const b = nearestCode(coords, [2.2, 0]);
    expect(b.index).toBe(4);
    expect(b.distance).toBeCloseTo(0.8, 12);
  });

  it('names coords that are not [N, 2]', () => {
    expect(() => nearestCode([1, 2, 3], [0, 0])).toThrow(/got 3 numbers/);
    expect(() => nearestCode([], [0, 0])).toThrow(/N >= 1/);
  });
});

describe('stepCode', () => {
  it('steps to the nearest code ahead, z_2 up', () => {
    expect(stepCode(coords, 0, 'right')).toBe(2);
    expect(stepCode(coords, 2, 'right')).toBe(4);
    expect(stepCode(coords, 0, 'left')).toBe(1);
    expect(stepCode(coords, 0, 'up')).toBe(3);
    expect(stepCode(coords, 0, 'down')).toBe(5);
  });

  it('stays put at the edge of the cloud', () => {
    expect(stepCode(coords, 4, 'right')).toBe(4);
    expect(stepCode(coords, 3, 'up')).toBe(3);
  });

  it('names an index out of range', () => {
    expect(() => stepCode(coords, 6, 'up')).toThrow(/index must be an integer in \[0, 5\], got 6/);
  });
});

describe('arrowDirection', () => {
  it('maps the arrow keys and nothing else', () => {
    expect(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'a'].map(arrowDirection)).toEqual([
      'left',
      'right',
      'up',
      'down',
      null,
    ]);
    expect(directionVector('up')).toEqual([0, 1]);
  });
});
