import { describe, expect, it } from 'vitest';
import { type ResultsReport, resultsMarkdown } from './results-markdown.ts';

const report: ResultsReport = {
  budget: 'small',
  command: 'pnpm --filter trainer reproduce --budget small',
  date: '2026-11-29',
  machine: '2 cores, shared',
  loadAverage: { start: 1.5, end: 9.04, cores: 2 },
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
      trainSeconds: 4,
      samplesPerSecond: 2500,
      evalSeconds: 12,
      backend: 'onnxruntime',
      backendReason: 'auto chose onnxruntime: the whole training step as one ONNX graph',
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
      trainSeconds: 8,
      samplesPerSecond: 1250,
      evalSeconds: 2,
      backend: 'wasm',
      backendReason: 'auto chose wasm: WebAssembly',
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
  phaseSeconds: { objectives: 400, toy: 150.4, variance: 49.6 },
  full: { epochs: 100, trainImages: 60_000, nllImages: null },
  fullLastRun: null,
};

describe('resultsMarkdown', () => {
  it('renders one row per objective beside the published figure, dashes where a figure is not defined', () => {
    const text = resultsMarkdown(report);
    expect(text).toContain(
      '| `vae` | L = 1 | 101.23 | 95.50 | 80.10 | 14/50 | 1 x 10000 | 30 s (4 + 12) | onnxruntime | 86.76 (Burda et al., k = 1, 3,280 epochs) |',
    );
    expect(text).toContain('| `ae` |  | — | — | 60.00 | 50/50 | 1 x 10000 | 20 s (8 + 2) | wasm | — |');
    expect(text).toContain('- wasm (`ae`): auto chose wasm: WebAssembly');
    expect(text).toContain(
      '600 s in all (MNIST objectives 400 s, toy problem 150 s, gradient variance 50 s).',
    );
    expect(text).toContain(
      '| `vae` | -1.5750 | -1.600, -1.500, -1.550, -1.650 | 0.1, -1.0, 0.5, 2.0 | 140 s |',
    );
    expect(text).toContain('encoder gradient is 45.0x noisier'); // 9e-3 / 2e-4
    expect(text).toContain('| score | 9.000e-3 | 1.000e-3 |');
  });

  it('estimates the full budget from the measured throughput, and says when no full run is recorded', () => {
    const text = resultsMarkdown(report);
    // vae: 100 * (60000 / 2500 + (30.4 - 4 - 12)) + 10000 * 12 / 100 = 3840 + 1200 = 5040 s = 1.4 h
    expect(text).toContain('| `vae` | onnxruntime | 2500 | 1.4 h |');
    // ae: 100 * (60000 / 1250 + (20 - 8 - 2)) + 10000 * 2 / 100 = 5800 + 200 = 6000 s = 1.67 h
    expect(text).toContain('| `ae` | wasm | 1250 | 1.7 h |');
    expect(text).toContain('never; no RESULTS-full.md has been recorded yet');
    const recorded = resultsMarkdown({ ...report, fullLastRun: 'Written by `x` on 2027-01-02 03:04 UTC.' });
    expect(recorded).toContain(
      'Last measured at `full`: RESULTS-full.md, written by `x` on 2027-01-02 03:04 UTC.',
    );
  });
});
