import { describe, expect, it } from 'vitest';
import { klWeight } from './kl-warmup.ts';

describe('klWeight', () => {
  it('is beta without warm-up', () => {
    expect(klWeight({ beta: 0.5, warmupEpochs: 0, stepsPerEpoch: 10, globalStep: 0 })).toBe(0.5);
  });
  it('rises linearly over the warm-up epochs, then stays at beta', () => {
    const at = (globalStep: number) => klWeight({ beta: 2, warmupEpochs: 2, stepsPerEpoch: 10, globalStep });
    expect(at(0)).toBeCloseTo(0.1); // 2 * 1/20
    expect(at(9)).toBeCloseTo(1); // 2 * 10/20
    expect(at(19)).toBe(2);
    expect(at(500)).toBe(2);
  });
});
