import { readFile } from 'node:fs/promises';
import type { Adam, NamedWeights, Vae, VaeConfig, WeightValue } from '@ellipse/core';
import { writeFileAtomic } from './atomic-write.ts';
import { CheckpointError, decodeCheckpoint, encodeCheckpoint } from './checkpoint-file.ts';
import type { BatchPosition } from './data/batches.ts';
import type { RunOptions } from './run-options.ts';
import { type EpochSums, NO_SUMS } from './train-loop.ts';

/** What a checkpoint records besides tensors: enough to continue exactly where training stopped. */
export interface CheckpointHeader {
  readonly kind: 'ellipse-training-state';
  readonly version: 1;
  readonly config: VaeConfig;
  readonly options: RunOptions;
  /** The next batch to train on. */
  readonly position: BatchPosition;
  /** Running sums of the unfinished epoch, so its logged means cover the whole epoch. */
  readonly epochSums: EpochSums;
  readonly adamStep: number;
  readonly savedAt: string;
}

export interface TrainingState {
  readonly header: CheckpointHeader;
  readonly weights: NamedWeights;
  readonly adamMoments: NamedWeights;
}

const WEIGHT = 'weights/';
const ADAM = 'adam/';

function prefixed(prefix: string, weights: NamedWeights): Record<string, WeightValue> {
  return Object.fromEntries(Object.entries(weights).map(([name, value]) => [prefix + name, value]));
}

function unprefixed(prefix: string, tensors: NamedWeights): Record<string, WeightValue> {
  return Object.fromEntries(
    Object.entries(tensors)
      .filter(([name]) => name.startsWith(prefix))
      .map(([name, value]) => [name.slice(prefix.length), value]),
  );
}

/** Saves model, optimiser and position atomically: a crash mid-write leaves the previous checkpoint. */
export async function saveCheckpoint(
  path: string,
  {
    vae,
    adam,
    options,
    position,
    epochSums = NO_SUMS,
  }: { vae: Vae; adam: Adam; options: RunOptions; position: BatchPosition; epochSums?: EpochSums },
): Promise<void> {
  const { step, moments } = await adam.getState();
  const header: CheckpointHeader = {
    kind: 'ellipse-training-state',
    version: 1,
    config: vae.config,
    options,
    position,
    epochSums,
    adamStep: step,
    savedAt: new Date().toISOString(),
  };
  const tensors = { ...prefixed(WEIGHT, await vae.getWeights()), ...prefixed(ADAM, moments) };
  await writeFileAtomic(path, encodeCheckpoint(header, tensors));
}

export async function loadCheckpoint(path: string): Promise<TrainingState> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new CheckpointError(
      `cannot read checkpoint ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}): ` +
        'pass the directory of a run that saved at least one epoch',
    );
  }
  const { header, tensors } = decodeCheckpoint<CheckpointHeader>(bytes, path);
  if (header.kind !== 'ellipse-training-state' || header.version !== 1) {
    throw new CheckpointError(
      `${path} holds '${header.kind}' version ${header.version}, not a training state v1`,
    );
  }
  return {
    header: { ...header, options: withObjective(header.options) },
    weights: unprefixed(WEIGHT, tensors),
    adamMoments: unprefixed(ADAM, tensors),
  };
}

/** Options saved before --objective existed named --estimator and --regularizer instead: map them onto it. */
export function withObjective(saved: RunOptions): RunOptions {
  if (saved.objective !== undefined) return saved;
  const { estimator, regularizer, ...rest } = saved as RunOptions & {
    estimator?: string;
    regularizer?: string;
  };
  const objective = estimator === 'score' ? 'score' : regularizer === 'geometric' ? 'geometric' : 'vae';
  return { ...rest, objective };
}

/** Throws CheckpointError naming each field where the checkpoint's model differs from `config`. */
export function assertSameConfig(saved: VaeConfig, config: VaeConfig, path: string): void {
  const differences = (Object.keys(config) as (keyof VaeConfig)[])
    .filter((key) => JSON.stringify(saved[key]) !== JSON.stringify(config[key]))
    .map((key) => `${key} is ${JSON.stringify(saved[key])} there, ${JSON.stringify(config[key])} here`);
  if (differences.length > 0) {
    throw new CheckpointError(
      `checkpoint ${path} is from another model configuration: ${differences.join('; ')}. ` +
        'Resume with the same preset and --latent-size, or start a new run with --out',
    );
  }
}

/** Restores weights and optimiser state into freshly created `vae` and `adam`. */
export function restoreTrainingState(
  state: TrainingState,
  { vae, adam }: { vae: Vae; adam: Adam },
  path: string,
): void {
  assertSameConfig(state.header.config, vae.config, path);
  vae.setWeights(state.weights);
  adam.setState({ step: state.header.adamStep, moments: state.adamMoments });
}
