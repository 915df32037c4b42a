import { readFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { ObjectiveName } from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';
import { writeFileAtomic } from '../atomic-write.ts';
import type { CommandContext } from '../command-context.ts';
import { type Evaluation, evaluationValues } from '../evaluate.ts';
import { trainToyAvb, trainToyVae } from '../experiments/avb-toy.ts';
import { gradientVariance } from '../experiments/gradient-variance.ts';
import { loadRunModel } from '../load-run.ts';
import { readMetrics } from '../metrics-log.ts';
import { type ObjectiveResult, type ResultsReport, resultsMarkdown } from '../results-markdown.ts';
import { runPaths } from '../run-directory.ts';
import { DEFAULT_RUN_OPTIONS, type RunOptions } from '../run-options.ts';
import { loadTrainingData } from '../training-data.ts';
import { trainCommand } from './train.ts';

/** How much `reproduce` trains and evaluates. */
export interface Budget {
  readonly name: 'small' | 'full';
  /** Training images (the first ones of MNIST's 60,000). */
  readonly trainImages: number;
  /** Epochs over them per objective. */
  readonly epochs: number;
  /** Test images for -log p(x) (k = 5000); null: all 10,000. */
  readonly nllImages: number | null;
  /** k of the iwae objective. */
  readonly iwaeK: number;
  /** m of avb-ac (samples per image for the moments). */
  readonly avbSamples: number;
  /** Adam steps per model on AVB's toy problem. */
  readonly toySteps: number;
  /** Gradient draws for the variance table. */
  readonly varianceDraws: number;
}

/**
 * small: meant for CI, about 10 minutes on 2 cores without a GPU (RESULTS.md's first line says what it
 * took; `reproduce.ci.test.ts` runs it end to end). iwae gets the IWAE paper's k = 50, so its ordering
 * against vae (lower -log p(x) at equal epochs) is tested at this budget.
 * full: the published figures' scale (100 epochs of all 60,000 images, every test image for -log p(x));
 * what it takes is estimated in RESULTS.md from the small run's measured throughput (hours per
 * objective on the small run's backends); its own report goes to RESULTS-full.md. Use a GPU backend.
 */
export const BUDGETS: Readonly<Record<Budget['name'], Budget>> = {
  small: {
    name: 'small',
    trainImages: 10_000,
    epochs: 1,
    nllImages: 25,
    iwaeK: 50,
    avbSamples: 4,
    toySteps: 1000,
    varianceDraws: 30,
  },
  full: {
    name: 'full',
    trainImages: 60_000,
    epochs: 100,
    nllImages: null,
    iwaeK: 50,
    avbSamples: 8,
    toySteps: 3000,
    varianceDraws: 200,
  },
};

/** Where each budget's report goes by default (beside the README): CI's small runs never overwrite a full one. */
export const RESULTS_FILES: Readonly<Record<Budget['name'], string>> = {
  small: 'RESULTS.md',
  full: 'RESULTS-full.md',
};

/** The first line of a full report ('Written by ... on <date> ...'), or null when there is none. */
async function lastFullRun(resultsPath: string): Promise<string | null> {
  try {
    const text = await readFile(join(dirname(resultsPath), RESULTS_FILES.full), 'utf8');
    return text.split('\n').find((line) => line.startsWith('Written by')) ?? null;
  } catch {
    return null;
  }
}

/** The objectives of the table and what each runs with (options beyond the defaults). */
function objectiveRuns(
  budget: Budget,
): { objective: ObjectiveName; setting: string; options: Partial<RunOptions> }[] {
  return [
    { objective: 'vae', setting: 'L = 1', options: {} },
    { objective: 'iwae', setting: `k = ${budget.iwaeK}`, options: { k: budget.iwaeK } },
    { objective: 'score', setting: 'L = 2, leave-one-out baseline', options: { samples: 2 } },
    { objective: 'geometric', setting: 'L = 1', options: {} },
    { objective: 'ae', setting: 'deterministic', options: {} },
    { objective: 'avb', setting: 'm = 1', options: {} },
    { objective: 'avb-ac', setting: `m = ${budget.avbSamples}`, options: { samples: budget.avbSamples } },
  ];
}

/**
 * `reproduce --budget small|full`: trains every objective on MNIST with the IWAE paper's one-layer
 * model, evaluates each (test ELBO, -log p(x) with k = 5000, active units), runs AVB's toy problem and
 * the gradient-variance comparison, and writes the table to `resultsPath` (RESULTS.md). Run directories
 * go under `outDir`.
 */
export async function reproduceCommand(
  {
    budget,
    backend,
    outDir,
    resultsPath,
  }: { budget: Budget; backend: RunOptions['backend']; outDir: string; resultsPath: string },
  context: CommandContext,
): Promise<void> {
  const started = performance.now();
  const [loadAtStart = 0] = loadavg();
  const objectives: ObjectiveResult[] = [];
  for (const run of objectiveRuns(budget)) {
    const out = join(outDir, run.objective);
    context.log(
      `reproduce: ${run.objective} (${run.setting}), ${budget.epochs} epoch(s) of ${budget.trainImages} images -> ${out}`,
    );
    const options: RunOptions = {
      ...DEFAULT_RUN_OPTIONS,
      ...run.options,
      objective: run.objective,
      epochs: budget.epochs,
      evalImages: budget.nllImages,
      backend,
      out,
    };
    const runStarted = performance.now();
    const { finished } = await trainCommand(options, context, null, { trainImages: budget.trainImages });
    if (!finished) return;
    const paths = runPaths(resolve(out));
    const evaluation = JSON.parse(await readFile(paths.evaluation, 'utf8')) as Evaluation & {
      seconds: number;
    };
    const { backend: used } = JSON.parse(await readFile(paths.run, 'utf8')) as {
      backend: { name: string; reason: string };
    };
    const metrics = await readMetrics(paths.metrics);
    const trainSeconds = metrics.reduce((sum, m) => sum + m.seconds, 0);
    objectives.push({
      objective: run.objective,
      setting: run.setting,
      testElbo: evaluation.testElbo,
      testNll: evaluation.testNll,
      testReconstruction: evaluation.testReconstruction,
      activeUnits: evaluation.activeUnits,
      latentSize: evaluation.latentSize,
      epochs: metrics.length,
      trainImages: budget.trainImages,
      seconds: (performance.now() - runStarted) / 1000,
      trainSeconds,
      samplesPerSecond: (metrics.length * budget.trainImages) / trainSeconds,
      evalSeconds: evaluation.seconds,
      backend: used.name,
      backendReason: used.reason,
    });
  }

  const toyStarted = performance.now();
  context.log(`reproduce: AVB's toy problem, ${budget.toySteps} steps per model`);
  const toyBudget = { steps: budget.toySteps, learningRate: 3e-3, seed: 1 };
  const toy = [
    await trainToyVae(toyBudget),
    await trainToyAvb(toyBudget, false),
    await trainToyAvb(toyBudget, true),
  ];
  await writeFileAtomic(
    join(outDir, 'avb-toy-samples.json'),
    `${JSON.stringify(toy.map(({ objective, samples, logLikelihoods }) => ({ objective, logLikelihoods, samples: samples.map((s) => s.slice(0, 500)) })))}\n`,
  );

  const varianceStarted = performance.now();
  context.log(`reproduce: gradient variance at the trained vae, ${budget.varianceDraws} draws`);
  const { model, state } = await loadRunModel(resolve(join(outDir, 'vae')));
  const { test } = await loadTrainingData(state.header.options, model.config.inputSize);
  const values = evaluationValues(test, state.header.options, model.vae);
  const x = tf.tensor2d(values.subarray(0, 100 * model.config.inputSize), [100, model.config.inputSize]);
  const variance = await gradientVariance({ vae: model.vae, x, draws: budget.varianceDraws, samples: 2 });
  x.dispose();
  model.dispose();
  const finished = performance.now();

  const report: ResultsReport = {
    budget: budget.name,
    command: `pnpm --filter trainer reproduce --budget ${budget.name}`,
    date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    machine: `${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}`,
    loadAverage: { start: loadAtStart, end: loadavg()[0] ?? 0, cores: cpus().length },
    nllImages: budget.nllImages ?? 10_000,
    importanceSamples: DEFAULT_RUN_OPTIONS.importanceSamples,
    objectives,
    toySteps: budget.toySteps,
    toy,
    variance,
    varianceSetting: `The \`vae\` run's weights after training, the first 100 test images, L = 2 samples, ${budget.varianceDraws} draws per estimator`,
    totalSeconds: (finished - started) / 1000,
    phaseSeconds: {
      objectives: (toyStarted - started) / 1000,
      toy: (varianceStarted - toyStarted) / 1000,
      variance: (finished - varianceStarted) / 1000,
    },
    full: BUDGETS.full,
    fullLastRun: budget.name === 'full' ? null : await lastFullRun(resultsPath),
  };
  // The report as data (toy samples left out: they are in avb-toy-samples.json), for checks and tools.
  await writeFileAtomic(
    join(outDir, 'results.json'),
    `${JSON.stringify({ ...report, toy: toy.map(({ samples: _, ...rest }) => rest) }, null, 2)}\n`,
  );
  await writeFileAtomic(resultsPath, resultsMarkdown(report));
  context.log(`reproduce: wrote ${resultsPath} (${Math.round(report.totalSeconds)} s)`);
}
