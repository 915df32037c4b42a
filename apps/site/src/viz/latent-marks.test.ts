import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { drawContours, drawPoints, drawPolyline } from './latent-marks.ts';
import { renderLatentPlane } from './latent-plane.ts';
import { VizError } from './viz-error.ts';

const { document } = new JSDOM('<!doctype html>').window;
// size 244, margin 22, extent 2: 50 px per latent unit, z = 0 at px 122
const plane = () =>
  renderLatentPlane({ document, id: 'marks', title: 't', size: 244, extent: 2, margin: 22 });

describe('latent marks', () => {
  it('places points through the plane scale and replaces marks of the same class', () => {
    const p = plane();
    drawPoints(p, [1, 1, -2, 0], { className: 'drawn' });
    const circles = [...p.overlay.querySelectorAll('g.drawn circle')];
    expect(circles.map((c) => [c.getAttribute('cx'), c.getAttribute('cy')])).toEqual([
      ['172', '72'],
      ['22', '122'],
    ]);
    drawPoints(p, [0, 0], { className: 'drawn' });
    expect(p.overlay.querySelectorAll('g.drawn circle')).toHaveLength(1);
    expect(() => drawPoints(p, [0, Number.NaN], { className: 'drawn' })).toThrow(VizError);
  });

  it('draws a polyline through the points', () => {
    const p = plane();
    drawPolyline(p, [0, 0, 1, -1], { className: 'path' });
    expect(p.overlay.querySelector('g.path polyline')?.getAttribute('points')).toBe('122,122 172,172');
  });

  it('contours a grid in latent units: a disk of radius 1 around (1, 0)', () => {
    const p = plane();
    const grid = { center: [1, 0] as const, halfWidth: 2, cells: 40 };
    const s = 0.1;
    // value at midpoint (i, j): 1 inside the disk |z - (1, 0)| < 1, else 0
    const values = Array.from({ length: 1600 }, (_, g) => {
      const z1 = -1 + (0.5 + (g % 40)) * s;
      const z2 = 2 - (0.5 + Math.floor(g / 40)) * s;
      return Math.hypot(z1 - 1, z2) < 1 ? 1 : 0;
    });
    drawContours(p, grid, values, [0.5], { className: 'disk' });
    const d = p.data.querySelector('g.disk path')?.getAttribute('d') ?? '';
    const xy = [...d.matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
    expect(xy.length).toBeGreaterThan(20);
    for (const [x, y] of xy) {
      const r = Math.hypot(((x as number) - 122) / 50 - 1, ((y as number) - 122) / 50); // back to latent units
      expect(Math.abs(r - 1)).toBeLessThan(0.1);
    }
    expect(() => drawContours(p, grid, [1, 2], [0.5], { className: 'x' })).toThrow(
      /needs 1600 values, got 2/,
    );
  });
});
