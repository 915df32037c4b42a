import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { CONTOUR_LEVELS, renderRegularizerContours } from './regularizer-contours.ts';
import { geometricTerm, klTerm } from './regularizer-terms.ts';
import { VizError } from './viz-error.ts';

const { document } = new JSDOM('<!doctype html><body></body>').window;

/** The vertices of an SVG path made of M/L/Z commands, as [x, y] pairs. */
function vertices(d: string): [number, number][] {
  return (d.match(/-?[\d.]+,-?[\d.]+/g) ?? []).map((pair) => pair.split(',').map(Number) as [number, number]);
}

describe('renderRegularizerContours', () => {
  for (const [name, term] of [
    ['kl', klTerm],
    ['geometric', geometricTerm],
  ] as const) {
    it(`traces the ${name} levels: every inner vertex of a level's band has that value`, () => {
      const plot = renderRegularizerContours({ document, id: name, regularizer: name, resolution: 120 });
      const bands = [...plot.svg.querySelectorAll('path.contour-band')];
      expect(bands.map((b) => Number(b.getAttribute('data-level')))).toEqual(CONTOUR_LEVELS);
      for (const band of bands) {
        const level = Number(band.getAttribute('data-level'));
        const inner = vertices(band.getAttribute('d') ?? '').filter(
          ([px, py]) =>
            px > plot.x(-3) + 1 && px < plot.x(3) - 1 && py > plot.y(2.5) + 1 && py < plot.y(0) - 1,
        );
        expect(inner.length).toBeGreaterThan(5);
        for (const [px, py] of inner) {
          const mu = (px - plot.x(0)) / (plot.x(1) - plot.x(0));
          const sigma = (py - plot.y(0)) / (plot.y(1) - plot.y(0));
          // linear interpolation on a 120-cell grid: within 3% of the level (or 0.02 near the minimum),
          // except where -log sigma^2 is too steep for a straight segment between cell centres
          if (sigma < 0.25) continue;
          expect(Math.abs(term(mu, sigma) - level)).toBeLessThan(Math.max(0.03 * level, 0.02));
        }
      }
    });
  }

  it('marks the minimum at (0, 1) and the selected dimensions where they are', () => {
    const plot = renderRegularizerContours({
      document,
      id: 'marks',
      regularizer: 'kl',
      width: 320,
      height: 260,
      marks: [
        { mu: 0.5, sigma: 0.25, label: 'z₁' },
        { mu: -1, sigma: 2, label: 'z₂' },
      ],
    });
    // margins 34 / 8 / 22 / 30: mu in [-3, 3] over 278 px, sigma in [0, 2.5] over 208 px
    expect(plot.x(0)).toBeCloseTo(34 + 139, 10);
    expect(plot.y(1)).toBeCloseTo(230 - 208 / 2.5, 10);
    const marks = [...plot.svg.querySelectorAll('.contour-mark')];
    expect(marks.map((m) => m.textContent)).toEqual(['z₁', 'z₂']);
    const circle = marks[0]?.querySelector('circle');
    expect(Number(circle?.getAttribute('cx'))).toBeCloseTo(plot.x(0.5), 1);
    expect(Number(circle?.getAttribute('cy'))).toBeCloseTo(plot.y(0.25), 1);
    expect(plot.svg.querySelector('title')?.textContent).toMatch(/^KL term/);
  });

  it('names a bad regulariser, resolution or mark', () => {
    expect(() =>
      renderRegularizerContours({ document, id: 'bad', regularizer: 'l2' as unknown as 'kl' }),
    ).toThrow(/regularizer must be 'kl' or 'geometric', got l2/);
    expect(() =>
      renderRegularizerContours({ document, id: 'bad', regularizer: 'kl', resolution: 3 }),
    ).toThrow(VizError);
    expect(() =>
      renderRegularizerContours({
        document,
        id: 'bad',
        regularizer: 'kl',
        marks: [{ mu: Number.NaN, sigma: 1, label: 'z₁' }],
      }),
    ).toThrow(/mark z₁ is at mu NaN/);
  });
});
