import {
  type Adam,
  type Avb,
  avbStep,
  createAdam,
  createAvb,
  createVae,
  objectiveStep,
  type Vae,
  type VaeConfig,
} from '@ellipse/core';
import type * as tf from '@tensorflow/tfjs-core';
import { type Checkpointable, vaeCheckpointable } from './checkpoint.ts';
import type { RunOptions } from './run-options.ts';
import type { StepResult } from './train-loop.ts';

/**
 * The networks and optimisers one objective trains, behind one interface for the training command,
 * checkpoints and the commands on a run directory:
 * - vae, geometric, score, ae, iwae: a VAE (encoder and decoder) and one Adam;
 * - avb, avb-ac: core's Avb (implicit encoder, decoder, discriminator) and two Adams, one for the encoder
 *   and decoder and one for the discriminator.
 */
export interface TrainingModel extends Checkpointable {
  /** The decoder (samples, export) and, for the Gaussian objectives, the encoder. */
  readonly vae: Vae;
  /** The AVB networks for avb / avb-ac, else null. */
  readonly avb: Avb | null;
  /** One optimiser step on a batch x [N, D] with the KL weight beta and the step's noise seed. */
  step(x: tf.Tensor2D, { beta, seed }: { beta: number; seed: number }): Promise<StepResult>;
  dispose(): void;
}

export function createTrainingModel(
  options: Pick<RunOptions, 'objective' | 'seed' | 'learningRate' | 'samples' | 'k'>,
  config: VaeConfig,
): TrainingModel {
  const { objective, seed, learningRate } = options;
  if (objective === 'avb' || objective === 'avb-ac') {
    const avb = createAvb({ config, adaptiveContrast: objective === 'avb-ac', seed });
    const modelOptimizer = createAdam({ variables: avb.modelVariables, learningRate });
    const discriminatorOptimizer = createAdam({ variables: avb.discriminator.variables, learningRate });
    return {
      config,
      vae: avb.vae,
      avb,
      optimizers: [
        { adam: modelOptimizer, names: new Set(avb.modelVariables.keys()) },
        { adam: discriminatorOptimizer, names: new Set(avb.discriminator.variables.keys()) },
      ],
      getWeights: () => avb.getWeights(),
      setWeights: (weights) => avb.setWeights(weights),
      step: (x, { seed: stepSeed }) =>
        avbStep({ avb, modelOptimizer, discriminatorOptimizer, x, samples: options.samples, seed: stepSeed }),
      dispose() {
        avb.dispose();
        modelOptimizer.dispose();
        discriminatorOptimizer.dispose();
      },
    };
  }
  const vae = createVae({ config, seed });
  const adam = createAdam({ variables: vae.variables, learningRate });
  return {
    ...vaeCheckpointable(vae, adam),
    vae,
    avb: null,
    step: vaeStep(vae, adam, options),
    dispose() {
      vae.dispose();
      adam.dispose();
    },
  };
}

/** One optimiser step of a Gaussian-encoder objective (or ae) on `vae` with `adam`, as TrainingModel.step. */
export function vaeStep(
  vae: Vae,
  adam: Adam,
  { objective, samples, k }: Pick<RunOptions, 'objective' | 'samples' | 'k'>,
): TrainingModel['step'] {
  return (x, { beta, seed }) => objectiveStep({ vae, optimizer: adam, x, objective, samples, k, beta, seed });
}
