import { createVae, type Vae } from '@ellipse/core';
import { loadCheckpoint, type TrainingState } from './checkpoint.ts';
import { runPaths } from './run-directory.ts';

/** The model saved in a run directory (its latest checkpoint), ready to evaluate, export or sample. */
export async function loadRunModel(runDir: string): Promise<{ vae: Vae; state: TrainingState }> {
  const state = await loadCheckpoint(runPaths(runDir).checkpoint);
  const vae = createVae({ config: state.header.config });
  vae.setWeights(state.weights);
  return { vae, state };
}
