/**
 * Mini-batches of a [N, D] set, streamed one at a time: each epoch visits the N rows in a permutation
 * determined by (seed, epoch) alone, so any position { epoch, step } can be resumed exactly without
 * replaying earlier epochs. Only the current batch is copied ([B, D]); the set itself is not.
 */
import { mixSeed, mulberry32, permutation } from '@ellipse/core';

/** Where a stream is: `step` batches of epoch `epoch` are done (both from 0). */
export interface BatchPosition {
  readonly epoch: number;
  readonly step: number;
}

export interface Batch {
  /** Position of this batch. */
  readonly position: BatchPosition;
  /** Position after this batch: store it in a checkpoint to resume with the next batch. */
  readonly next: BatchPosition;
  /** B: rows in this batch (batchSize, or fewer for the last batch of an epoch unless dropLast). */
  readonly size: number;
  /** [B, D] row-major copy of the rows. */
  readonly values: Float32Array;
  /** [B] row indices into the set (to gather labels). */
  readonly indices: Uint32Array;
}

export interface BatchOptions {
  /** [N, D] row-major. */
  readonly values: Float32Array;
  /** D. */
  readonly dataSize: number;
  readonly batchSize: number;
  readonly seed: number;
  /** Where to start (default { epoch: 0, step: 0 }). */
  readonly start?: BatchPosition;
  /** Stop before this epoch (default: never stop). */
  readonly epochs?: number;
  /** Skip the last, smaller batch of each epoch (default false). */
  readonly dropLast?: boolean;
}

/** Batches per epoch of a set of `count` rows. */
export function stepsPerEpoch({
  count,
  batchSize,
  dropLast = false,
}: {
  count: number;
  batchSize: number;
  dropLast?: boolean;
}): number {
  return dropLast ? Math.floor(count / batchSize) : Math.ceil(count / batchSize);
}

/** The order in which epoch `epoch` visits the `count` rows. */
export function epochOrder({
  count,
  seed,
  epoch,
}: {
  count: number;
  seed: number;
  epoch: number;
}): Uint32Array {
  return permutation(count, mulberry32(mixSeed(seed, epoch)));
}

function checkOptions({ values, dataSize, batchSize, start }: BatchOptions, steps: number): void {
  if (!Number.isInteger(dataSize) || dataSize <= 0 || values.length % dataSize !== 0) {
    throw new RangeError(`values has ${values.length} entries, not a multiple of dataSize ${dataSize}`);
  }
  if (!Number.isInteger(batchSize) || batchSize <= 0) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  if (steps === 0) {
    throw new RangeError(
      `no full batch of ${batchSize} in ${values.length / dataSize} rows: use a smaller batchSize`,
    );
  }
  if (start !== undefined && !(start.epoch >= 0 && start.step >= 0 && start.step < steps)) {
    throw new RangeError(`start ${JSON.stringify(start)} is outside [0, ${steps}) steps per epoch`);
  }
}

/** Yields batches from `start` on, epoch after epoch, until `epochs` (or forever). */
export function* batches(options: BatchOptions): Generator<Batch, void, undefined> {
  const { values, dataSize, batchSize, seed, epochs = Number.POSITIVE_INFINITY, dropLast = false } = options;
  const count = values.length / dataSize;
  const steps = stepsPerEpoch({ count, batchSize, dropLast });
  checkOptions(options, steps);
  let { epoch, step } = options.start ?? { epoch: 0, step: 0 };
  while (epoch < epochs) {
    const order = epochOrder({ count, seed, epoch });
    for (; step < steps; step++) {
      const indices = order.slice(step * batchSize, Math.min((step + 1) * batchSize, count));
      const batch = new Float32Array(indices.length * dataSize);
      indices.forEach((row, i) => {
        batch.set(values.subarray(row * dataSize, (row + 1) * dataSize), i * dataSize);
      });
      const next = step + 1 < steps ? { epoch, step: step + 1 } : { epoch: epoch + 1, step: 0 };
      yield { position: { epoch, step }, next, size: indices.length, values: batch, indices };
    }
    epoch++;
    step = 0;
  }
}
