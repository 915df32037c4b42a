/**
 * What runs one training step: tfjs (core's objectiveStep on the active tfjs backend) or a whole-step
 * graph on ONNX Runtime (backend/onnx-step/). The train command talks to either through this
 * interface; the model (vae) and core's Adam stay the record that checkpoints, evaluation and export
 * read, and `sync` brings them up to date with an engine that trains elsewhere.
 */
import { type Adam, type ObjectiveName, objectiveStep, type Vae } from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';
import type { StepResult } from './train-loop.ts';

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

export interface TfjsStepEngineOptions {
  readonly vae: Vae;
  readonly adam: Adam;
  readonly objective: ObjectiveName;
  readonly samples: number;
  /** k: importance samples of the iwae objective. */
  readonly k: number;
}

/** The tfjs engine: core's objectiveStep on vae and adam directly, so `sync` has nothing to do. */
export function tfjsStepEngine(options: TfjsStepEngineOptions): StepEngine {
  const { vae, adam, objective, samples, k } = options;
  return {
    async step({ values, size, beta, seed }) {
      const x = tf.tensor2d(values, [size, vae.config.inputSize]);
      try {
        return await objectiveStep({ vae, optimizer: adam, x, objective, samples, k, beta, seed });
      } finally {
        x.dispose();
      }
    },
    sync: async () => {},
    dispose: async () => {},
  };
}
