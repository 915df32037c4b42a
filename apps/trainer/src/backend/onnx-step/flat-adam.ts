/**
 * Adam (Kingma & Ba 2015) over one flat parameter buffer, in place, in one pass: for every element,
 *   m <- b1 m + (1 - b1) g          v <- b2 v + (1 - b2) g^2
 *   w <- w - lr * (m / c1) / (sqrt(v / c2) + epsilon),   c1 = 1 - b1^t, c2 = 1 - b2^t
 * the update core's Adam (packages/core/src/adam.ts) makes per variable, with the same defaults. The
 * bias corrections are computed in float64 from t alone; each element is computed in float64 and
 * stored as float32. One pass over four arrays instead of a dozen graph nodes, each a pass over memory.
 */
import { ConfigError, ShapeError } from '@ellipse/core';

export interface FlatAdamOptions {
  readonly learningRate: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

export interface FlatAdamBuffers {
  /** Weights w [P], updated in place. */
  readonly params: Float32Array;
  /** Gradient g [P]. */
  readonly gradient: Float32Array;
  /** First and second moments [P], updated in place. */
  readonly m: Float32Array;
  readonly v: Float32Array;
}

/** A stateless Adam step function: `update(buffers, t)` applies step t = 1, 2, ... */
export function flatAdam({ learningRate, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 }: FlatAdamOptions) {
  if (!(learningRate > 0 && Number.isFinite(learningRate))) {
    throw new ConfigError(`learningRate must be a finite number > 0, got ${learningRate}`);
  }
  return function update({ params, gradient, m, v }: FlatAdamBuffers, step: number): void {
    const size = params.length;
    if (gradient.length !== size || m.length !== size || v.length !== size) {
      throw new ShapeError(
        `Adam buffers differ in length: params ${size}, gradient ${gradient.length}, m ${m.length}, v ${v.length}`,
      );
    }
    if (!(Number.isInteger(step) && step >= 1))
      throw new ConfigError(`Adam step must be an integer >= 1, got ${step}`);
    const c1 = 1 - beta1 ** step;
    const c2 = 1 - beta2 ** step;
    for (let i = 0; i < size; i++) {
      const g = gradient[i] as number;
      const mi = beta1 * (m[i] as number) + (1 - beta1) * g;
      const vi = beta2 * (v[i] as number) + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      params[i] = (params[i] as number) - (learningRate * (mi / c1)) / (Math.sqrt(vi / c2) + epsilon);
    }
  };
}
