import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Adam, createAdam, createVae, type Vae, type VaeConfig } from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';
import { saveCheckpoint, vaeCheckpointable } from '../src/checkpoint.ts';
import { DEFAULT_RUN_OPTIONS } from '../src/run-options.ts';

/**
 * A real checkpoint of `config` (seed 3) after one Adam step of all-ones gradients, so the Adam
 * moments exist; saved at epoch 1, step 7 in a new temporary directory. The caller disposes vae and adam.
 */
export async function saveOneStepCheckpoint(
  config: VaeConfig,
): Promise<{ path: string; vae: Vae; adam: Adam }> {
  const path = join(mkdtempSync(join(tmpdir(), 'ellipse-ckpt-')), 'checkpoint.ckpt');
  const vae = createVae({ config, seed: 3 });
  const adam = createAdam({ variables: vae.variables, learningRate: 0.01 });
  const grads = tf.tidy(() =>
    Object.fromEntries([...vae.variables.values()].map((v) => [v.name, tf.onesLike(v)])),
  );
  adam.applyGradients(grads);
  tf.dispose(Object.values(grads));
  await saveCheckpoint(path, {
    model: vaeCheckpointable(vae, adam),
    options: DEFAULT_RUN_OPTIONS,
    position: { epoch: 1, step: 7 },
  });
  return { path, vae, adam };
}
