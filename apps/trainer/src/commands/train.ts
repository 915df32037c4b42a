import { constants } from 'node:fs';
import { access, mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkWorkload, mixSeed, presetConfig, resolveConfig, type VaeConfig } from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';
import { removeStaleTemporaries, writeFileAtomic } from '../atomic-write.ts';
import { type InitializedBackend, initBackend, isOnnxBackend } from '../backend/index.ts';
import { createOnnxStepEngine } from '../backend/onnx-step/onnx-step-engine.ts';
import { onnxStepCoverage, onnxStepRegularizer } from '../backend/onnx-step/step-graph.ts';
import { restoreTrainingState, saveCheckpoint, type TrainingState } from '../checkpoint.ts';
import type { CommandContext } from '../command-context.ts';
import { batches, stepsPerEpoch } from '../data/batches.ts';
import { binarizeDynamic, binarizeFixed } from '../data/binarize.ts';
import type { Dataset } from '../data/dataset.ts';
import { evaluationMetrics, evaluationValues, meanElbo, type TestTerms } from '../evaluate.ts';
import { klWeight } from '../kl-warmup.ts';
import { appendMetrics, readMetrics } from '../metrics-log.ts';
import { createProgressReporter } from '../progress.ts';
import { defaultRunDir, type RunPaths, runPaths } from '../run-directory.ts';
import { OptionError, type RunOptions } from '../run-options.ts';
import { type StepEngine, tfjsStepEngine } from '../step-engine.ts';
import { type EpochSums, NO_SUMS, runTrainLoop } from '../train-loop.ts';
import { datasetName, loadTrainingData } from '../training-data.ts';
import { createTrainingModel, type TrainingModel } from '../training-model.ts';
import { writeEpochArtifacts, writeLearningCurves } from './artifacts.ts';
import { evaluateRun } from './evaluate-run.ts';
import { exportModels } from './export-models.ts';

/** One line naming the backend that runs, its device and why it was chosen. */
export function describeBackend(backend: InitializedBackend): string {
  const threads =
    backend.threads === null ? '' : `, ${backend.threads} thread${backend.threads === 1 ? '' : 's'}`;
  return `backend: ${backend.name} on ${backend.device.description}${threads} (${backend.reason})`;
}

/** What the objective maximises, with its knobs: 'vae: ELBO, reparameterised gradients, L = 1, KL weight 1'. */
export function describeObjective(
  options: Pick<RunOptions, 'objective' | 'samples' | 'k' | 'beta' | 'klWarmup'>,
): string {
  const warmup = options.klWarmup > 0 ? ` (warm-up ${options.klWarmup} epochs)` : '';
  const weight = `weight ${options.beta}${warmup}`;
  switch (options.objective) {
    case 'vae':
      return `vae: ELBO, reparameterised gradients, L = ${options.samples}, KL ${weight}`;
    case 'geometric':
      return `geometric: E_q[log p(x|z)] - ||mu||^2 - ||sigma - 1||^2, reparameterised gradients, L = ${options.samples}, regulariser ${weight}`;
    case 'score':
      return `score: ELBO, score-function (REINFORCE) gradients with a leave-one-out baseline, L = ${options.samples}, KL ${weight}`;
    case 'ae':
      return 'ae: reconstruction -log p(x | mu(x)) only, deterministic encoder, no regulariser';
    case 'iwae':
      return `iwae: importance-weighted bound L_k, k = ${options.k}, reparameterised gradients`;
    case 'avb':
      return `avb: E_q[log p(x|z) - T(x, z)], implicit encoder z = f(x, eps), discriminator T with its own Adam, m = ${options.samples}`;
    case 'avb-ac':
      return `avb-ac: AVB with adaptive contrast (T sees (z - mu) / sigma against N(0, I)), moments from m = ${options.samples} samples`;
  }
}

/** One line naming the model, the objective and the numbers the run computes with. */
export function describeRun(options: RunOptions, config: VaeConfig): string {
  const layers = [config.inputSize, ...config.hiddenSizes, config.latentSize].join('-');
  const binarised = config.likelihood === 'bernoulli' ? `, ${options.binarize} binarisation` : '';
  return (
    `model: ${options.preset} preset, ${layers} ${config.activation}, ${config.likelihood} decoder; ` +
    `objective ${describeObjective(options)}; ` +
    `Adam ${options.learningRate}, batch ${options.batchSize}, ${options.epochs} epochs${binarised}; ` +
    `${tf.backend().floatPrecision()}-bit floats`
  );
}

/**
 * Objective settings that cannot run, named with the offending value and the fix before anything is
 * written: score (a leave-one-out baseline) and avb-ac (moments) need L = --samples >= 2.
 */
export function checkObjectiveOptions(options: Pick<RunOptions, 'objective' | 'samples'>): void {
  const why = { score: 'its leave-one-out baseline', 'avb-ac': "adaptive contrast's moments" } as const;
  if ((options.objective === 'score' || options.objective === 'avb-ac') && options.samples < 2) {
    throw new OptionError(
      `--objective ${options.objective} needs --samples >= 2 for ${why[options.objective]}, got --samples ${options.samples}: ` +
        'add e.g. --samples 4',
    );
  }
}

async function prepareRunDir(options: RunOptions): Promise<RunPaths> {
  const dir = resolve(options.out ?? defaultRunDir(options.preset));
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
  } catch (error) {
    throw new Error(
      `cannot write the run directory ${dir} (${(error as NodeJS.ErrnoException).code ?? String(error)}): ` +
        'choose another with --out',
    );
  }
  return runPaths(dir);
}

function modelConfig(options: RunOptions) {
  const preset = presetConfig(options.preset);
  return resolveConfig(options.latentSize === null ? preset : { ...preset, latentSize: options.latentSize });
}

/** The first `count` examples of a data set. */
function firstExamples(dataset: Dataset, count: number): Dataset {
  return {
    ...dataset,
    count,
    values: dataset.values.subarray(0, count * dataset.dataSize),
    labels: dataset.labels === null ? null : dataset.labels.subarray(0, count),
  };
}

/**
 * `train`: trains options.preset on its dataset on the chosen backend, with a test ELBO, a checkpoint
 * and pictures after every epoch; then evaluates (importance-sampled NLL) and exports ONNX.
 * With `resume`, continues a saved run exactly where it stopped.
 */
export async function trainCommand(
  options: RunOptions,
  context: CommandContext,
  resume: { state: TrainingState; path: string } | null = null,
  /** Train on the first `trainImages` training examples only (reproduce's small budget); default all. */
  { trainImages }: { trainImages?: number } = {},
): Promise<{ paths: RunPaths; finished: boolean }> {
  const { log } = context;
  checkObjectiveOptions(options);
  const backend = await initBackend(options.backend, { onnxStep: onnxStepCoverage(options) });
  log(describeBackend(backend));
  const config = modelConfig(options);
  // batch * L rows of the widest layer must fit one tensor: checked before data or weights are allocated.
  checkWorkload({ config, rows: options.batchSize, samples: options.samples, what: '--samples' });
  const paths = await prepareRunDir(options);
  const stale = await removeStaleTemporaries(paths.dir);
  if (stale.length > 0)
    log(`removed ${stale.length} half-written temporary file(s) of a killed run: ${stale.join(', ')}`);
  const loaded = await loadTrainingData(options, config.inputSize);
  const data =
    trainImages === undefined || trainImages >= loaded.train.count
      ? loaded
      : { ...loaded, train: firstExamples(loaded.train, trainImages) };
  log(`data: ${data.train.name}, ${data.train.count} train / ${data.test.count} test examples`);
  log(describeRun(options, config));

  const model = createTrainingModel(options, config);
  const { vae } = model;
  const start = resume?.state.header.position ?? { epoch: 0, step: 0 };
  if (resume !== null) {
    restoreTrainingState(resume.state, model, resume.path);
    const kept = await readMetrics(paths.metrics, start.epoch);
    await writeFileAtomic(paths.metrics, kept.map((m) => `${JSON.stringify(m)}\n`).join(''));
    log(`resuming ${paths.dir} at epoch ${start.epoch + 1}, step ${start.step + 1}`);
  }
  const engine = await stepEngine(options, backend, model);
  await writeFileAtomic(
    paths.run,
    `${JSON.stringify(
      {
        options,
        config,
        dataset: datasetName(options),
        backend,
        startedAt: new Date().toISOString(),
        resumedAt: resume ? start : null,
      },
      null,
      2,
    )}\n`,
  );

  const { train, test } = data;
  const dataSize = config.inputSize;
  const binary = config.likelihood === 'bernoulli' && options.binarize !== 'none';
  const trainValues =
    binary && options.binarize === 'fixed'
      ? binarizeFixed(train.values, { seed: options.seed })
      : train.values;
  const dynamic = binary && options.binarize === 'dynamic';
  const testValues = evaluationValues(test, options, vae);
  const steps = stepsPerEpoch({ count: train.count, batchSize: options.batchSize });
  const betaAt = (globalStep: number) =>
    klWeight({ beta: options.beta, warmupEpochs: options.klWarmup, stepsPerEpoch: steps, globalStep });
  const progress = createProgressReporter(context.progressSink, { print: log });
  const save = (position: { epoch: number; step: number }, epochSums?: EpochSums) =>
    saveCheckpoint(paths.checkpoint, { model, options, position, ...(epochSums ? { epochSums } : {}) });

  // The last epoch's pass over the test set: the final evaluation reuses it rather than repeat it.
  let lastTestTerms: TestTerms | undefined;
  const outcome = await runTrainLoop({
    batches: batches({
      values: trainValues,
      dataSize,
      batchSize: options.batchSize,
      seed: options.seed,
      start,
    }),
    epochs: options.epochs,
    stepsPerEpoch: steps,
    step: async (batch, globalStep) => {
      const { epoch, step } = batch.position;
      const values = dynamic
        ? binarizeDynamic(batch.values, { seed: options.seed, epoch, step })
        : batch.values;
      return engine.step({
        values,
        size: batch.size,
        beta: betaAt(globalStep),
        seed: mixSeed(options.seed, 0x57e9, globalStep),
      });
    },
    onEpochEnd: async (summary, next) => {
      await engine.sync();
      const testParts = await meanElbo({
        model,
        objective: options.objective,
        values: testValues,
        seed: mixSeed(options.seed, summary.epoch),
      });
      lastTestTerms = testParts;
      await appendMetrics(paths.metrics, {
        epoch: summary.epoch,
        step: next.epoch * steps,
        trainLoss: summary.loss,
        trainReconstruction: summary.reconstruction,
        trainKl: summary.kl,
        testElbo: testParts.elbo,
        testReconstruction: testParts.reconstruction,
        testKl: testParts.kl,
        beta: betaAt(next.epoch * steps - 1),
        seconds: summary.seconds,
        samplesPerSecond: summary.samplesPerSecond,
      });
      await writeEpochArtifacts({
        model,
        objective: options.objective,
        test,
        testValues,
        epoch: summary.epoch,
        paths,
        seed: options.seed,
      });
      await save(next);
      const testFigures =
        testParts.elbo === null
          ? `test reconstruction ${testParts.reconstruction.toFixed(2)}` +
            (testParts.kl === null ? '' : `, KL estimate ${testParts.kl.toFixed(2)}`)
          : `test ELBO ${testParts.elbo.toFixed(2)} (recon ${testParts.reconstruction.toFixed(2)}, ` +
            `KL ${(testParts.kl ?? 0).toFixed(2)})`;
      progress.log(
        `epoch ${summary.epoch}/${options.epochs}: train loss ${summary.loss.toFixed(2)}, ${testFigures}, ` +
          `${summary.seconds.toFixed(0)} s, ${Math.round(summary.samplesPerSecond)} samples/s`,
      );
    },
    initialSums: resume?.state.header.epochSums ?? NO_SUMS,
    onInterrupt: async (next, sums) => {
      await engine.sync();
      await save(next, sums);
      progress.log(
        `stopped: checkpoint saved at epoch ${next.epoch + 1}, step ${next.step + 1}; ` +
          `continue with: pnpm --filter trainer train --resume ${paths.dir}`,
      );
    },
    shouldStop: context.shouldStop,
    progress,
  });
  progress.done();
  await engine.dispose();
  if (outcome === 'interrupted') {
    model.dispose();
    return { paths, finished: false };
  }
  await writeLearningCurves(paths);
  const evaluation = await evaluateRun({
    model,
    testValues,
    options,
    paths,
    context,
    ...(lastTestTerms === undefined ? {} : { testTerms: lastTestTerms }),
  });
  const files = await exportModels({
    model,
    paths,
    dataset: datasetName(options),
    preset: options.preset,
    objective: options.objective,
    metrics: evaluationMetrics(evaluation),
    producer: `ellipse trainer, backend ${backend.name}`,
  });
  log(`exported ${files.join(', ')}`);
  log(`run directory: ${paths.dir} (checkpoint, metrics.jsonl, evaluation.json, artifacts/)`);
  model.dispose();
  return { paths, finished: true };
}

/**
 * The step engine the backend calls for: a whole-step ONNX graph for the objectives it covers, or the
 * training model's own step on tfjs.
 */
async function stepEngine(
  options: RunOptions,
  backend: InitializedBackend,
  model: TrainingModel,
): Promise<StepEngine> {
  const regularizer = onnxStepRegularizer(options.objective);
  const [only] = model.optimizers;
  if (!isOnnxBackend(backend.name) || regularizer === null || model.optimizers.length !== 1 || !only) {
    return tfjsStepEngine(model);
  }
  return createOnnxStepEngine({
    ort: await import('onnxruntime-node'),
    vae: model.vae,
    adam: only.adam,
    samples: options.samples,
    regularizer,
    learningRate: options.learningRate,
    executionProvider: backend.name === 'onnxruntime-cuda' ? 'cuda' : 'cpu',
    threads: backend.threads ?? 1,
  });
}
