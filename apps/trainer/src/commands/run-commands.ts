import { resolve } from 'node:path';
import { writeFileAtomic } from '../atomic-write.ts';
import { initBackend } from '../backend/index.ts';
import type { CommandContext } from '../command-context.ts';
import { evaluationValues } from '../evaluate.ts';
import { encodeImageGridPng } from '../export/png.ts';
import { loadRunModel } from '../load-run.ts';
import { runPaths } from '../run-directory.ts';
import type { RunOptions } from '../run-options.ts';
import { datasetName, loadTrainingData } from '../training-data.ts';
import { sampleImages } from './artifacts.ts';
import { evaluateRun } from './evaluate-run.ts';
import { exportModels } from './export-models.ts';
import { describeBackend } from './train.ts';

/** Commands on an existing run directory: they read its checkpoint and never modify it. */

/** Initialises the backend (and says which), then loads the run's latest checkpoint. */
async function openRun(runDir: string, backend: RunOptions['backend'], context: CommandContext) {
  context.log(describeBackend(await initBackend(backend)));
  const paths = runPaths(resolve(runDir));
  return { paths, ...(await loadRunModel(paths.dir)) };
}

/** `eval <run>`: test ELBO, importance-sampled NLL (k, N from the flags) and active units. */
export async function evalCommand(
  runDir: string,
  overrides: Pick<RunOptions, 'importanceSamples' | 'evalImages' | 'backend'>,
  context: CommandContext,
): Promise<void> {
  const { paths, model, state } = await openRun(runDir, overrides.backend, context);
  const options = { ...state.header.options, ...overrides };
  const { test } = await loadTrainingData(options, model.config.inputSize);
  await evaluateRun({
    model,
    testValues: evaluationValues(test, options, model.vae),
    options,
    paths,
    context,
  });
  model.dispose();
}

/** `export <run>`: decoder.onnx and encoder.onnx, with the evaluation's figures if there are any. */
export async function exportCommand(
  runDir: string,
  { metrics, backend }: { metrics: Record<string, number>; backend: RunOptions['backend'] },
  context: CommandContext,
): Promise<void> {
  const { paths, model, state } = await openRun(runDir, backend, context);
  const { options } = state.header;
  const files = await exportModels({
    model,
    paths,
    dataset: datasetName(options),
    preset: options.preset,
    objective: options.objective,
    metrics,
    producer: 'ellipse trainer export',
  });
  context.log(`exported ${files.join(', ')}`);
  model.dispose();
}

/** `sample <run>`: a PNG grid of n samples from the prior, decoded to p(x|z)'s mean. */
export async function sampleCommand(
  runDir: string,
  {
    count,
    seed,
    out,
    backend,
  }: { count: number; seed: number; out: string | null; backend: RunOptions['backend'] },
  context: CommandContext,
): Promise<void> {
  const { paths, model } = await openRun(runDir, backend, context);
  const { vae } = model;
  const shape = vae.config.imageShape;
  if (shape === null) {
    model.dispose();
    throw new Error(`sample draws images, but the model in ${paths.dir} has no image shape (a toy model)`);
  }
  const file = resolve(out ?? `${paths.artifacts}/samples-seed-${seed}.png`);
  const images = await sampleImages({ vae, count, seed });
  await writeFileAtomic(file, encodeImageGridPng({ images, height: shape[0], width: shape[1] }));
  context.log(`wrote ${count} samples to ${file}`);
  model.dispose();
}
