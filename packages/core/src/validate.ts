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

function throwIfNonFinite(values: ArrayLike<number>, tensor: tf.Tensor, what: string): void {
  const index = Array.prototype.findIndex.call(values, (value: number) => !Number.isFinite(value));
  if (index >= 0) {
    throw new NonFiniteError(
      `${what} contains ${values[index]} at flat index ${index} (shape ${formatShape(tensor.shape)}): ` +
        'expected finite numbers',
    );
  }
}

/**
 * Throws NonFiniteError if `tensor` holds NaN or +/-Infinity, naming the first offending index.
 * Reads the tensor back synchronously: fine on the CPU backends and for data not yet on a GPU; on
 * WebGPU in Node a tensor already used on the GPU can only be read with assertFiniteAsync.
 */
export function assertFinite(tensor: tf.Tensor, what: string): void {
  throwIfNonFinite(tensor.dataSync(), tensor, what);
}

/** assertFinite with an asynchronous read: works on every backend, whatever the tensor has been through. */
export async function assertFiniteAsync(tensor: tf.Tensor, what: string): Promise<void> {
  throwIfNonFinite(await tensor.data(), tensor, what);
}
