import * as tf from '@tensorflow/tfjs-core';
import { ConfigError, formatShape, ShapeError } from './errors.ts';
import type { NamedWeights, WeightValue } from './model.ts';

/**
 * Adam (Kingma & Ba 2015) with explicit, serialisable state, so a checkpoint restores training
 * bit for bit. For gradient g of variable w at step t = 1, 2, ...:
 *   m <- b1 m + (1 - b1) g          v <- b2 v + (1 - b2) g^2
 *   w <- w - lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + epsilon)
 * The bias corrections are computed in float64 from t alone, so they do not depend on history.
 * State is keyed by the model's weight names (e.g. 'encoder/mu/kernel'), not by tfjs's variable ids,
 * which depend on creation order.
 */
export interface AdamOptions {
  /** The variables to train, by weight name (e.g. vae.variables). */
  readonly variables: ReadonlyMap<string, tf.Variable>;
  readonly learningRate: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

/** m and v per variable name ('<name>/m', '<name>/v') plus the step count t. */
export interface AdamState {
  readonly step: number;
  readonly moments: NamedWeights;
}

export interface Adam {
  /**
   * Applies one update to each variable with its gradient (same shape). Keys are tfjs variable ids
   * (variable.name), as for tf.Optimizer.applyGradients, so it drops in wherever a tfjs optimiser does.
   */
  applyGradients(gradients: tf.NamedTensorMap): void;
  /** Steps taken so far. */
  readonly step: number;
  /** Async: a GPU backend can only read back asynchronously. */
  getState(): Promise<AdamState>;
  setState(state: AdamState): void;
  dispose(): void;
}

export function createAdam(options: AdamOptions): Adam {
  const { variables, learningRate, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = options;
  if (!(learningRate > 0 && Number.isFinite(learningRate))) {
    throw new ConfigError(`learningRate must be a finite number > 0, got ${learningRate}`);
  }
  for (const [name, value] of [
    ['beta1', beta1],
    ['beta2', beta2],
  ] as const) {
    if (!(value >= 0 && value < 1)) throw new ConfigError(`${name} must be in [0, 1), got ${value}`);
  }
  const weightNameOf = new Map([...variables].map(([name, variable]) => [variable.name, name]));
  const moments = new Map<string, tf.Variable>();
  let step = 0;
  /**
   * The constant scalars as tensors, made once: a JS number passed to a tfjs op becomes a new tensor
   * (an upload) on every call, ~8 per variable per step otherwise.
   */
  let constants: Record<'beta1' | 'rest1' | 'beta2' | 'rest2' | 'epsilon', tf.Scalar> | null = null;

  const moment = (key: string, like: tf.Tensor): tf.Variable => {
    let variable = moments.get(key);
    if (variable === undefined) {
      variable = tf.variable(tf.zerosLike(like), false);
      moments.set(key, variable);
    }
    return variable;
  };

  return {
    get step() {
      return step;
    },
    applyGradients(gradients) {
      step += 1;
      const correction1 = 1 - beta1 ** step;
      const correction2 = 1 - beta2 ** step;
      constants ??= tf.tidy(() => {
        const scalars = {
          beta1: tf.scalar(beta1),
          rest1: tf.scalar(1 - beta1),
          beta2: tf.scalar(beta2),
          rest2: tf.scalar(1 - beta2),
          epsilon: tf.scalar(epsilon),
        };
        for (const scalar of Object.values(scalars)) tf.keep(scalar);
        return scalars;
      });
      const c = constants;
      tf.tidy(() => {
        // lr / c1 and 1 / c2 folded into one scalar each, shared by every variable this step.
        const stepSize = tf.scalar(learningRate / correction1);
        const inverseCorrection2 = tf.scalar(1 / correction2);
        for (const [id, gradient] of Object.entries(gradients)) {
          const name = weightNameOf.get(id);
          if (name === undefined)
            throw new ShapeError(`gradient for variable '${id}', which this Adam does not train`);
          const variable = variables.get(name) as tf.Variable;
          const m = moment(`${name}/m`, variable);
          const v = moment(`${name}/v`, variable);
          m.assign(tf.add(tf.mul(c.beta1, m), tf.mul(c.rest1, gradient)));
          v.assign(tf.add(tf.mul(c.beta2, v), tf.mul(c.rest2, tf.square(gradient))));
          // lr (m / c1) / (sqrt(v / c2) + epsilon)
          const update = tf.div(
            tf.mul(m, stepSize),
            tf.add(tf.sqrt(tf.mul(v, inverseCorrection2)), c.epsilon),
          );
          variable.assign(tf.sub(variable, update));
        }
      });
    },
    async getState() {
      const out: Record<string, WeightValue> = {};
      for (const [key, variable] of moments) {
        out[key] = { shape: [...variable.shape], values: new Float32Array(await variable.data()) };
      }
      return { step, moments: out };
    },
    setState(state) {
      if (!(Number.isInteger(state.step) && state.step >= 0)) {
        throw new ConfigError(`Adam state step must be an integer >= 0, got ${state.step}`);
      }
      for (const variable of moments.values()) variable.dispose();
      moments.clear();
      for (const [key, { shape, values }] of Object.entries(state.moments)) {
        const size = shape.reduce((a, b) => a * b, 1);
        if (values.length !== size) {
          throw new ShapeError(
            `Adam moment '${key}' has ${values.length} values for shape ${formatShape(shape)}`,
          );
        }
        moments.set(
          key,
          tf.tidy(() => tf.variable(tf.tensor(values, [...shape]), false)),
        );
      }
      step = state.step;
    },
    dispose() {
      for (const variable of moments.values()) variable.dispose();
      moments.clear();
      if (constants !== null) tf.dispose(Object.values(constants));
      constants = null;
    },
  };
}
