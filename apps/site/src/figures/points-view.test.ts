import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { describeCursor, pointsExtent, renderPointsView, shapeCodes } from './points-view.ts';

const { document } = new JSDOM('<!doctype html>').window;

// 4 codes (mu_1, mu_2, sigma_1, sigma_2): the AE's (sigma 0) and the VAE's
const data = {
  labels: [0, 1, 2, 3],
  codesPosteriors: Float32Array.from([3, 4, 0, 0, -6, 8, 0, 0, 1, 0, 0, 0, 0, -2, 0, 0]),
  codesModel: 'ae' as const,
  codesTitle: 'AE',
  vaePosteriors: Float32Array.from([0.1, 0.2, 1, 1, -0.5, 0.5, 1, 1, 0, 0, 1, 1, 1, -1, 1, 1]),
  vaeTitle: 'VAE',
};

describe('points view', () => {
  it('makes each shape from the right codes', () => {
    expect(Array.from(shapeCodes(data, 'scattered'))).toEqual([3, 4, -6, 8, 1, 0, 0, -2]);
    expect(Array.from(shapeCodes(data, 'disk'))).toEqual(
      Array.from(Float32Array.from([0.1, 0.2, -0.5, 0.5, 0, 0, 1, -1])),
    );
    // radii 5, 10, 1, 2: the ring's radius is their median, 3.5
    const ring = shapeCodes(data, 'ring');
    for (let i = 0; i < 4; i += 1) expect(Math.hypot(ring[2 * i]!, ring[2 * i + 1]!)).toBeCloseTo(3.5, 5);
  });

  it('decodes the disk with the VAE and the other shapes with the codes model', () => {
    expect(renderPointsView(document, data, 'disk', [0, 0]).model).toBe('vae');
    const view = renderPointsView(document, data, 'line', [0, 0]);
    expect(view.model).toBe('ae');
    expect(view.plane.svg.querySelectorAll('path.scatter-label')).toHaveLength(4);
    // one extent for every shape: it fits the widest of them (the scattered codes reach |z| = 8)
    expect(view.plane.scale.extent).toBe(pointsExtent(data));
    expect(renderPointsView(document, data, 'disk', [0, 0]).plane.scale.extent).toBe(pointsExtent(data));
    expect(pointsExtent(data)).toBeGreaterThanOrEqual(8);
  });

  it('reads out the distance to the nearest code', () => {
    const view = renderPointsView(document, data, 'scattered', [0, 0]);
    expect(describeCursor(view, data.labels, [1, 0.5])).toBe(
      'z = (1.00, 0.50): the nearest code, a 2, is 0.50 away. Decoded by AE.',
    );
  });
});
