import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { VaeConfig } from '@ellipse/core';
import type { Dataset } from './data/dataset.ts';
import { evaluationValues } from './evaluate.ts';
import { runPaths } from './run-directory.ts';
import type { RunOptions } from './run-options.ts';
import { loadTrainingData } from './training-data.ts';

export type { Dataset };

/**
 * The test set of a run directory exactly as its model saw it in evaluation (and in the per-epoch
 * ellipses): the run's dataset, binarised once with the run's seed for Bernoulli image models.
 * `values` [N, D] replace the grey levels of `test.values`; labels and shape are the test set's.
 */
export async function loadRunTestSet(runDir: string): Promise<Dataset> {
  const paths = runPaths(resolve(runDir));
  let run: { options: RunOptions; config: VaeConfig };
  try {
    run = JSON.parse(await readFile(paths.run, 'utf8')) as typeof run;
  } catch (error) {
    throw new Error(
      `cannot read ${paths.run} (${(error as Error).message}): give the directory of a run made by 'train'`,
    );
  }
  const { test } = await loadTrainingData(run.options, run.config.inputSize);
  return { ...test, values: evaluationValues(test, run.options, run) };
}
