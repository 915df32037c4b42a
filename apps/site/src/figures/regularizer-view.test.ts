import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import {
  formatSum,
  modelExtent,
  readoutRow,
  renderContours,
  renderModelPlane,
  renderReadoutTable,
} from './regularizer-view.ts';

const { document } = new JSDOM('<!doctype html>').window;

// 2 epochs x 3 digits x (mu_1, mu_2, sigma_1, sigma_2)
const ellipses = Float32Array.from([
  ...[0, 0, 1, 1, 2, 0, 0.5, 0.5, -1, 1, 0.25, 2],
  ...[0.5, 0, 1, 1, 1, 0, 0.5, 1, -4.5, 1, 0.5, 0.5],
]);
const data = {
  models: [
    {
      name: 'ae' as const,
      title: 'AE',
      ellipses: Float32Array.from(ellipses, (v, i) => (i % 4 >= 2 ? 0 : v)),
    },
    { name: 'vae' as const, title: 'VAE', ellipses },
  ],
  // more labels than digits, as the site passes all 10,000 test labels
  labels: [3, 1, 4, 1, 5],
  count: 3,
  epochs: 2,
};

describe('renderModelPlane', () => {
  it('draws the epoch asked for: ellipses for a VAE, points for the AE, the digit marked', () => {
    const vae = renderModelPlane(document, data, data.models[1]!, { epoch: 2, digit: 1 });
    expect(vae.plane.svg.querySelectorAll('g.ellipses ellipse')).toHaveLength(3);
    expect(vae.ellipses[1]).toEqual({ mu: [1, 0], sigma: [0.5, 1], label: 1 });
    const ring = vae.plane.svg.querySelector('.latent-cursor ellipse');
    expect(Number(ring?.getAttribute('rx')) * 2).toBeCloseTo(Number(ring?.getAttribute('ry')), 5);
    const ae = renderModelPlane(document, data, data.models[0]!, { epoch: 1, digit: 0 });
    expect(ae.plane.svg.querySelectorAll('g.ellipses')).toHaveLength(0);
    expect(ae.plane.svg.querySelectorAll('path.scatter-label')).toHaveLength(3);
    expect(ae.plane.svg.querySelector('.latent-cursor ellipse')).toBeNull();
  });

  it('keeps one extent over all epochs (|mu| up to 4.5 -> 5)', () => {
    expect(modelExtent(data.models[1]!)).toBe(5);
    const early = renderModelPlane(document, data, data.models[1]!, { epoch: 1, digit: 0 });
    expect(early.plane.scale.extent).toBe(5);
  });
});

describe('the read-out', () => {
  it('computes both regularisers by the formulas, by hand for mu (1, 0), sigma (0.5, 1)', () => {
    const row = readoutRow(data.models[1]!, { mu: [1, 0], sigma: [0.5, 1], label: 1 });
    // KL: 1/2 (1 + 0.25 - log 0.25 - 1) + 0 = 0.125 + log 2
    expect(row.kl.total).toBeCloseTo(0.125 + Math.LN2, 12);
    // geometric: 1 + 0.25 + 0 + 0
    expect(row.geometric.total).toBe(1.25);
    expect(formatSum(row.kl)).toBe('0.818 + 0.000 = 0.818');
    const table = renderReadoutTable(document, [row], 2);
    const tr = table.querySelector('tbody tr') as HTMLTableRowElement;
    expect(Number(tr.dataset.kl)).toBe(row.kl.total);
    expect(tr.dataset.mu).toBe('1,0');
    expect([...tr.querySelectorAll('td')].map((td) => td.textContent)).toEqual([
      '(1.00, 0.00)',
      '(0.500, 1.000)',
      '0.818 + 0.000 = 0.818',
      '1.250 + 0.000 = 1.250',
    ]);
    expect(table.caption?.textContent).toMatch(/after epoch 2/);
  });

  it('marks the two dimensions on the contour plot', () => {
    const plot = renderContours(document, 'geometric', { mu: [1, 0], sigma: [0.5, 1], label: 1 });
    expect([...plot.svg.querySelectorAll('.contour-mark')].map((m) => m.textContent)).toEqual(['z₁', 'z₂']);
    expect(renderContours(document, 'kl', undefined).svg.querySelectorAll('.contour-mark')).toHaveLength(0);
  });
});
