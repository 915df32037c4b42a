/**
 * The forward and backward pass of a VAE's training step as one ONNX graph, generated from core's
 * Architecture and the objective's terms (never a second hand-written model):
 *
 *   forward   h = encoder(x) [N, H]; mu, logVar = heads(h) [N, K]
 *             z = mu + eps * exp(logVar / 2) [L, N, K] (eps: seeded noise, a graph input)
 *             out = decoder(z) [L, N, D]: logits (bernoulli) or means (gaussian)
 *             reconstruction = -(1/(L N)) sum log p(x | z)        (scalar, nats per example)
 *             kl = (1/N) sum R(mu, logVar)                          (KL to N(0, I), or geometric)
 *             loss = reconstruction + beta * kl = -ELBO_beta
 *   backward  dloss/dw for every weight, by the tape's vector-Jacobian rules (tape.ts, vjp-rules.ts)
 *
 * Every weight is an input named as in core (`encoder/hidden0/kernel`) and its gradient an output
 * (`grad/encoder/hidden0/kernel`), so a caller can bind all of them to views of one flat buffer
 * (flat-layout.ts) and run Adam over that buffer in one pass (flat-adam.ts). Measured: Adam as ~12
 * graph nodes over [P] cost more than the forward and backward pass together on ONNX Runtime's CPU
 * provider (each node one pass over memory), and gathering the gradients with Concat cost 1 ms more.
 */
import type { ObjectiveName, Regularizer, VaeConfig } from '@ellipse/core';
import { architecture, type DenseSpec } from '@ellipse/core';
import { encodeModel, floatValueInfo } from '../../export/onnx-graph.ts';
import { type FlatLayout, flatLayout } from './flat-layout.ts';
import { createTape, GraphBuildError, type Ops, type Value } from './tape.ts';

/** Graph input and output names besides the weights (inputs named as in core) and their gradients. */
export const STEP_NAMES = {
  x: 'x',
  eps: 'eps',
  beta: 'beta',
  loss: 'loss',
  reconstruction: 'reconstruction',
  kl: 'kl',
} as const;

/** The output holding dloss/dw for the weight named `name`. */
export const gradientName = (name: string): string => `grad/${name}`;

export interface StepGraphOptions {
  readonly config: VaeConfig;
  /** N: the batch size (shapes are static; a different size needs another graph). */
  readonly batchSize: number;
  /** L: samples of z per example. */
  readonly samples: number;
  readonly regularizer: Regularizer;
}

export interface StepGraph {
  readonly bytes: Uint8Array;
  readonly layout: FlatLayout;
}

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * The regulariser of an objective the generated step covers: it generates the reparameterised ELBO
 * (either likelihood, any L and beta) with the KL (`vae`) or the geometric (`geometric`) regulariser;
 * null for every other objective, which trains on tfjs.
 */
export function onnxStepRegularizer(objective: ObjectiveName): Regularizer | null {
  if (objective === 'vae') return 'kl';
  if (objective === 'geometric') return 'geometric';
  return null;
}

/** Whether the generated step covers a run's objective, and why (said when a backend is chosen). */
export function onnxStepCoverage(run: { readonly objective: ObjectiveName }): {
  supported: boolean;
  why: string;
} {
  const regularizer = onnxStepRegularizer(run.objective);
  if (regularizer === null) {
    return {
      supported: false,
      why: `the '${run.objective}' objective (the ONNX step generates the reparameterised ELBO of vae and geometric only)`,
    };
  }
  return { supported: true, why: `reparameterised gradient, ${regularizer} regulariser` };
}

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

/** Generates the step graph for a config, a batch size and an objective. */
export function buildStepGraph(options: StepGraphOptions): StepGraph {
  const { config, batchSize: n, samples: l, regularizer } = options;
  const arch = architecture(config);
  const layout = flatLayout(config);
  const { inputSize: d, latentSize: k } = config;
  const tape = createTape();
  const { ops } = tape;
  const N = STEP_NAMES;
  const input = (name: string, shape: readonly number[]): Value => ({ name, shape });

  const x = input(N.x, [n, d]);
  const eps = input(N.eps, [l, n, k]);
  const beta = input(N.beta, []);
  const weights = new Map(layout.entries.map((e) => [e.name, tape.leaf(input(e.name, e.shape))]));
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

  // backward: one gradient output per weight
  const leaves = layout.entries.map((e) => weight(e.name));
  const gradients = tape.gradients(loss, leaves).map((g, i) => {
    const { name } = layout.entries[i] as FlatLayout['entries'][number];
    if (g === null) throw new GraphBuildError(`the loss does not depend on the weight ${name}`);
    return ops.output(g, gradientName(name));
  });
  const inputs = [...leaves, x, eps, beta];
  const outputs = [
    ...gradients,
    ops.output(loss, N.loss),
    ops.output(reconstruction, N.reconstruction),
    ops.output(kl, N.kl),
  ];
  const bytes = encodeModel({
    graphName: 'ellipse-training-step',
    nodes: tape.nodes,
    initializers: tape.initializers,
    inputs: inputs.map((value) => floatValueInfo(value.name, value.shape)),
    outputs: outputs.map((value) => floatValueInfo(value.name, value.shape)),
    metadata: {},
    producerName: 'ellipse-trainer',
    producerVersion: '0',
    docString: `Ellipse VAE training step (loss and gradients): N = ${n}, L = ${l}, ${regularizer} regulariser`,
  });
  return { bytes, layout };
}
