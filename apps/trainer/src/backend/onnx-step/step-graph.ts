/**
 * The whole training step of a VAE as one ONNX graph, generated from core's Architecture and the
 * objective's terms (never a second hand-written model):
 *
 *   forward   h = encoder(x) [N, H]; mu, logVar = heads(h) [N, K]
 *             z = mu + eps * exp(logVar / 2) [L, N, K] (eps: seeded noise, a graph input)
 *             out = decoder(z) [L, N, D]: logits (bernoulli) or means (gaussian)
 *             reconstruction = -(1/(L N)) sum log p(x | z)        (scalar, nats per example)
 *             kl = (1/N) sum R(mu, logVar)                          (KL to N(0, I), or geometric)
 *             loss = reconstruction + beta * kl = -ELBO_beta
 *   backward  dloss/dw for every weight, by the tape's vector-Jacobian rules (tape.ts, vjp-rules.ts)
 *   Adam      over one flat buffer [P] of every weight (flat-layout.ts), as core's Adam:
 *             m' = b1 m + (1 - b1) g;  v' = b2 v + (1 - b2) g^2
 *             w' = w - lr (m' / c1) / (sqrt(v' / c2) + epsilon),  c1 = 1 - b1^t, c2 = 1 - b2^t (inputs)
 *
 * The same generator with `output: 'gradient'` stops after the backward pass and returns the flat
 * gradient instead (what the tests compare with tfjs's tf.variableGrads).
 */
import type { Regularizer, VaeConfig } from '@ellipse/core';
import { architecture, type DenseSpec } from '@ellipse/core';
import { encodeModel, floatValueInfo } from '../../export/onnx-graph.ts';
import { type FlatLayout, flatLayout } from './flat-layout.ts';
import { createTape, type Ops, type Value } from './tape.ts';

/** Graph input and output names. */
export const STEP_NAMES = {
  params: 'params',
  m: 'adam_m',
  v: 'adam_v',
  x: 'x',
  eps: 'eps',
  beta: 'beta',
  correction1: 'adam_correction1',
  correction2: 'adam_correction2',
  paramsOut: 'params_out',
  mOut: 'adam_m_out',
  vOut: 'adam_v_out',
  gradient: 'gradient',
  loss: 'loss',
  reconstruction: 'reconstruction',
  kl: 'kl',
} as const;

export interface StepGraphOptions {
  readonly config: VaeConfig;
  /** N: the batch size (shapes are static; a different size needs another graph). */
  readonly batchSize: number;
  /** L: samples of z per example. */
  readonly samples: number;
  readonly regularizer: Regularizer;
  /** 'step': forward, backward and Adam; 'gradient': forward and backward only. */
  readonly output: 'step' | 'gradient';
  readonly learningRate: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

export interface StepGraph {
  readonly bytes: Uint8Array;
  readonly layout: FlatLayout;
}

const LOG_2PI = Math.log(2 * Math.PI);

function activate(ops: Ops, x: Value, activation: DenseSpec['activation'], hint: string): Value {
  switch (activation) {
    case 'tanh':
      return ops.tanh(x, hint);
    case 'relu':
      return ops.relu(x, hint);
    case 'softplus':
      return ops.softplus(x, hint);
    case 'linear':
      return x;
  }
}

/** log p(x | out) summed over every element: bernoulli logits or gaussian means [L, N, D], x [N, D]. */
function logLikelihoodSum(ops: Ops, x: Value, out: Value, logVar: Value | null): Value {
  if (logVar === null) {
    // sum x l - softplus(l)
    return ops.total(ops.sub(ops.mul(x, out), ops.softplus(out)), 'log_likelihood');
  }
  // -1/2 sum [log 2 pi + logVar + (x - mean)^2 exp(-logVar)]
  const diff = ops.sub(x, out);
  const scaled = ops.mul(ops.mul(diff, diff), ops.exp(ops.neg(logVar)));
  const terms = ops.add(ops.add(scaled, logVar), ops.scalar(LOG_2PI));
  return ops.mul(ops.total(terms), ops.scalar(-0.5), 'log_likelihood');
}

/** The regulariser summed over the batch: KL = 1/2 sum (mu^2 + e^lv - lv - 1), or sum mu^2 + (sigma - 1)^2. */
function regularizerSum(ops: Ops, mu: Value, logVar: Value, sigma: Value, regularizer: Regularizer): Value {
  const mu2 = ops.mul(mu, mu);
  if (regularizer === 'kl') {
    const terms = ops.sub(ops.sub(ops.add(mu2, ops.exp(logVar)), logVar), ops.scalar(1));
    return ops.mul(ops.total(terms), ops.scalar(0.5), 'kl_sum');
  }
  const off = ops.sub(sigma, ops.scalar(1));
  return ops.total(ops.add(mu2, ops.mul(off, off)), 'geometric_sum');
}

/** Generates the step (or gradient) graph for a config, a batch size and an objective. */
export function buildStepGraph(options: StepGraphOptions): StepGraph {
  const { config, batchSize: n, samples: l, regularizer } = options;
  const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = options;
  const arch = architecture(config);
  const layout = flatLayout(config);
  const { inputSize: d, latentSize: k } = config;
  const tape = createTape();
  const { ops } = tape;
  const N = STEP_NAMES;
  const input = (name: string, shape: number[]): Value => ({ name, shape });

  const params = input(N.params, [layout.size]);
  const x = input(N.x, [n, d]);
  const eps = input(N.eps, [l, n, k]);
  const beta = input(N.beta, []);
  const weights = new Map(
    layout.entries.map((e) => [
      e.name,
      tape.leaf(ops.reshape(ops.slice(params, e.offset, e.offset + e.size), e.shape, e.name)),
    ]),
  );
  const weight = (name: string) => weights.get(name) as Value;
  const dense = (h: Value, spec: DenseSpec): Value =>
    activate(
      ops,
      ops.gemm(h, weight(`${spec.name}/kernel`), weight(`${spec.name}/bias`), { hint: spec.name }),
      spec.activation,
      `${spec.name}/activation`,
    );

  // forward
  const h = arch.encoderHidden.reduce(dense, x); // [N, H]
  const mu = dense(h, arch.encoderMu); // [N, K]
  const logVar = dense(h, arch.encoderLogVar); // [N, K]
  const sigma = ops.exp(ops.mul(logVar, ops.scalar(0.5)), 'sigma'); // [N, K]
  const z = ops.reshape(ops.add(mu, ops.mul(eps, sigma)), [l * n, k], 'z'); // [L N, K]
  const out = ops.reshape(arch.decoder.reduce(dense, z), [l, n, d]); // [L, N, D]
  const decoderLogVar =
    arch.decoderLogVarName !== null
      ? weight(arch.decoderLogVarName)
      : typeof config.gaussianVariance === 'number' && config.likelihood === 'gaussian'
        ? ops.scalar(Math.log(config.gaussianVariance))
        : null;
  const reconstruction = ops.mul(
    logLikelihoodSum(ops, x, out, decoderLogVar),
    ops.scalar(-1 / (l * n)),
    'reconstruction',
  );
  const kl = ops.mul(regularizerSum(ops, mu, logVar, sigma, regularizer), ops.scalar(1 / n), 'kl');
  const loss = ops.add(reconstruction, ops.mul(kl, beta), 'loss');

  // backward, gathered into one flat gradient [P]
  const leaves = layout.entries.map((e) => weight(e.name));
  const grads = tape.gradients(loss, leaves);
  const flatGradient = ops.concat(
    grads.map((g, i) => {
      if (g === null) throw new Error(`the loss does not depend on ${layout.entries[i]?.name}`);
      return ops.reshape(g, [g.shape.reduce((a, b) => a * b, 1)]);
    }),
    'flat_gradient',
  );

  const scalars = [
    ops.output(loss, N.loss),
    ops.output(reconstruction, N.reconstruction),
    ops.output(kl, N.kl),
  ];
  const inputs = [params, x, eps, beta];
  let outputs: Value[];
  if (options.output === 'gradient') {
    outputs = [ops.output(flatGradient, N.gradient), ...scalars];
  } else {
    const m = input(N.m, [layout.size]);
    const v = input(N.v, [layout.size]);
    const c1 = input(N.correction1, []);
    const c2 = input(N.correction2, []);
    inputs.push(m, v, c1, c2);
    const g = flatGradient;
    const mNew = ops.add(ops.mul(ops.scalar(beta1), m), ops.mul(ops.scalar(1 - beta1), g));
    const vNew = ops.add(ops.mul(ops.scalar(beta2), v), ops.mul(ops.scalar(1 - beta2), ops.mul(g, g)));
    const update = ops.div(ops.div(mNew, c1), ops.add(ops.sqrt(ops.div(vNew, c2)), ops.scalar(epsilon)));
    const paramsNew = ops.sub(params, ops.mul(ops.scalar(options.learningRate), update));
    outputs = [
      ops.output(paramsNew, N.paramsOut),
      ops.output(mNew, N.mOut),
      ops.output(vNew, N.vOut),
      ...scalars,
    ];
  }
  const bytes = encodeModel({
    graphName: 'ellipse-training-step',
    nodes: tape.nodes,
    initializers: tape.initializers,
    inputs: inputs.map((value) => floatValueInfo(value.name, value.shape)),
    outputs: outputs.map((value) => floatValueInfo(value.name, value.shape)),
    metadata: {},
    producerName: 'ellipse-trainer',
    producerVersion: '0',
    docString: `Ellipse VAE training ${options.output}: N = ${n}, L = ${l}, ${regularizer} regulariser`,
  });
  return { bytes, layout };
}
