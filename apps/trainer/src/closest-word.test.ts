import { describe, expect, it } from 'vitest';
import { closestWord, editDistance } from './closest-word.ts';

describe('editDistance', () => {
  it('matches hand-computed Levenshtein distances', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3); // k->s, e->i, +g
    expect(editDistance('flaw', 'lawn')).toBe(2); // -f, +n
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('epochs', 'epoch')).toBe(1);
  });
});

describe('closestWord', () => {
  const flags = ['epochs', 'batch-size', 'learning-rate', 'latent-size', 'seed', 'samples'];
  it('finds a typo, a camelCase spelling, or nothing when no flag is close', () => {
    expect(closestWord('epoch', flags)).toBe('epochs');
    expect(closestWord('batchSize', flags)).toBe('batch-size');
    expect(closestWord('learning_rate', flags)).toBe('learning-rate');
    expect(closestWord('latnet-size', flags)).toBe('latent-size');
    expect(closestWord('frobnicate', flags)).toBeNull();
    expect(closestWord('k', flags)).toBeNull();
  });
});
