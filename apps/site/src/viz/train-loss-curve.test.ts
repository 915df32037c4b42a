import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { renderLossCurve, thinLosses } from './train-loss-curve.ts';

const { document } = new JSDOM('<!doctype html>').window;

describe('renderLossCurve', () => {
  it('draws one vertex per step, the first loss lowest on screen when the loss falls', () => {
    const svg = renderLossCurve(
      [
        { step: 1, loss: 3 },
        { step: 2, loss: 2 },
        { step: 3, loss: 1 },
      ],
      { document, id: 't' },
    );
    const d = svg.querySelector('.loss-line')?.getAttribute('d') ?? '';
    const ys = [...d.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((m) => Number(m[1]));
    expect(ys).toHaveLength(3);
    // SVG y grows downward and a higher loss is drawn higher up: y on screen grows as the loss falls.
    expect(ys[0]).toBeLessThan(ys[1] as number);
    expect(ys[1]).toBeLessThan(ys[2] as number);
    expect(svg.querySelector('title')?.textContent).toBe(
      'Loss curve: −ELBO per point over 3 steps, now 1.000 nats',
    );
  });

  it('draws an empty curve before the first step and rejects a non-finite loss', () => {
    expect(renderLossCurve([], { document, id: 't' }).querySelector('.loss-line')?.getAttribute('d')).toBe(
      '',
    );
    expect(() => renderLossCurve([{ step: 1, loss: Number.NaN }], { document, id: 't' })).toThrow(
      /not finite/,
    );
  });
});

describe('thinLosses', () => {
  it('keeps every stride-th point and the last', () => {
    const points = Array.from({ length: 10 }, (_, i) => ({ step: i + 1, loss: i }));
    expect(thinLosses(points, 4).map((p) => p.step)).toEqual([1, 4, 7, 10]);
    expect(thinLosses(points, 20)).toEqual(points);
  });

  it('fits the y axis to the tail of the run when asked, the early losses clipped off the top, and says so', () => {
    // Steps 1-10: 500 then 200, 190, ..., 120; fitFrom 0.5 fits steps >= 5: losses 160 down to 120.
    const points = [500, 200, 190, 180, 160, 150, 140, 130, 125, 120].map((loss, i) => ({
      step: i + 1,
      loss,
    }));
    const svg = renderLossCurve(points, { document, id: 't', fitFrom: 0.5 });
    const ticks = [...svg.querySelectorAll('.loss-axes text')]
      .map((t) => Number(t.textContent))
      .filter(Number.isFinite);
    expect(Math.max(...ticks.slice(0, 5))).toBe(160); // d3's nice(4) of [120, 160]: ticks 120 ... 160
    expect(svg.querySelector('.loss-line')?.getAttribute('clip-path')).toBe('url(#t-clip)');
    expect(svg.querySelector('clipPath#t-clip rect')).not.toBeNull();
    expect(svg.querySelector('title')?.textContent).toBe(
      'Loss curve: −ELBO per point over 10 steps, now 120.000 nats; the early losses, up to 500.0, run off the top',
    );
    expect(() => renderLossCurve(points, { document, id: 't', fitFrom: 1 })).toThrow(
      'fitFrom must be in [0, 1), got 1',
    );
  });
});
