/**
 * Adam (Kingma & Ba 2015) over one flat parameter buffer, in place, in one pass: for every element,
 *   m <- b1 m + (1 - b1) g          v <- b2 v + (1 - b2) g^2
 *   w <- w - lr * (m / c1) / (sqrt(v / c2) + epsilon),   c1 = 1 - b1^t, c2 = 1 - b2^t
 * the update core's Adam (packages/core/src/adam.ts) makes per variable, with the same defaults, in
 * float32 as core's is. It runs as `a m / (sqrt(v) s + epsilon)` with a = lr / c1 and s = 1 / sqrt(c2)
 * (computed in float64 from t alone) in a WebAssembly SIMD kernel (adam-kernel-wasm.ts), four lanes
 * at a time: one pass over four arrays instead of a dozen graph nodes, each a pass over memory.
 * The four buffers [P] live in the kernel's memory, so the ONNX step reads the weights from and
 * writes the gradient into them directly.
 */
import { ConfigError } from '@ellipse/core';
import { ADAM_KERNEL_WASM } from './adam-kernel-wasm.ts';

export interface FlatAdamOptions {
  /** P: the number of parameters. */
  readonly size: number;
  readonly learningRate: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

export interface FlatAdam {
  /** Weights w [P], updated in place by `step`. */
  readonly params: Float32Array;
  /** Gradient g [P]: write it before `step`. */
  readonly gradient: Float32Array;
  /** First and second moments [P], updated in place. */
  readonly m: Float32Array;
  readonly v: Float32Array;
  /** Applies step t = 1, 2, ... */
  step(t: number): void;
}

type AdamKernel = (
  bytes: number,
  w: number,
  g: number,
  m: number,
  v: number,
  beta1: number,
  oneMinusBeta1: number,
  beta2: number,
  oneMinusBeta2: number,
  a: number,
  s: number,
  epsilon: number,
) => void;

const kernelModule = new WebAssembly.Module(ADAM_KERNEL_WASM as Uint8Array<ArrayBuffer>);
const PAGE_BYTES = 65536;
const LANE_BYTES = 16;

/** Allocates the four buffers (zeros) in a new kernel memory and returns Adam over them. */
export function createFlatAdam({
  size,
  learningRate,
  beta1 = 0.9,
  beta2 = 0.999,
  epsilon = 1e-8,
}: FlatAdamOptions): FlatAdam {
  if (!(learningRate > 0 && Number.isFinite(learningRate))) {
    throw new ConfigError(`learningRate must be a finite number > 0, got ${learningRate}`);
  }
  if (!(Number.isInteger(size) && size >= 1))
    throw new ConfigError(`size must be an integer >= 1, got ${size}`);
  // Each buffer padded to whole SIMD lanes; the padding's gradient stays 0, so its m, v and w stay 0.
  const stride = Math.ceil((size * 4) / LANE_BYTES) * LANE_BYTES;
  const memory = new WebAssembly.Memory({ initial: Math.ceil((4 * stride) / PAGE_BYTES) });
  const adam = new WebAssembly.Instance(kernelModule, { env: { memory } }).exports.adam as AdamKernel;
  const view = (index: number) => new Float32Array(memory.buffer, index * stride, size);
  return {
    params: view(0),
    gradient: view(1),
    m: view(2),
    v: view(3),
    step(t) {
      if (!(Number.isInteger(t) && t >= 1))
        throw new ConfigError(`Adam step must be an integer >= 1, got ${t}`);
      const a = learningRate / (1 - beta1 ** t);
      const s = 1 / Math.sqrt(1 - beta2 ** t);
      adam(stride, 0, stride, 2 * stride, 3 * stride, beta1, 1 - beta1, beta2, 1 - beta2, a, s, epsilon);
    },
  };
}
