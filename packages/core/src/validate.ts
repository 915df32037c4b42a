import * as tf from '@tensorflow/tfjs-core';
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

/** The index of the first NaN or +/-Infinity in `values`, or -1 if every value is finite. */
function firstNonFinite(values: ArrayLike<number>): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i] as number)) return i;
  return -1;
}

function throwIfNonFinite(values: ArrayLike<number>, tensor: tf.Tensor, what: string): void {
  const index = firstNonFinite(values);
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

/**
 * Throws NonFiniteError naming the row and column of the first NaN or +/-Infinity of a row-major
 * [rows, columns] array on the host. `what` names it in the message.
 */
export function assertFiniteRows(values: Float32Array, columns: number, what: string): void {
  const i = firstNonFinite(values);
  if (i >= 0) {
    throw new NonFiniteError(
      `${what} contains ${values[i]} at row ${Math.floor(i / columns)}, column ${i % columns}: ` +
        'expected finite numbers (check the data files)',
    );
  }
}

/** Tensors made by `batchTensor`: their values were checked on the host before upload. */
const checkedOnHost = new WeakSet<tf.Tensor>();

/**
 * A batch x [rows, columns] from host values, checked finite before upload (assertFiniteRows). The
 * batch checks of trainStep, objectiveStep and the AVB and importance-sampling steps then skip reading
 * x back from the device: on WebGPU that read-back waits for the GPU's queue to drain, once a step.
 */
export function batchTensor(values: Float32Array, rows: number, columns: number): tf.Tensor2D {
  if (values.length !== rows * columns) {
    throw new ShapeError(`a batch of ${values.length} values is not [${rows}, ${columns}]`);
  }
  assertFiniteRows(values, columns, 'the batch');
  const x = tf.tensor2d(values, [rows, columns]);
  checkedOnHost.add(x);
  return x;
}

/** Whether `tensor` was made by batchTensor (its values are known finite). */
export function isCheckedOnHost(tensor: tf.Tensor): boolean {
  return checkedOnHost.has(tensor);
}
