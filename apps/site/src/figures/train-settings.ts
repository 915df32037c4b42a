/** The live-training figure's settings, apart from its code so the page can read them before tfjs loads. */
import type { ToyDatasetName } from '@ellipse/core';

/** core's TOY_DATASETS, written out: a value import of core would pull TensorFlow.js into the page's first bytes. */
export const TRAIN_DATASETS = [
  'moons',
  'rings',
  'pinwheel',
  'gaussian-mixture',
] as const satisfies readonly ToyDatasetName[];
export const DEFAULT_DATASET: ToyDatasetName = 'moons';
/** Points per toy set: one full batch. */
export const TRAIN_POINTS = 256;
export const DEFAULT_LEARNING_RATE = 0.01;
export const LEARNING_RATES = [0.001, 0.003, 0.01, 0.03] as const;
export const DEFAULT_BETA = 1;
export const DEFAULT_TRAIN_SEED = 1;
/** Steps per message while playing: each answer redraws the figure. */
export const STEPS_PER_CHUNK = 5;
/** The data plane shows [-DATA_EXTENT, DATA_EXTENT]^2; the latent plane [-LATENT_EXTENT, LATENT_EXTENT]^2. */
export const DATA_EXTENT = 2.5;
export const LATENT_EXTENT = 3;
/** Slow motion: how long each of a step's five phases (encode, sample, decode, loss, update) is shown, ms. */
export const SLOW_PHASE_MS = 900;
