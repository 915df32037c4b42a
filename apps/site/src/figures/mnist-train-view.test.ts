import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { labelColor } from '../viz/latent-plane.ts';
import {
  describeMnistTraining,
  ellipseSpread,
  renderManifold,
  renderMnistLatent,
} from './mnist-train-view.ts';

const { document } = new JSDOM('<!doctype html>').window;

// Two digits: a 3 at (1, 0) with sigma (0.5, 0.5) and a 7 at (0, -2) with sigma (1, 0.25).
const latent = {
  mu: Float32Array.from([1, 0, 0, -2]),
  sigma: Float32Array.from([0.5, 0.5, 1, 0.25]),
  labels: [3, 7],
};

describe('the live MNIST figure', () => {
  it('draws each test digit as its one-sigma ellipse, to scale, in its digit colour', () => {
    const plane = renderMnistLatent(document, latent);
    const ellipses = [...plane.svg.querySelectorAll('.ellipses ellipse')];
    expect(ellipses).toHaveLength(2);
    const px = plane.scale.pxPerUnit;
    const seven = plane.svg.querySelector('.ellipses [data-label="7"] ellipse');
    expect(Number(seven?.getAttribute('rx'))).toBeCloseTo(1 * px, 0);
    expect(Number(seven?.getAttribute('ry'))).toBeCloseTo(0.25 * px, 0);
    expect(Number(seven?.getAttribute('cy'))).toBeCloseTo(plane.scale.y(-2), 0);
    expect(plane.svg.querySelector('[data-label="3"]')?.getAttribute('stroke')).toBe(labelColor(3));
    expect(plane.svg.querySelectorAll('circle.unit-circle')).toHaveLength(1);
    expect(renderMnistLatent(document, null).svg.querySelectorAll('.ellipses ellipse')).toHaveLength(0);
  });

  it('tiles the decoded grid into one image, and names it', () => {
    const svg = renderManifold(document, { pixels: new Float32Array(4 * 784).fill(0.5), gridSize: 2 });
    expect(svg.querySelectorAll('image')).toHaveLength(1);
    expect(svg.querySelector('title')?.textContent).toBe(
      "The decoder's means on a 2 by 2 grid of z from (-2, 2) at the top left to (2, -2) at the bottom right",
    );
    expect(svg.getAttribute('viewBox')).toBe('0 0 260 260'); // 2 x 28 + 1 gap pixels square
  });

  it('measures the spread: mean sigma over both axes, mean distance of the centres from 0', () => {
    // sigma: (0.5 + 0.5 + 1 + 0.25) / 4 = 0.5625; |mu|: (1 + 2) / 2 = 1.5
    expect(ellipseSpread(latent)).toEqual({ meanSigma: 0.5625, meanRadius: 1.5 });
  });

  it('says where the run is, with the loss split into its terms', () => {
    const status = {
      step: 0,
      epochs: 0,
      last: null,
      trainCount: 3000,
      playing: false,
      meanSigma: 0.9,
      meanRadius: 0.1,
    };
    expect(describeMnistTraining(status)).toBe(
      'Ready: step 0 on 3000 training digits; press play or step. Ellipses: mean σ 0.90, mean |μ| 0.10.',
    );
    expect(
      describeMnistTraining({
        ...status,
        step: 45,
        epochs: 1.5,
        playing: true,
        last: { loss: 200.25, reconstruction: 195.5, kl: 4.75 },
      }),
    ).toBe(
      'Training: step 45, epoch 1.50 of 3000 digits. −ELBO 200.3 nats = reconstruction 195.5 + β × KL 4.75 (this batch). ' +
        'Ellipses: mean σ 0.90, mean |μ| 0.10.',
    );
  });
});
