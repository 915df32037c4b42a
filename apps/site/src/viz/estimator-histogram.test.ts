import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { histogramCounts, renderEstimatorHistograms, sharedDomain } from './estimator-histogram.ts';
import { summarise } from './estimator-stats.ts';

const { document } = new JSDOM('<!doctype html>').window;

describe('histogramCounts', () => {
  it('counts every value exactly once, the edges included (hand case)', () => {
    // [0, 4] in 4 bins of width 1: 0 and 0.5 -> bin 0; 1 -> bin 1; 2.999 -> bin 2; 3 and 4 (= hi) -> bin 3
    expect([...histogramCounts([0, 0.5, 1, 2.999, 3, 4], { lo: 0, hi: 4, bins: 4 })]).toEqual([2, 1, 1, 2]);
  });

  it('puts all of 1,000 random values in the bins of their shared domain', () => {
    let state = 7;
    const values = Array.from({ length: 1000 }, () => {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      return state / 2 ** 31 - 0.5;
    });
    const counts = histogramCounts(values, sharedDomain([values, [2]], 17));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(1000);
    expect(counts[16]).toBe(0); // only the other series reaches 2
  });

  it('names a value outside the domain and a bad bin count', () => {
    expect(() => histogramCounts([5], { lo: 0, hi: 4, bins: 4 })).toThrow(/value 0 \(5\) is outside/);
    expect(() => histogramCounts([1], { lo: 0, hi: 4, bins: 0 })).toThrow(/integer >= 1/);
  });
});

describe('renderEstimatorHistograms', () => {
  it('draws one panel per estimator on one x scale; its bars hold every estimate', () => {
    const narrow = [0.9, 1, 1, 1.1];
    const wide = [-2, 0, 1, 2, 4];
    const svg = renderEstimatorHistograms(
      [
        { key: 'reparam', label: 'reparam', color: '#3f90da', values: narrow, summary: summarise(narrow) },
        { key: 'score', label: 'score', color: '#bd1f01', values: wide, summary: summarise(wide) },
      ],
      { document, bins: 6, xLabel: 'gradient' },
    );
    const total = (key: string) =>
      [...svg.querySelectorAll(`g.estimator-${key} rect.estimator-bar`)].reduce(
        (sum, bar) => sum + Number(bar.getAttribute('data-count')),
        0,
      );
    expect(total('reparam')).toBe(4);
    expect(total('score')).toBe(5);
    // Both means are 1: their lines sit at the same x (one shared scale: 44 + 3/6 * 502).
    const means = [...svg.querySelectorAll('line.estimator-mean')].map((l) => Number(l.getAttribute('x1')));
    expect(means).toEqual([295, 295]);
    expect(svg.querySelector('title')?.textContent).toMatch(/reparam, 4 estimates, mean 1\.000/);
    expect(svg.outerHTML).toMatchSnapshot();
  });
});
