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
});
