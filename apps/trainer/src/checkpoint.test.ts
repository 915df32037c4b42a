import { readFileSync, writeFileSync } from 'node:fs';
import { createAdam, createVae, presetConfig } from '@ellipse/core';
import { describe, expect, it } from 'vitest';
import { saveOneStepCheckpoint } from '../test/one-step-checkpoint.ts';
import { loadCheckpoint, restoreTrainingState, vaeCheckpointable, withObjective } from './checkpoint.ts';
import { CheckpointError } from './checkpoint-file.ts';
import { DEFAULT_RUN_OPTIONS } from './run-options.ts';

const config = presetConfig('toy2d');

const savedRun = () => saveOneStepCheckpoint(config);

describe('training-state checkpoints', () => {
  it('restore weights, Adam moments and position exactly', async () => {
    const { path, vae, adam } = await savedRun();
    const state = await loadCheckpoint(path);
    expect(state.header.position).toEqual({ epoch: 1, step: 7 });
    const vae2 = createVae({ config, seed: 99 });
    const adam2 = createAdam({ variables: vae2.variables, learningRate: 0.01 });
    restoreTrainingState(state, vaeCheckpointable(vae2, adam2), path);
    expect(await vae2.getWeights()).toEqual(await vae.getWeights());
    expect(await adam2.getState()).toEqual(await adam.getState());
    for (const x of [vae, vae2, adam, adam2]) x.dispose();
  });

  it('refuse a model of another configuration, naming the differing field', async () => {
    const { path, vae, adam } = await savedRun();
    const other = createVae({ config: { ...config, latentSize: 3 } });
    const otherAdam = createAdam({ variables: other.variables, learningRate: 0.01 });
    const state = await loadCheckpoint(path);
    expect(() => restoreTrainingState(state, vaeCheckpointable(other, otherAdam), path)).toThrow(
      /another model configuration: latentSize is 2 there, 3 here/,
    );
    for (const x of [vae, adam, other, otherAdam]) x.dispose();
  });

  it('map the options of runs saved before --objective (estimator, regularizer) onto it', () => {
    const { objective: _objective, k: _k, ...rest } = DEFAULT_RUN_OPTIONS;
    const old = (estimator: string, regularizer: string) =>
      withObjective({ ...rest, estimator, regularizer } as unknown as typeof DEFAULT_RUN_OPTIONS);
    expect(old('reparam', 'kl')).toEqual(DEFAULT_RUN_OPTIONS);
    expect(old('score', 'kl').objective).toBe('score');
    expect(old('reparam', 'geometric').objective).toBe('geometric');
    expect(old('reparam', 'geometric')).not.toHaveProperty('regularizer');
  });

  it('name a truncated file as not a valid checkpoint', async () => {
    const { path, vae, adam } = await savedRun();
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 100));
    await expect(loadCheckpoint(path)).rejects.toThrow(CheckpointError);
    for (const x of [vae, adam]) x.dispose();
  });
});
