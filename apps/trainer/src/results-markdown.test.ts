import { describe, expect, it } from 'vitest';
import { type ResultsReport, resultsMarkdown } from './results-markdown.ts';

const report: ResultsReport = {
  budget: 'small',
  command: 'pnpm --filter trainer reproduce --budget small',
  date: '2026-11-29',
  machine: '2 cores, shared',
  nllImages: 100,
  importanceSamples: 5000,
  objectives: [
    {
      objective: 'vae',
      setting: 'L = 1',
      testElbo: -101.234,
      testNll: 95.5,
      testReconstruction: 80.1,
      activeUnits: 14,
      latentSize: 50,
      epochs: 1,
      trainImages: 10000,
      seconds: 30.4,
      backend: 'wasm',
    },
    {
      objective: 'ae',
      setting: '',
      testElbo: null,
      testNll: null,
      testReconstruction: 60,
      activeUnits: 50,
      latentSize: 50,
      epochs: 1,
      trainImages: 10000,
      seconds: 20,
      backend: 'wasm',
    },
  ],
  toySteps: 3000,
  toy: [
    {
      objective: 'vae',
      logLikelihoods: [-1.6, -1.5, -1.55, -1.65],
      meanLogLikelihood: -1.575,
      kurtosisZ: [0.1, -1, 0.5, 2],
      samples: [],
      seconds: 140,
    },
  ],
  variance: [
    { estimator: 'reparam', encoderMeanVariance: 2e-4, decoderMeanVariance: 1e-3 },
    { estimator: 'score', encoderMeanVariance: 9e-3, decoderMeanVariance: 1e-3 },
  ],
  varianceSetting: '100 test images, 50 draws',
  totalSeconds: 600,
};

describe('resultsMarkdown', () => {
  it('renders one row per objective beside the published figure, dashes where a figure is not defined', () => {
    const text = resultsMarkdown(report);
    expect(text).toContain(
      '| `vae` | L = 1 | 101.23 | 95.50 | 80.10 | 14/50 | 1 x 10000 | 30 s | wasm | 86.76 (Burda et al., k = 1, 3,280 epochs) |',
    );
    expect(text).toContain('| `ae` |  | — | — | 60.00 | 50/50 | 1 x 10000 | 20 s | wasm | — |');
    expect(text).toContain(
      '| `vae` | -1.5750 | -1.600, -1.500, -1.550, -1.650 | 0.1, -1.0, 0.5, 2.0 | 140 s |',
    );
    expect(text).toContain('encoder gradient is 45.0x noisier'); // 9e-3 / 2e-4
    expect(text).toContain('| score | 9.000e-3 | 1.000e-3 |');
  });
});
