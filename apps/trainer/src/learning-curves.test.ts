import { describe, expect, it } from 'vitest';
import { learningCurvesSvg } from './learning-curves.ts';
import type { EpochMetrics } from './metrics-log.ts';

const epoch = (
  e: number,
  trainLoss: number,
  testElbo: number | null,
  testReconstruction = 0,
): EpochMetrics => ({
  epoch: e,
  step: e * 600,
  trainLoss,
  trainReconstruction: 0,
  trainKl: 0,
  testElbo,
  testReconstruction,
  testKl: testElbo === null ? null : 0,
  beta: 1,
  seconds: 1,
  samplesPerSecond: 1,
});

describe('learningCurvesSvg', () => {
  it('draws one point per epoch for each curve, scaled to the plot box', () => {
    const svg = learningCurvesSvg([epoch(1, 120, -110), epoch(2, 100, -100), epoch(3, 90, -95)], {
      width: 140,
      height: 130,
    });
    // plot box: x from 60 to 120, y from 30 (max, 120 nats) to 90 (min, 90 nats)
    expect(svg).toContain('points="60.0,30.0 90.0,70.0 120.0,90.0"'); // train: 120, 100, 90
    expect(svg).toContain('points="60.0,50.0 90.0,70.0 120.0,80.0"'); // test: 110, 100, 95
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('<title>Learning curves');
  });

  it('draws the reconstruction costs for an objective without an ELBO (ae)', () => {
    const svg = learningCurvesSvg(
      [epoch(1, 120, null, 110), epoch(2, 100, null, 100), epoch(3, 90, null, 95)],
      {
        width: 140,
        height: 130,
      },
    );
    expect(svg).toContain('points="60.0,50.0 90.0,70.0 120.0,80.0"'); // test reconstruction: 110, 100, 95
    expect(svg).toContain('>test reconstruction</text>');
    expect(svg).not.toContain('ELBO');
  });

  it('renders an empty history without NaN coordinates', () => {
    expect(learningCurvesSvg([])).not.toContain('NaN');
  });
});
