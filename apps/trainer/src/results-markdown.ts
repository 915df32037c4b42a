import type { ToyModelResult } from './experiments/avb-toy.ts';
import type { GradientVarianceRow } from './experiments/gradient-variance.ts';

/** One objective's row of the results table. */
export interface ObjectiveResult {
  readonly objective: string;
  /** What the objective was run with, e.g. 'k = 5'. */
  readonly setting: string;
  readonly testElbo: number | null;
  readonly testNll: number | null;
  readonly testReconstruction: number;
  readonly activeUnits: number;
  readonly latentSize: number;
  readonly epochs: number;
  /** Training images per epoch. */
  readonly trainImages: number;
  /** Wall time of the whole run: backend start, training, epoch-end test passes, evaluation, export. */
  readonly seconds: number;
  /** Of which the training steps. */
  readonly trainSeconds: number;
  readonly samplesPerSecond: number;
  /** Of which the final evaluation (-log p(x) by importance sampling, active units). */
  readonly evalSeconds: number;
  readonly backend: string;
  /** Why the backend was chosen (auto's reason, from run.json). */
  readonly backendReason: string;
}

/** What `--budget full` runs, for the estimate of what it takes. */
export interface FullBudgetPlan {
  readonly epochs: number;
  readonly trainImages: number;
  /** Test images for -log p(x); null: all 10,000. */
  readonly nllImages: number | null;
}

export interface ResultsReport {
  readonly budget: string;
  readonly command: string;
  readonly date: string;
  readonly machine: string;
  /** The 1-minute load average when the run started and ended, and the core count it compares to. */
  readonly loadAverage: { readonly start: number; readonly end: number; readonly cores: number };
  readonly nllImages: number;
  readonly importanceSamples: number;
  readonly objectives: readonly ObjectiveResult[];
  readonly toySteps: number;
  readonly toy: readonly ToyModelResult[];
  readonly variance: readonly GradientVarianceRow[];
  readonly varianceSetting: string;
  readonly totalSeconds: number;
  /** Where the time went: the objectives' runs, AVB's toy problem, the variance table. */
  readonly phaseSeconds: { readonly objectives: number; readonly toy: number; readonly variance: number };
  readonly full: FullBudgetPlan;
  /** The first line of RESULTS-full.md (its command and date), or null: no full run recorded. */
  readonly fullLastRun: string | null;
}

/** Published figures on the same data and architecture (784-200-200-50, dynamically binarised MNIST). */
const PUBLISHED: Readonly<Record<string, string>> = {
  vae: '86.76 (Burda et al., k = 1, 3,280 epochs)',
  iwae: '84.78 (Burda et al., k = 50, 3,280 epochs)',
  'avb-ac': 'not comparable: the AVB paper reports ELBO −82.3, AIS −81.8 with a conv net and a 32-d latent',
  avb: 'not comparable (architecture differs; see avb-ac)',
};

const nats = (value: number | null): string => (value === null ? '—' : value.toFixed(2));

const TEST_IMAGES = 10_000;

/**
 * Hours one objective would take at the full budget on this run's backend and machine, from what this
 * run measured: epochs * (images / samples-per-second + the run's other time, counted once per epoch,
 * an over-estimate that covers the epoch-end test pass) + test images * evaluation seconds per image.
 */
export function fullBudgetHours(r: ObjectiveResult, nllImages: number, full: FullBudgetPlan): number {
  const overhead = Math.max(0, r.seconds - r.trainSeconds - r.evalSeconds) / r.epochs;
  const training = full.epochs * (full.trainImages / r.samplesPerSecond + overhead);
  const evaluation = (full.nllImages ?? TEST_IMAGES) * (r.evalSeconds / Math.max(1, nllImages));
  return (training + evaluation) / 3600;
}

/** RESULTS.md as text: pure, report in, Markdown out. */
export function resultsMarkdown(report: ResultsReport): string {
  const rows = report.objectives.map(
    (r) =>
      `| \`${r.objective}\` | ${r.setting} | ${nats(r.testElbo === null ? null : -r.testElbo)} | ${nats(r.testNll)} | ` +
      `${nats(r.testReconstruction)} | ${r.activeUnits}/${r.latentSize} | ${r.epochs} x ${r.trainImages} | ` +
      `${Math.round(r.seconds)} s (${Math.round(r.trainSeconds)} + ${Math.round(r.evalSeconds)}) | ${r.backend} | ${PUBLISHED[r.objective] ?? '—'} |`,
  );
  const backends = [...new Set(report.objectives.map((r) => r.backend))].map((name) => {
    const first = report.objectives.find((r) => r.backend === name);
    const which = report.objectives.filter((r) => r.backend === name).map((r) => `\`${r.objective}\``);
    return `- ${name} (${which.join(', ')}): ${first?.backendReason ?? ''}`;
  });
  const full = report.full;
  const fullRows = report.objectives.map(
    (r) =>
      `| \`${r.objective}\` | ${r.backend} | ${Math.round(r.samplesPerSecond)} | ${fullBudgetHours(r, report.nllImages, full).toFixed(1)} h |`,
  );
  const toyRows = report.toy.map(
    (t) =>
      `| \`${t.objective}\` | ${t.meanLogLikelihood.toFixed(4)} | ${t.logLikelihoods.map((v) => v.toFixed(3)).join(', ')} | ` +
      `${t.kurtosisZ.map((z) => z.toFixed(1)).join(', ')} | ${Math.round(t.seconds)} s |`,
  );
  const [reparam, score] = report.variance;
  const varianceRows = report.variance.map(
    (v) =>
      `| ${v.estimator} | ${v.encoderMeanVariance.toExponential(3)} | ${v.decoderMeanVariance.toExponential(3)} |`,
  );
  const ratio =
    reparam !== undefined && score !== undefined
      ? (score.encoderMeanVariance / reparam.encoderMeanVariance).toFixed(1)
      : '—';
  return [
    '# Results',
    '',
    `Written by \`${report.command}\` on ${report.date} (${report.machine}); ${Math.round(report.totalSeconds)} s in all ` +
      `(MNIST objectives ${Math.round(report.phaseSeconds.objectives)} s, toy problem ${Math.round(report.phaseSeconds.toy)} s, ` +
      `gradient variance ${Math.round(report.phaseSeconds.variance)} s).`,
    `Load average ${report.loadAverage.start.toFixed(1)} at the start, ${report.loadAverage.end.toFixed(1)} at the end, on ${report.loadAverage.cores} cores` +
      (Math.max(report.loadAverage.start, report.loadAverage.end) > report.loadAverage.cores
        ? ': other jobs shared the machine, so the times are longer than on a quiet one.'
        : '.'),
    `Budget \`${report.budget}\`: these are short runs, far from the published 3,280 epochs, so the gap to the`,
    'published column is the budget, not a different model. `--budget full` documents what closing it takes.',
    '',
    '## Dynamically binarised MNIST, 784-200-200-50 tanh, Bernoulli decoder',
    '',
    `−ELBO and the reconstruction cost on all 10,000 test images; −log p(x) by importance sampling with`,
    `k = ${report.importanceSamples} on the first ${report.nllImages} test images (for \`avb\` / \`avb-ac\` the proposal is a`,
    'Gaussian fitted to 256 encoder samples of each image, as the AVB paper does; `ae` has no density, so',
    'neither). Nats per image; lower is better.',
    '',
    '| objective | setting | −ELBO | −log p(x) | reconstruction | active units | epochs x images | wall time (training + evaluation) | backend | published −log p(x) |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    'Backends, as `--backend auto` chose them for each objective:',
    '',
    ...backends,
    '',
    "## AVB's toy problem (four one-hot inputs in R^4, 2-D latent)",
    '',
    `Exact log p(x) by quadrature over the latent plane (301 x 301 cells on [−6, 6]^2); the best possible is`,
    `log 1/4 = −1.386. ${report.toySteps} Adam steps each. Mardia's kurtosis z-score of 2,000 encoder samples per`,
    'input: ~N(0, 1) for a Gaussian posterior; far from 0 means the posterior is not an ellipse.',
    '',
    '| model | mean log p(x) | per input | kurtosis z per input | train time |',
    '|---|---|---|---|---|',
    ...toyRows,
    '',
    '## Gradient variance at a fixed point',
    '',
    `${report.varianceSetting}. Mean over weights of each weight's variance across draws; the score-function`,
    `encoder gradient is ${ratio}x noisier than the reparameterised one, while the decoder gradients are the`,
    'same estimator in both.',
    '',
    '| estimator | encoder (phi) | decoder (theta) |',
    '|---|---|---|',
    ...varianceRows,
    '',
    '## What `--budget full` takes',
    '',
    `\`pnpm --filter trainer reproduce --budget full\` trains each objective ${full.epochs} epochs on all ${full.trainImages.toLocaleString('en-US')}`,
    `training images and estimates −log p(x) on ${full.nllImages === null ? `all ${TEST_IMAGES.toLocaleString('en-US')}` : full.nllImages} test images; it writes RESULTS-full.md.`,
    "Estimated from this run's measured throughput, on the same machine and backends (each run's other",
    'time counted once per epoch, so an over-estimate; the published figures took 3,280 epochs):',
    '',
    report.fullLastRun === null
      ? 'Last measured at `full`: never; no RESULTS-full.md has been recorded yet.'
      : `Last measured at \`full\`: RESULTS-full.md, ${report.fullLastRun.replace(/^Written by /, 'written by ')}`,
    '',
    '| objective | backend | training samples/s | estimated time at `full` |',
    '|---|---|---|---|',
    ...fullRows,
    '',
  ].join('\n');
}
