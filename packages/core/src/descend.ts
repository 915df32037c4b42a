import * as tf from '@tensorflow/tfjs-core';
import type { GradientApplier, TrainStepResult } from './train-step.ts';

/**
 * One optimiser step that minimises the scalar `terms().loss` over `variables`. `terms` also returns
 * [3] batch means (loss, reconstruction, regulariser) to report, read after the update. Variables the
 * loss does not reach (an AE's log-variance head) get no gradient and are left as they are.
 */
export async function descend(
  variables: readonly tf.Variable[],
  optimizer: GradientApplier | tf.Optimizer,
  terms: () => { loss: tf.Scalar; stats: tf.Tensor1D },
): Promise<TrainStepResult> {
  let stats: tf.Tensor1D | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const result = terms();
    stats = tf.keep(result.stats);
    return result.loss;
  }, [...variables]);
  try {
    (optimizer as GradientApplier).applyGradients(grads);
  } finally {
    tf.dispose([value, ...Object.values(grads)]);
  }
  const [loss, reconstruction, kl] = await (stats as tf.Tensor1D).data();
  (stats as tf.Tensor1D).dispose();
  return { loss: loss as number, reconstruction: reconstruction as number, kl: kl as number };
}
