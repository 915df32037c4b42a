import { describe, expect, it } from 'vitest';
import { nearMargin } from './near-viewport.ts';

describe('nearMargin', () => {
  it('grows the viewport by the given heights above and below (percent of the viewport)', () => {
    expect(nearMargin(2)).toBe('200% 0px');
    expect(nearMargin(0.5)).toBe('50% 0px');
    expect(nearMargin(0)).toBe('0% 0px');
  });

  it('refuses negative or non-finite heights, naming the value', () => {
    expect(() => nearMargin(-1)).toThrow('viewportHeights must be a finite number >= 0, got -1');
    expect(() => nearMargin(Number.NaN)).toThrow(/got NaN/);
    expect(() => nearMargin(Number.POSITIVE_INFINITY)).toThrow(/got Infinity/);
  });
});
