/**
 * What runs one training step: tfjs (the training model's step on the active tfjs backend) or a whole-step
 * graph on ONNX Runtime (backend/onnx-step/). The train command talks to either through this
 * interface; the training model (its vae and core's Adam) stays the record that checkpoints, evaluation and export
 * read, and `sync` brings them up to date with an engine that trains elsewhere.
 */
import { batchTensor } from '@ellipse/core';
import type { StepResult } from './train-loop.ts';
import type { TrainingModel } from './training-model.ts';

/** One mini-batch for a step. */
export interface StepBatch {
  /** The batch, row-major [size, D]. */
  readonly values: Float32Array;
  readonly size: number;
  /** The regulariser weight for this step (KL warm-up). */
  readonly beta: number;
  /** Seed of this step's noise eps [L, N, K] (core's standardNormalNoise). */
  readonly seed: number;
}

export interface StepEngine {
  /** One optimiser step; returns the batch means before the update. */
  step(batch: StepBatch): Promise<StepResult>;
  /** Makes vae and adam hold the engine's weights and optimiser state (before evaluation or saving). */
  sync(): Promise<void>;
  /** Frees what the engine holds (not vae and adam). */
  dispose(): Promise<void>;
}

/** The tfjs engine: the training model's own step (training-model.ts) on the active tfjs backend; it
 * trains the model's variables directly, so `sync` has nothing to do. */
export function tfjsStepEngine(model: Pick<TrainingModel, 'config' | 'step'>): StepEngine {
  return {
    async step({ values, size, beta, seed }) {
      // [N, D], checked on the host before upload: the step then reads nothing back to check it
      const x = batchTensor(values, size, model.config.inputSize);
      try {
        return await model.step(x, { beta, seed });
      } finally {
        x.dispose();
      }
    },
    sync: async () => {},
    dispose: async () => {},
  };
}
