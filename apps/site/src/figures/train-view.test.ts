import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import type { StepTrace } from '../workers/train-session.ts';
import { describePhase, renderDataPlane, renderTrainLatent } from './train-view.ts';

const { document } = new JSDOM('<!doctype html>').window;

// Two points, the second tracked. Hand-made numbers (not a model's): z = mu + sigma * eps row by row.
const points = new Float32Array([0, 0, 1, -1]);
const trace: StepTrace = {
  step: 7,
  noiseSeed: 12345,
  mu: new Float32Array([0, 0, 1, 0.5]),
  sigma: new Float32Array([1, 1, 0.5, 0.25]),
  eps: new Float32Array([0, 0, 2, -2]),
  z: new Float32Array([0, 0, 2, 0]),
  decoded: new Float32Array([0, 0, 1.3, -0.6]),
  reconstruction: 1.25,
  kl: 0.5,
  beta: 2,
  loss: 2.25,
  tracked: [1],
};
const numbers = (element: Element | null | undefined, ...names: string[]) =>
  names.map((name) => Number(element?.getAttribute(name)));

describe('the slow-motion drawings', () => {
  it('ring and number a tracked sample z at its place: latent plane 320 px over [-3, 3], 46 px per unit', () => {
    const plane = renderTrainLatent(document, { ...trace, samples: trace.z });
    const mark = plane.svg.querySelector('.tracked [data-tracked="1"]');
    expect(mark?.querySelector('text')?.textContent).toBe('1');
    const [ellipse, , , ring] = mark?.querySelectorAll('ellipse') ?? [];
    // the tracked ellipse: centre mu = (1, 0.5) -> (160 + 46, 160 - 23), radii sigma * 46 = (23, 11.5)
    expect(numbers(ellipse, 'cx', 'cy', 'rx', 'ry')).toEqual([206, 137, 23, 11.5]);
    // the ring at z = (2, 0) -> (252, 160), and a line to it from mu
    expect(numbers(ring, 'cx', 'cy', 'rx')).toEqual([252, 160, 5]);
    expect(numbers(mark?.querySelector('line'), 'x1', 'y1', 'x2', 'y2')).toEqual([206, 137, 252, 160]);
    expect(plane.svg.querySelectorAll('.scatter path')).toHaveLength(1);
    expect(plane.svg.querySelector('title')?.textContent).toMatch(/and one sample z from each$/);
  });

  it('draw the ellipses before the update dashed under the new ones', () => {
    const plane = renderTrainLatent(document, { ...trace, previous: { mu: trace.z, sigma: trace.sigma } });
    const groups = plane.svg.querySelectorAll('.ellipses');
    expect(groups).toHaveLength(2);
    expect(groups[0]?.getAttribute('stroke-dasharray')).toBe('3 3');
    expect(groups[0]?.classList.contains('previous')).toBe(true);
    expect(groups[1]?.getAttribute('stroke-dasharray')).toBeNull();
    expect(groups[0]?.querySelectorAll('ellipse')).toHaveLength(2);
    // no sample: the tracked ring sits on mu, with no line; the tracked ellipse before is dashed, at z
    expect(plane.svg.querySelector('.tracked line')).toBeNull();
    const dashed = plane.svg.querySelectorAll('.tracked ellipse[stroke-dasharray]');
    expect(dashed).toHaveLength(2); // its halo and its line
    expect(numbers(dashed[1], 'cx', 'cy', 'rx', 'ry')).toEqual([252, 160, 23, 11.5]);
  });

  it('draw a line from a tracked x to its x_hat: data plane 320 px over [-2.5, 2.5], 55.2 px per unit', () => {
    const plane = renderDataPlane(document, { points, tracked: trace.tracked, reconstructed: trace.decoded });
    const lines = plane.svg.querySelectorAll('.reconstruction-lines line');
    expect(lines).toHaveLength(1);
    // x = (1, -1) -> (215.2, 215.2); x_hat = (1.3, -0.6) -> (231.76, 193.12), rounded to 0.1 px
    expect(numbers(lines[0], 'x1', 'y1', 'x2', 'y2')).toEqual([215.2, 215.2, 231.8, 193.1]);
    expect(plane.svg.querySelector('.tracked [data-tracked="1"] text')?.textContent).toBe('1');
  });

  it("say what each phase computes with the step's numbers, point 1's", () => {
    const say = (phase: Parameters<typeof describePhase>[0]['phase']) =>
      describePhase({ phase, trace, points });
    expect(say('encode')).toBe(
      'Step 7, encode: the encoder maps each of the 2 points x to its ellipse q(z|x) = N(μ, σ²); ' +
        'point 1, x = (1.000, -1.000), gets μ = (1.000, 0.500), σ = (0.500, 0.250).',
    );
    expect(say('sample')).toBe(
      'Step 7, sample: z = μ + σ ⊙ ε for each of the 2 points, ε ~ N(0, I) from seed 12345; ' +
        'point 1 drew ε = (2.000, -2.000), so z = (2.000, 0.000).',
    );
    // |x_hat - x| = |(0.3, 0.4)| = 0.5
    expect(say('decode')).toMatch(
      /point 1's x̂ = \(1\.300, -0\.600\), 0\.500 from its x = \(1\.000, -1\.000\)\.$/,
    );
    expect(say('loss')).toBe(
      'Step 7, loss: reconstruction 1.250 + β 2 × KL 0.500 = 2.250 nats per point (−ELBO, the mean over the 2 points).',
    );
    expect(say('update')).toMatch(
      /^Step 7, update: Adam moved every weight .* from the dashed to the solid ones\.$/,
    );
    // centres moved by |(0, 0)| = 0 and |(0.3, -0.4)| = 0.5: 0.25 on average
    const after = { mu: new Float32Array([0, 0, 1.3, 0.1]), sigma: trace.sigma };
    expect(describePhase({ phase: 'update', trace, points, after })).toMatch(
      /to the solid ones \(their centres by 0\.250 on average\)\.$/,
    );
  });
});
