import { describe, expect, it } from 'vitest';
import { SizeLimitError } from './errors.ts';
import { gridLatents, interpolateLatents } from './latent.ts';
import { checkRows, MAX_CALL_VALUES, maxRows } from './limits.ts';

describe('limits', () => {
  it('allows 1 GiB of float32 a call: 342392 rows of a 784-pixel image (by hand: 2^28 / 784)', () => {
    expect(MAX_CALL_VALUES * 4).toBe(1024 ** 3);
    expect(maxRows(784)).toBe(342392);
    expect(() => checkRows(342392, 784, 'n = 342392', 342392)).not.toThrow();
    expect(() => checkRows(342393, 784, 'n = 342393', 342393)).toThrow(SizeLimitError);
  });

  it('limits grids and interpolations by the width the caller will allocate, before allocating', () => {
    // 2 dims of 586 steps = 343396 points > 342392; 585 steps = 342225 points fit.
    expect(() => gridLatents(2, { steps: 586 }, 784)).toThrow(/grid steps 586 over 2 dims makes 343396 rows/);
    expect(gridLatents(2, { steps: 585 }, 784).rows).toBe(342225);
    const a = new Float32Array(2);
    expect(() => interpolateLatents(a, a, 342393, 'linear', 784)).toThrow(/at most 342392 rows/);
  });
});
