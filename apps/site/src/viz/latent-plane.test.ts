import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import {
  codeCount,
  drawCursor,
  drawEllipses,
  drawScatter,
  extentFor,
  LABEL_PALETTE,
  labelColor,
  latentScale,
  renderCodesPlane,
  renderLatentPlane,
} from './latent-plane.ts';
import { VizError } from './viz-error.ts';

const { document } = new JSDOM('<!doctype html><body></body>').window;

/** 400 px, [-4, 4], margin 20: 360 px for 8 units, i.e. 45 px per unit, centre at (200, 200). */
const options = { document, id: 'test', title: 'a plane', size: 400, extent: 4, margin: 20 };

function attr(element: Element | null | undefined, name: string): number {
  return Number(element?.getAttribute(name));
}

describe('latentScale', () => {
  it('uses one factor for both axes, y upward, computed by hand', () => {
    const scale = latentScale({ size: 400, extent: 4, margin: 20 });
    expect(scale.pxPerUnit).toBe(45);
    expect([scale.x(0), scale.y(0)]).toEqual([200, 200]);
    expect([scale.x(1), scale.y(1)]).toEqual([245, 155]);
    expect([scale.x(-4), scale.y(-4)]).toEqual([20, 380]);
    // a unit step is the same length on screen along either axis
    expect(scale.x(2.5) - scale.x(0.5)).toBeCloseTo(scale.y(0.5) - scale.y(2.5), 12);
    const [z1, z2] = scale.invert(245, 155);
    expect(z1).toBeCloseTo(1, 12);
    expect(z2).toBeCloseTo(1, 12);
  });

  it('names bad sizes, extents and margins', () => {
    expect(() => latentScale({ size: 0, extent: 1 })).toThrow(/size must be a positive number of px, got 0/);
    expect(() => latentScale({ size: 100, extent: Number.NaN })).toThrow(VizError);
    expect(() => latentScale({ size: 100, extent: -1 })).toThrow(/extent must be .* got -1/);
    expect(() => latentScale({ size: 100, extent: 1, margin: 50 })).toThrow(
      /margin must be in \[0, size \/ 2\), got 50/,
    );
  });
});

describe('renderLatentPlane', () => {
  it('draws the unit circle with radius pxPerUnit at the origin, above the data', () => {
    const plane = renderLatentPlane(options);
    const circle = plane.svg.querySelector('circle.unit-circle');
    expect([attr(circle, 'cx'), attr(circle, 'cy'), attr(circle, 'r')]).toEqual([200, 200, 45]);
    const children = [...plane.svg.children];
    expect(children.indexOf(plane.unitCircle)).toBeGreaterThan(children.indexOf(plane.data));
    expect(children.indexOf(plane.overlay)).toBeGreaterThan(children.indexOf(plane.unitCircle));
  });

  it('is a square, labelled image with integer ticks from -extent to extent', () => {
    const plane = renderLatentPlane({ ...options, description: 'what it shows' });
    expect(plane.svg.getAttribute('viewBox')).toBe('0 0 400 400');
    expect(plane.svg.getAttribute('role')).toBe('img');
    expect(plane.svg.querySelector('#test-title')?.textContent).toBe('a plane');
    expect(plane.svg.getAttribute('aria-describedby')).toBe('test-desc');
    const ticks = [...plane.svg.querySelectorAll('text.tick-z1')].map((t) => t.textContent);
    expect(ticks).toEqual(['-4', '-3', '-2', '-1', '0', '1', '2', '3', '4']);
    const ticksY = [...plane.svg.querySelectorAll('text.tick-z2')];
    // z2 = 4 is at the top (y = 20, +3.5 to centre the text)
    expect(attr(ticksY.at(-1), 'y')).toBe(23.5);
    expect(plane.data.getAttribute('clip-path')).toBe('url(#test-clip)');
  });

  it('spaces the default ticks out on wide planes', () => {
    const ticks = (extent: number) =>
      [...renderLatentPlane({ ...options, extent }).svg.querySelectorAll('text.tick-z1')].map(
        (t) => t.textContent,
      );
    expect(ticks(8)).toEqual(['-8', '-6', '-4', '-2', '0', '2', '4', '6', '8']);
    expect(ticks(15)).toEqual(['-15', '-10', '-5', '0', '5', '10', '15']);
  });

  it('matches its snapshot', () => {
    const plane = renderLatentPlane({ ...options, size: 120, extent: 2, margin: 10 });
    drawScatter(plane, { coords: [0, 0, 1, -1, -0.5, 0.5], labels: [3, 7, 3] });
    drawEllipses(plane, [{ mu: [0.5, 0.5], sigma: [0.25, 1], label: 2 }]);
    drawCursor(plane, { z: [0.5, 0.5], sigma: [0.25, 1] });
    expect(plane.svg.outerHTML).toMatchSnapshot();
  });
});

describe('drawEllipses', () => {
  it('an ellipse with sigma (1, 1) at mu (0, 0) is exactly the unit circle', () => {
    const plane = renderLatentPlane(options);
    drawEllipses(plane, [{ mu: [0, 0], sigma: [1, 1], label: 0 }]);
    const ellipse = plane.data.querySelector('ellipse');
    const circle = plane.unitCircle;
    expect(attr(ellipse, 'cx')).toBe(attr(circle, 'cx'));
    expect(attr(ellipse, 'cy')).toBe(attr(circle, 'cy'));
    expect(attr(ellipse, 'rx')).toBe(attr(circle, 'r'));
    expect(attr(ellipse, 'ry')).toBe(attr(circle, 'r'));
  });

  it('draws radii in the ratio sigma_1 / sigma_2, centred at mu, coloured by label', () => {
    const plane = renderLatentPlane(options);
    drawEllipses(plane, [
      { mu: [1, -2], sigma: [0.2, 0.8], label: 4 },
      { mu: [-3, 0.5], sigma: [1.5, 0.5], label: 11 },
      { mu: [0, 0], sigma: [1, 1], label: 4 },
    ]);
    const groups = [...plane.data.querySelectorAll('g.ellipses > g')];
    expect(groups.map((g) => g.getAttribute('data-label'))).toEqual(['4', '11']);
    expect(groups[0]?.getAttribute('stroke')).toBe(LABEL_PALETTE[4]);
    expect(groups[1]?.getAttribute('fill')).toBe(LABEL_PALETTE[1]);
    const [a, c] = [...(groups[0]?.querySelectorAll('ellipse') ?? [])];
    const b = groups[1]?.querySelector('ellipse');
    expect([attr(a, 'cx'), attr(a, 'cy'), attr(a, 'rx'), attr(a, 'ry')]).toEqual([245, 290, 9, 36]);
    expect(attr(a, 'rx') / attr(a, 'ry')).toBeCloseTo(0.2 / 0.8, 12);
    expect(attr(b, 'rx') / attr(b, 'ry')).toBeCloseTo(1.5 / 0.5, 12);
    expect(attr(c, 'rx')).toBe(45);
  });

  it('names an ellipse with a non-positive or non-finite sigma', () => {
    const plane = renderLatentPlane(options);
    expect(() => drawEllipses(plane, [{ mu: [0, 0], sigma: [0, 1], label: 0 }])).toThrow(
      /ellipse 0 has mu \(0, 0\) and sigma \(0, 1\)/,
    );
    expect(() => drawEllipses(plane, [{ mu: [Number.NaN, 0], sigma: [1, 1], label: 0 }])).toThrow();
  });
});

describe('drawScatter', () => {
  it('draws one path per label, one dot per code at its scaled position', () => {
    const plane = renderLatentPlane(options);
    drawScatter(plane, { coords: [0, 0, 1, 1, -1, 2, 3, -3], labels: [5, 2, 5, 5] });
    const paths = [...plane.data.querySelectorAll('path.scatter-label')];
    expect(paths.map((p) => p.getAttribute('data-label'))).toEqual(['2', '5']);
    expect(paths[0]?.getAttribute('d')).toBe('M245 155h0');
    expect(paths[1]?.getAttribute('d')).toBe('M200 200h0M155 110h0M335 335h0');
    expect(paths[1]?.getAttribute('stroke')).toBe(labelColor(5));
    expect(paths[1]?.getAttribute('stroke-linecap')).toBe('round');
  });

  it('names mismatched coords and labels and non-finite codes', () => {
    expect(() => codeCount({ coords: [0, 0, 1], labels: [1, 2] })).toThrow(/got 3 numbers for 2 labels/);
    const plane = renderLatentPlane(options);
    expect(() => drawScatter(plane, { coords: [0, 0, Number.POSITIVE_INFINITY, 1], labels: [1, 2] })).toThrow(
      /code 1 is \(Infinity, 1\)/,
    );
  });
});

describe('drawCursor', () => {
  it('keeps one cursor, with the selected ellipse to scale', () => {
    const plane = renderLatentPlane(options);
    drawCursor(plane, { z: [1, 1] });
    drawCursor(plane, { z: [0, 0], sigma: [2, 0.5] });
    expect(plane.overlay.querySelectorAll('.latent-cursor')).toHaveLength(1);
    const ring = plane.overlay.querySelector('.latent-cursor ellipse');
    expect([attr(ring, 'rx'), attr(ring, 'ry')]).toEqual([90, 22.5]);
  });
});

describe('labelColor', () => {
  it('gives ten distinct colours for the ten digits', () => {
    expect(new Set(Array.from({ length: 10 }, (_, d) => labelColor(d))).size).toBe(10);
    expect(labelColor(-1)).toBe(LABEL_PALETTE[9]);
  });
});

describe('extentFor and renderCodesPlane', () => {
  it('rounds the 99% radius up to a whole unit, at least 3', () => {
    const coords = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? i / 40 : -0.1));
    // max(|z1|, |z2|) up to 198 / 40 = 4.95; the 99% quantile is 4.95 (index 99 of 100) -> 5
    expect(extentFor(coords)).toBe(5);
    expect(extentFor([0.5, 0.5])).toBe(3);
    expect(extentFor([0.5, 0.5], { min: 1 })).toBe(1);
  });

  it('stacks scatter, ellipses, unit circle and cursor', () => {
    const plane = renderCodesPlane({
      ...options,
      scatter: { coords: [0, 0], labels: [1] },
      ellipses: [{ mu: [0, 0], sigma: [1, 2], label: 1 }],
      cursor: { z: [0, 0] },
    });
    expect(plane.data.querySelectorAll('path.scatter-label')).toHaveLength(1);
    expect(plane.data.querySelectorAll('ellipse')).toHaveLength(1);
    expect(plane.overlay.querySelectorAll('.latent-cursor')).toHaveLength(1);
  });
});
