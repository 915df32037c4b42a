/**
 * The estimator lab's view, shared by the build (static SVG in estimators.astro) and the page
 * (<estimators-figure>): the two series drawn from core's estimators, their histograms and the
 * read-out sentence, for one setting (L, seed, the score function's baseline).
 */
import type { EstimatorName, ScoreBaseline } from '@ellipse/core';
import { type HistogramSeries, renderEstimatorHistograms } from '../viz/estimator-histogram.ts';
import {
  compareMeans,
  type EstimateSummary,
  type MeanComparison,
  summarise,
} from '../viz/estimator-stats.ts';
import { gradientDraws, LAB_PARAMETER, type LabModel } from './estimators-lab.ts';
import { DRAWS } from './estimators-settings.ts';

const X_LABEL = `estimates of ∂(−ELBO)/∂ ${LAB_PARAMETER.name}[${LAB_PARAMETER.index}]`;

const SCORE_LABEL: Readonly<Record<ScoreBaseline, string>> = {
  'leave-one-out': 'Score function (leave-one-out baseline)',
  none: 'Score function (no baseline)',
};

/** The two series, reparameterisation first; the score function's label names its baseline. */
export const labSeries = (
  baseline: ScoreBaseline,
): readonly { key: EstimatorName; label: string; color: string }[] => [
  { key: 'reparam', label: 'Reparameterisation', color: '#3f90da' },
  { key: 'score', label: SCORE_LABEL[baseline], color: '#bd1f01' },
];

export interface LabSetting {
  readonly samples: number;
  readonly seed: number;
  /** The score function's baseline. */
  readonly baseline: ScoreBaseline;
}

export interface LabResult {
  readonly series: readonly HistogramSeries[];
  readonly reparam: EstimateSummary;
  readonly score: EstimateSummary;
  readonly comparison: MeanComparison;
  /** Var(score) / Var(reparam). */
  readonly ratio: number;
}

/**
 * Draws DRAWS estimates per estimator (reparam first). `progress` sees the series so far (the one being
 * drawn holds its first `done` estimates) every 5 draws (~0.1 s of work on a laptop's CPU backend, so
 * the page stays responsive when it awaits a frame); it may throw to abandon the run.
 */
export async function computeLab(
  model: LabModel,
  { samples, seed, baseline }: LabSetting,
  progress?: (series: HistogramSeries[]) => Promise<void>,
): Promise<LabResult> {
  const done: HistogramSeries[] = [];
  for (const { key, label, color } of labSeries(baseline)) {
    const values = await gradientDraws({
      model,
      estimator: key,
      baseline: key === 'score' ? baseline : undefined,
      samples,
      draws: DRAWS,
      seed,
      progressEvery: 5,
      progress:
        progress &&
        ((n, all) => {
          const partial = all.slice(0, n);
          return progress([...done, { key, label, color, values: partial, summary: summarise(partial) }]);
        }),
    });
    done.push({ key, label, color, values, summary: summarise(values) });
  }
  const [reparam, score] = done.map((s) => s.summary) as [EstimateSummary, EstimateSummary];
  return {
    series: done,
    reparam,
    score,
    comparison: compareMeans(score, reparam),
    ratio: score.variance / reparam.variance,
  };
}

export function renderLab(document: Document, series: readonly HistogramSeries[]): SVGSVGElement {
  return renderEstimatorHistograms(series, { document, xLabel: X_LABEL });
}

const fmt = (value: number): string => value.toPrecision(3);

export function labReadout(
  { reparam, score, comparison, ratio }: LabResult,
  { samples, baseline }: Pick<LabSetting, 'samples' | 'baseline'>,
): string {
  return (
    `L = ${samples}, ${DRAWS} estimates each. Reparameterisation: mean ${fmt(reparam.mean)} ± ${fmt(reparam.standardError)}, ` +
    `variance ${fmt(reparam.variance)}. Score function (${baseline === 'none' ? 'no' : 'leave-one-out'} baseline): mean ${fmt(score.mean)} ± ${fmt(score.standardError)}, ` +
    `variance ${fmt(score.variance)}. The means differ by ${comparison.zScore.toFixed(2)} standard errors ` +
    `(${comparison.agree ? 'they agree within 2' : 'more than 2: an unlucky seed, or a bias'}). ` +
    `Variance ratio, score / reparameterisation: ${ratio.toFixed(1)}.`
  );
}
