import { loadCheckpoint, type TrainingState } from './checkpoint.ts';
import { runPaths } from './run-directory.ts';
import { createTrainingModel, type TrainingModel } from './training-model.ts';

/** The model saved in a run directory (its latest checkpoint), ready to evaluate, export or sample. */
export async function loadRunModel(runDir: string): Promise<{ model: TrainingModel; state: TrainingState }> {
  const state = await loadCheckpoint(runPaths(runDir).checkpoint);
  const model = createTrainingModel(state.header.options, state.header.config);
  model.setWeights(state.weights);
  return { model, state };
}
