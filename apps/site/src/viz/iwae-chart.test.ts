import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { renderIwaeChart } from './iwae-chart.ts';

const { document } = new JSDOM('<!doctype html>').window;
const points = [
  { k: 1, mean: -100, standardError: 0.5, groups: 1000 },
  { k: 10, mean: -98, standardError: 0.3, groups: 100 },
  { k: 1000, mean: -97.1, standardError: null, groups: 1 },
];

describe('renderIwaeChart', () => {
  it('draws one marker per k, rising, with log p(x) above them and the ELBO below', () => {
    const svg = renderIwaeChart({ points, logEvidence: -97, elbo: -100, selectedK: 10 }, { document });
    const circles = [...svg.querySelectorAll('g.iwae-points circle')];
    expect(circles.map((c) => c.getAttribute('data-k'))).toEqual(['1', '10', '1000']);
    const xs = circles.map((c) => Number(c.getAttribute('cx')));
    const ys = circles.map((c) => Number(c.getAttribute('cy')));
    expect(xs[1] as number).toBeCloseTo(58 + (420 - 16 - 58) / 3, 1); // log scale: 10 is a third of 1..1000
    expect(ys[0]).toBeGreaterThan(ys[1] as number); // higher values are drawn higher (smaller y)
    const evidenceY = Number(svg.querySelector('g.iwae-evidence line')?.getAttribute('y1'));
    const elboY = Number(svg.querySelector('g.iwae-elbo line')?.getAttribute('y1'));
    expect(evidenceY).toBeLessThan(Math.min(...ys));
    expect(elboY).toBeCloseTo(ys[0] as number, 6); // L_1's mean is the ELBO here
    expect(svg.querySelector('circle.iwae-selected')?.getAttribute('data-k')).toBe('10');
    expect(svg.querySelector('title')?.textContent).toMatch(/at k = 10 it is -98.00/);
    expect(svg.outerHTML).toMatchSnapshot();
  });

  it('names empty or non-finite input', () => {
    expect(() =>
      renderIwaeChart({ points: [], logEvidence: 0, elbo: 0, selectedK: 1 }, { document }),
    ).toThrow(/needs points/);
  });
});
