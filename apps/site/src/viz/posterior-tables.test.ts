import { describe, expect, it } from 'vitest';
import { epochSlice, posteriorEllipses, posteriorMeans } from './posterior-tables.ts';

// two posteriors: mu (1, 2) sigma (0.5, 0.25); mu (-3, 4) sigma (1, 2)
const table = Float32Array.from([1, 2, 0.5, 0.25, -3, 4, 1, 2]);

describe('posterior tables', () => {
  it('reads the means and the labelled ellipses', () => {
    expect(Array.from(posteriorMeans(table))).toEqual([1, 2, -3, 4]);
    expect(posteriorEllipses(table, [7, 1, 9])).toEqual([
      { mu: [1, 2], sigma: [0.5, 0.25], label: 7 },
      { mu: [-3, 4], sigma: [1, 2], label: 1 },
    ]);
  });

  it('slices one epoch of a [epochs, count, 4] table', () => {
    const epochs = Float32Array.from({ length: 3 * 2 * 4 }, (_, i) => i);
    expect(Array.from(epochSlice(epochs, 2, 2))).toEqual([16, 17, 18, 19, 20, 21, 22, 23]);
    expect(() => epochSlice(epochs, 3, 2)).toThrow(/epoch must be an integer in \[0, 2\].*got 3/);
  });

  it('names tables that are not rows of 4 and missing labels', () => {
    expect(() => posteriorMeans([1, 2, 3])).toThrow(/rows of 4 numbers.*got 3 numbers/);
    expect(() => posteriorEllipses(table, [1])).toThrow(/2 posteriors need 2 labels, got 1/);
  });
});
