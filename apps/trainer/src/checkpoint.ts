import { readFile } from 'node:fs/promises';
import {
  type Adam,
  type NamedWeights,
  type Vae,
  type VaeConfig,
  validateConfig,
  type WeightValue,
} from '@ellipse/core';
import { writeFileAtomic } from './atomic-write.ts';
import { CheckpointError, decodeCheckpoint, encodeCheckpoint } from './checkpoint-file.ts';
import type { BatchPosition } from './data/batches.ts';
import { DEFAULT_RUN_OPTIONS, type RunOptions, resolveRunOptions } from './run-options.ts';
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

/**
 * What a checkpoint saves and restores: every weight by name, and each Adam with the weight names it
 * trains (disjoint sets: a VAE has one Adam, AVB one for phi and theta and one for its discriminator).
 * All Adams step together, so one step count serves them all.
 */
export interface Checkpointable {
  readonly config: VaeConfig;
  getWeights(): Promise<NamedWeights>;
  setWeights(weights: NamedWeights): void;
  readonly optimizers: readonly { readonly adam: Adam; readonly names: ReadonlySet<string> }[];
}

/** A VAE and its one Adam as a Checkpointable. */
export function vaeCheckpointable(vae: Vae, adam: Adam): Checkpointable {
  return {
    config: vae.config,
    getWeights: () => vae.getWeights(),
    setWeights: (weights) => vae.setWeights(weights),
    optimizers: [{ adam, names: new Set(vae.variables.keys()) }],
  };
}

/** Saves model, optimisers and position atomically: a crash mid-write leaves the previous checkpoint. */
export async function saveCheckpoint(
  path: string,
  {
    model,
    options,
    position,
    epochSums = NO_SUMS,
  }: { model: Checkpointable; options: RunOptions; position: BatchPosition; epochSums?: EpochSums },
): Promise<void> {
  const states = await Promise.all(model.optimizers.map(({ adam }) => adam.getState()));
  const header: CheckpointHeader = {
    kind: 'ellipse-training-state',
    version: 1,
    config: model.config,
    options,
    position,
    epochSums,
    adamStep: states[0]?.step ?? 0,
    savedAt: new Date().toISOString(),
  };
  const moments = Object.assign({}, ...states.map((state) => state.moments)) as NamedWeights;
  const tensors = { ...prefixed(WEIGHT, await model.getWeights()), ...prefixed(ADAM, moments) };
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
  return parseTrainingState(bytes, path);
}

const isCount = (value: unknown): boolean => Number.isInteger(value) && (value as number) >= 0;

/** Decodes and checks a training state; every problem is a CheckpointError naming `path` and the field. */
export function parseTrainingState(bytes: Uint8Array, path: string): TrainingState {
  const { header, tensors } = decodeCheckpoint<CheckpointHeader>(bytes, path);
  if (header.kind !== 'ellipse-training-state' || header.version !== 1) {
    throw new CheckpointError(
      `${path} holds '${header.kind}' version ${header.version}, not a training state v1`,
    );
  }
  const fail = (field: string, value: unknown): never => {
    throw new CheckpointError(`${path}: ${field} is ${JSON.stringify(value)}; delete it or pick another run`);
  };
  for (const field of ['config', 'options'] as const) {
    const value: unknown = header[field];
    if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(field, value);
  }
  let options: RunOptions;
  try {
    validateConfig(header.config);
    // Validated, and completed with defaults for options added since the checkpoint was written.
    options = resolveRunOptions(
      withObjective(header.options) as unknown as Record<string, unknown>,
      {},
      'saved options',
    );
  } catch (error) {
    throw new CheckpointError(`${path}: ${(error as Error).message}; delete it or pick another run`);
  }
  if (!isCount(header.position?.epoch) || !isCount(header.position?.step)) fail('position', header.position);
  if (!isCount(header.adamStep)) fail('adamStep', header.adamStep);
  const sums = header.epochSums as unknown as Record<string, unknown> | undefined;
  if (!Object.keys(NO_SUMS).every((key) => Number.isFinite(sums?.[key]))) fail('epochSums', sums);
  return {
    header: { ...header, options },
    weights: unprefixed(WEIGHT, tensors),
    adamMoments: unprefixed(ADAM, tensors),
  };
}

/**
 * Options saved before --objective existed named --estimator and --regularizer instead: map them onto
 * it (and give them --k's default, which they never used).
 */
export function withObjective(saved: RunOptions): RunOptions {
  if (saved.objective !== undefined) return saved;
  const { estimator, regularizer, ...rest } = saved as RunOptions & {
    estimator?: string;
    regularizer?: string;
  };
  const objective = estimator === 'score' ? 'score' : regularizer === 'geometric' ? 'geometric' : 'vae';
  return { ...rest, k: (rest as Partial<RunOptions>).k ?? DEFAULT_RUN_OPTIONS.k, objective };
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

/** Restores weights and optimiser states into a freshly created model. Moments are keyed '<weight>/m', '<weight>/v'. */
export function restoreTrainingState(state: TrainingState, model: Checkpointable, path: string): void {
  assertSameConfig(state.header.config, model.config, path);
  const names = model.optimizers.flatMap((optimizer) => [...optimizer.names]);
  const missing = names.filter((name) => !Object.hasOwn(state.weights, name));
  if (missing.length > 0) {
    throw new CheckpointError(
      `${path} lacks the weights ${missing.join(', ')}: delete it or pick another run`,
    );
  }
  model.setWeights(state.weights);
  for (const { adam, names } of model.optimizers) {
    const moments = Object.fromEntries(
      Object.entries(state.adamMoments).filter(([key]) => names.has(key.replace(/\/[mv]$/, ''))),
    );
    adam.setState({ step: state.header.adamStep, moments });
  }
}
