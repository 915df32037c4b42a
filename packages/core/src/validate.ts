import type * as tf from '@tensorflow/tfjs-core';
import { formatShape, NonFiniteError, ShapeError } from './errors.ts';

/** Throws ShapeError unless `tensor` is [N, columns] (any N >= 1). `what` names it in the message. */
export function assertMatrix(
  tensor: tf.Tensor,
  columns: number,
  what: string,
): asserts tensor is tf.Tensor2D {
  const shape = tensor.shape;
  if (shape.length !== 2 || shape[1] !== columns || (shape[0] ?? 0) < 1) {
    throw new ShapeError(`${what} has shape ${formatShape(shape)}: expected [N, ${columns}] with N >= 1`);
  }
}

/**
 * Throws NonFiniteError if `tensor` holds NaN or +/-Infinity, naming the first offending index.
 * Reads the tensor back synchronously: call it on inputs at API boundaries, not inside training steps.
 */
export function assertFinite(tensor: tf.Tensor, what: string): void {
  const values = tensor.dataSync();
  const index = values.findIndex((value) => !Number.isFinite(value));
  if (index >= 0) {
    throw new NonFiniteError(
      `${what} contains ${values[index]} at flat index ${index} (shape ${formatShape(tensor.shape)}): ` +
        'expected finite numbers',
    );
  }
}
