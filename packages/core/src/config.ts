import { ConfigError } from './errors.ts';
import { checkWeightSizes } from './limits.ts';

/** Observation model p(x|z). */
export type Likelihood = 'bernoulli' | 'gaussian';
export const LIKELIHOODS: readonly Likelihood[] = ['bernoulli', 'gaussian'];

/** Non-linearity between hidden layers. */
export type Activation = 'tanh' | 'relu' | 'softplus';
export const ACTIVATIONS: readonly Activation[] = ['tanh', 'relu', 'softplus'];

/**
 * The model's configuration: one typed record with documented defaults (see `DEFAULT_CONFIG`).
 * The encoder is inputSize -> hiddenSizes... -> (mu, log sigma^2) in R^latentSize; the decoder
 * mirrors it: latentSize -> reversed hiddenSizes... -> inputSize likelihood parameters.
 */
export interface VaeConfig {
  /** D: size of one flattened data point (784 for 28x28 images, 2 for the toy sets). */
  readonly inputSize: number;
  /** Shape of one image as [height, width], or null for non-image data. height*width must equal inputSize. */
  readonly imageShape: readonly [number, number] | null;
  /** K: dimension of the latent z. */
  readonly latentSize: number;
  /** Widths of the encoder's hidden layers; the decoder uses them reversed. */
  readonly hiddenSizes: readonly number[];
  readonly activation: Activation;
  /** bernoulli: the decoder outputs logits (for binarised images); gaussian: it outputs means. */
  readonly likelihood: Likelihood;
  /**
   * Gaussian likelihood only: 'learned' (one log-variance per output dimension, trained with the rest),
   * or a fixed variance s^2 > 0.
   */
  readonly gaussianVariance: 'learned' | number;
}

/** The defaults: the IWAE paper's one-stochastic-layer MNIST model (784-200-200-50, tanh, Bernoulli). */
export const DEFAULT_CONFIG: VaeConfig = {
  inputSize: 784,
  imageShape: [28, 28],
  latentSize: 50,
  hiddenSizes: [200, 200],
  activation: 'tanh',
  likelihood: 'bernoulli',
  gaussianVariance: 'learned',
};

export type PresetName = 'mnist' | 'mnist2d' | 'mnist2d-site' | 'toy2d';

/**
 * - `mnist`: Burda et al.'s model, 784-200-200-50 tanh with a Bernoulli decoder (VAE NLL 86.76 nats).
 * - `mnist2d`: the same data through a 2-D latent, so every posterior is an ellipse in the plane.
 * - `mnist2d-site`: `mnist2d` with 128-wide hidden layers (784-128-128-2), the models the site ships:
 *   ~0.47 MB of float32 weights per network instead of ~2.6 MB.
 * - `toy2d`: 2-D data, 2-D latent, Gaussian decoder with learned variance: trains in seconds (tests, browser).
 */
export const PRESETS: Readonly<Record<PresetName, VaeConfig>> = {
  mnist: DEFAULT_CONFIG,
  mnist2d: { ...DEFAULT_CONFIG, latentSize: 2, hiddenSizes: [500, 500] },
  'mnist2d-site': { ...DEFAULT_CONFIG, latentSize: 2, hiddenSizes: [128, 128] },
  toy2d: {
    inputSize: 2,
    imageShape: null,
    latentSize: 2,
    hiddenSizes: [64, 64],
    activation: 'tanh',
    likelihood: 'gaussian',
    gaussianVariance: 'learned',
  },
};

export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];

/** The preset's configuration; throws ConfigError naming the known presets for an unknown name. */
export function presetConfig(name: string): VaeConfig {
  if (!Object.hasOwn(PRESETS, name)) {
    throw new ConfigError(`unknown preset '${name}': expected one of ${PRESET_NAMES.join(', ')}`);
  }
  return PRESETS[name as PresetName];
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

/**
 * Fills unspecified fields from DEFAULT_CONFIG and validates the result.
 * Throws ConfigError with the offending field and value.
 */
export function resolveConfig(partial: Partial<VaeConfig> = {}): VaeConfig {
  const config: VaeConfig = { ...DEFAULT_CONFIG, ...partial };
  validateConfig(config);
  return config;
}

export function validateConfig(config: VaeConfig): void {
  for (const field of ['inputSize', 'latentSize'] as const) {
    if (!isPositiveInteger(config[field])) {
      throw new ConfigError(`${field} must be a positive integer, got ${String(config[field])}`);
    }
  }
  if (!Array.isArray(config.hiddenSizes) || !config.hiddenSizes.every(isPositiveInteger)) {
    throw new ConfigError(
      `hiddenSizes must be a list of positive integers, got ${JSON.stringify(config.hiddenSizes)}`,
    );
  }
  if (!ACTIVATIONS.includes(config.activation)) {
    throw new ConfigError(
      `unknown activation '${String(config.activation)}': expected one of ${ACTIVATIONS.join(', ')}`,
    );
  }
  if (!LIKELIHOODS.includes(config.likelihood)) {
    throw new ConfigError(
      `unknown likelihood '${String(config.likelihood)}': expected one of ${LIKELIHOODS.join(', ')}`,
    );
  }
  const variance = config.gaussianVariance;
  if (
    variance !== 'learned' &&
    !(typeof variance === 'number' && variance > 0 && Number.isFinite(variance))
  ) {
    throw new ConfigError(
      `gaussianVariance must be 'learned' or a finite number > 0, got ${String(variance)}`,
    );
  }
  if (config.imageShape !== null) {
    const shape: unknown = config.imageShape;
    const [height, width] = Array.isArray(shape) && shape.length === 2 ? shape : [Number.NaN, Number.NaN];
    if (!isPositiveInteger(height) || !isPositiveInteger(width) || height * width !== config.inputSize) {
      throw new ConfigError(
        `imageShape ${JSON.stringify(config.imageShape)} does not match inputSize ${config.inputSize}: ` +
          'expected [height, width] with height * width = inputSize, or null',
      );
    }
  }
  checkWeightSizes(config);
}
