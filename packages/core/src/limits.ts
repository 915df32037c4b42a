import type { VaeConfig } from './config.ts';
import { ConfigError } from './errors.ts';

/**
 * The largest tensor a size chosen by the user may lead to: 2^28 float32 values = 1 GiB. A browser tab
 * or a default Node heap cannot be counted on for more in one ArrayBuffer, and tfjs allocates each
 * tensor as one; past it the call would end in a raw `RangeError: Array buffer allocation failed`.
 */
export const MAX_TENSOR_VALUES = 2 ** 28;

/** 1 GiB as people read it. */
export const MAX_TENSOR_DESCRIPTION = `${MAX_TENSOR_VALUES} float32 values (1 GiB) per tensor`;

/** The widest activation of the model, max(D, hidden..., K): rows of tensors are at most this wide. */
export function widestLayer(config: VaeConfig): number {
  return Math.max(config.inputSize, config.latentSize, ...config.hiddenSizes);
}

/**
 * Throws ConfigError unless each weight matrix of the model fits MAX_TENSOR_VALUES; checked before the
 * model allocates anything. Layers: D -> hidden... -> K (encoder heads), K -> reversed hidden... -> D.
 */
export function checkWeightSizes(config: VaeConfig): void {
  const sizes = [config.inputSize, ...config.hiddenSizes, config.latentSize];
  for (let i = 0; i + 1 < sizes.length; i += 1) {
    const rows = sizes[i] as number;
    const columns = sizes[i + 1] as number;
    if (rows * columns > MAX_TENSOR_VALUES) {
      throw new ConfigError(
        `the layer ${rows} x ${columns} of this configuration (inputSize ${config.inputSize}, hiddenSizes ` +
          `${JSON.stringify(config.hiddenSizes)}, latentSize ${config.latentSize}) has ${rows * columns} ` +
          `weights, over the limit of ${MAX_TENSOR_DESCRIPTION}: choose smaller sizes ` +
          `(at most ${Math.floor(MAX_TENSOR_VALUES / rows)} after a layer of ${rows})`,
      );
    }
  }
}

export interface WorkloadOptions {
  readonly config: VaeConfig;
  /** N: examples in one batch. */
  readonly rows: number;
  /** L or k: samples of z per example. */
  readonly samples: number;
  /** The option's name in the message ('samples', 'k', ...). */
  readonly what: string;
}

/**
 * Throws ConfigError unless the largest activation of one pass, [samples * rows, widest layer], fits
 * MAX_TENSOR_VALUES; called before the noise [samples, rows, K] is drawn.
 */
export function checkWorkload({ config, rows, samples, what }: WorkloadOptions): void {
  const width = widestLayer(config);
  if (samples * rows * width > MAX_TENSOR_VALUES) {
    const most = Math.max(0, Math.floor(MAX_TENSOR_VALUES / (rows * width)));
    throw new ConfigError(
      `${what} = ${samples} with a batch of ${rows} makes activations of ${samples} x ${rows} x ${width} ` +
        `values, over the limit of ${MAX_TENSOR_DESCRIPTION}: use at most ${what} = ${most} for this ` +
        'batch, or split the batch (importanceLogLikelihood chunks k for you)',
    );
  }
}
