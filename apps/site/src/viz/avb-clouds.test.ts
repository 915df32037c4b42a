import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { renderAvbPlane } from './avb-clouds.ts';
import { labelColor } from './latent-plane.ts';
import { VizError } from './viz-error.ts';

const { document } = new JSDOM('<!doctype html><body></body>').window;
/** 320 px, [-3, 3], margin 22: 276 px for 6 units, 46 px per unit (by hand). */
const options = { document, id: 'avb-test', title: 'AVB', description: 'four clouds', size: 320 };
const clouds = [
  [1, -1, 0, 0],
  [0.5, 0.5],
  [-1, 2, -1, 2.5, 0, 0],
  [2, 2],
];

describe('renderAvbPlane', () => {
  it('draws one cloud per input in its colour, to scale, with the unit circle', () => {
    const plane = renderAvbPlane({ clouds, ellipses: null }, options);
    const groups = [...plane.svg.querySelectorAll('g.avb-cloud')];
    expect(groups.map((g) => g.getAttribute('data-input'))).toEqual(['0', '1', '2', '3']);
    const first = groups[0]?.querySelector('path');
    expect(first?.getAttribute('stroke')).toBe(labelColor(0));
    // z = (1, -1) -> (22 + 4 * 46, 22 + 4 * 46) = (206, 206); z = (0, 0) -> (160, 160)
    expect(first?.getAttribute('d')).toBe('M206 206h0M160 160h0');
    expect(plane.svg.querySelectorAll('g.ellipses')).toHaveLength(0);
    expect(plane.unitCircle.getAttribute('r')).toBe('46');
  });

  it("draws a Gaussian q's one- and two-sigma ellipses, radii sigma and 2 sigma times 46 px", () => {
    const ellipses = clouds.map(() => ({ mu: [1, -1] as const, sigma: [0.5, 0.25] as const }));
    const plane = renderAvbPlane({ clouds, ellipses }, options);
    const one = plane.svg.querySelector('g.avb-sigma-1 ellipse');
    const two = plane.svg.querySelector('g.avb-sigma-2 ellipse');
    expect([one?.getAttribute('cx'), one?.getAttribute('cy')]).toEqual(['206', '206']);
    expect([one?.getAttribute('rx'), one?.getAttribute('ry')]).toEqual(['23', '11.5']);
    expect([two?.getAttribute('rx'), two?.getAttribute('ry')]).toEqual(['46', '23']);
    expect(plane.svg.querySelectorAll('g.avb-sigma-1 ellipse')).toHaveLength(4);
  });

  it('dims every cloud and ellipse but the highlighted one', () => {
    const ellipses = clouds.map(() => ({ mu: [0, 0] as const, sigma: [1, 1] as const }));
    const plane = renderAvbPlane({ clouds, ellipses }, { ...options, highlight: 2 });
    const opacity = [...plane.svg.querySelectorAll('g.avb-cloud path')].map((p) =>
      p.getAttribute('stroke-opacity'),
    );
    expect(opacity).toEqual(['0.12', '0.12', '0.55', '0.12']);
    const dimmed = [...plane.svg.querySelectorAll('g.avb-sigma-1 g[data-label]')].map((g) =>
      g.getAttribute('stroke-opacity'),
    );
    expect(dimmed).toEqual(['0.2', '0.2', null, '0.2']);
  });

  it('refuses ellipses that do not match the inputs, and empty input', () => {
    const ellipses = [{ mu: [0, 0] as const, sigma: [1, 1] as const }];
    expect(() => renderAvbPlane({ clouds, ellipses }, options)).toThrow(VizError);
    expect(() => renderAvbPlane({ clouds, ellipses }, options)).toThrow(
      /one \(mu, sigma\) per input \(4\), got 1/,
    );
    expect(() => renderAvbPlane({ clouds: [], ellipses: null }, options)).toThrow(/got none/);
  });
});
