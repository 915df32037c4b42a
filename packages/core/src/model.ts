import * as tf from '@tensorflow/tfjs-core';
import { type Architecture, architecture, type DenseSpec } from './architecture.ts';
import { type VaeConfig, validateConfig } from './config.ts';
import { applyDense, initialDense } from './dense.ts';
import { formatShape, ShapeError } from './errors.ts';
import { assertMatrix } from './validate.ts';

/** A weight as plain data: what checkpoints and the ONNX exporter read and write. */
export interface WeightValue {
  readonly shape: readonly number[];
  readonly values: Float32Array;
}
export type NamedWeights = Readonly<Record<string, WeightValue>>;

/** q(z|x) = N(mu, diag exp(logVar)). */
export interface Posterior {
  readonly mu: tf.Tensor2D; // [N, K]
  readonly logVar: tf.Tensor2D; // [N, K], log sigma^2
}

/** The VAE: an MLP encoder and decoder over named tfjs variables. */
export interface Vae {
  readonly config: VaeConfig;
  readonly architecture: Architecture;
  /** x [N, D] -> mu, log sigma^2 [N, K]. */
  encode(x: tf.Tensor2D): Posterior;
  /** z [N, K] -> [N, D]: logits (bernoulli) or means (gaussian) of p(x|z). */
  decode(z: tf.Tensor2D): tf.Tensor2D;
  /** Gaussian likelihood: log s^2 per dimension [D] (learned or fixed); null for bernoulli. */
  decoderLogVariance(): tf.Tensor1D | null;
  /** phi: the encoder's trainable variables. */
  readonly encoderVariables: readonly tf.Variable[];
  /** theta: the decoder's trainable variables (including a learned log-variance). */
  readonly decoderVariables: readonly tf.Variable[];
  /** Every variable by its name in the Architecture (theta and phi together). */
  readonly variables: ReadonlyMap<string, tf.Variable>;
  /**
   * Every weight by name (see Architecture for the names), copied out as Float32Arrays. Async: a GPU
   * backend (WebGPU in Node) can only read back asynchronously.
   */
  getWeights(): Promise<NamedWeights>;
  /** Overwrites weights by name; throws ShapeError on an unknown name or a shape mismatch. */
  setWeights(weights: NamedWeights): void;
  dispose(): void;
}

export interface CreateVaeOptions {
  readonly config: VaeConfig;
  /** Seed of the Glorot-uniform initialisation; same seed, same weights on every backend. */
  readonly seed?: number;
}

export function createVae({ config, seed = 0 }: CreateVaeOptions): Vae {
  validateConfig(config);
  const arch = architecture(config);
  const encoderSpecs = [...arch.encoderHidden, arch.encoderMu, arch.encoderLogVar];
  const variables = new Map<string, tf.Variable>();
  const add = (name: string, initial: tf.Tensor): tf.Variable => {
    const variable = tf.variable(initial, true);
    initial.dispose();
    variables.set(name, variable);
    return variable;
  };
  const encoderVariables: tf.Variable[] = [];
  const decoderVariables: tf.Variable[] = [];
  [...encoderSpecs, ...arch.decoder].forEach((spec, i) => {
    const owner = spec.name.startsWith('encoder/') ? encoderVariables : decoderVariables;
    for (const [name, initial] of initialDense(spec, seed * 1000 + i)) owner.push(add(name, initial));
  });
  if (arch.decoderLogVarName !== null) {
    decoderVariables.push(add(arch.decoderLogVarName, tf.zeros([config.inputSize])));
  }
  const fixedLogVariance =
    config.likelihood === 'gaussian' && typeof config.gaussianVariance === 'number'
      ? Math.log(config.gaussianVariance)
      : null;

  const weight = (name: string): tf.Variable => variables.get(name) as tf.Variable;
  const dense = (x: tf.Tensor2D, spec: DenseSpec): tf.Tensor2D => applyDense(variables, spec, x);

  return {
    config,
    architecture: arch,
    encoderVariables,
    decoderVariables,
    variables,
    encode(x) {
      assertMatrix(x, config.inputSize, 'encoder input x');
      return tf.tidy(() => {
        const h = arch.encoderHidden.reduce(dense, x); // [N, H]
        return { mu: dense(h, arch.encoderMu), logVar: dense(h, arch.encoderLogVar) };
      }) as Posterior;
    },
    decode(z) {
      assertMatrix(z, config.latentSize, 'decoder input z');
      return tf.tidy(() => arch.decoder.reduce(dense, z));
    },
    decoderLogVariance() {
      if (arch.decoderLogVarName !== null) return tf.clone(weight(arch.decoderLogVarName)) as tf.Tensor1D;
      if (fixedLogVariance !== null) return tf.fill([config.inputSize], fixedLogVariance) as tf.Tensor1D;
      return null;
    },
    async getWeights() {
      const out: Record<string, WeightValue> = {};
      for (const [name, variable] of variables) {
        out[name] = { shape: [...variable.shape], values: new Float32Array(await variable.data()) };
      }
      return out;
    },
    setWeights(weights) {
      for (const [name, { shape, values }] of Object.entries(weights)) {
        const variable = variables.get(name);
        if (variable === undefined) {
          throw new ShapeError(
            `unknown weight '${name}': expected one of ${[...variables.keys()].join(', ')}`,
          );
        }
        const size = variable.shape.reduce((a, b) => a * b, 1);
        if (shape.join() !== variable.shape.join() || values.length !== size) {
          throw new ShapeError(
            `weight '${name}' has shape ${formatShape(shape)} with ${values.length} values: ` +
              `expected ${formatShape(variable.shape)}`,
          );
        }
        tf.tidy(() => variable.assign(tf.tensor(values, variable.shape)));
      }
    },
    dispose() {
      for (const variable of variables.values()) variable.dispose();
      variables.clear();
    },
  };
}
