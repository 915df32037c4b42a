/**
 * ONNX export of a VAE's decoder and encoder, for the SDK (onnxruntime-web). Layers, names and shapes
 * come from core's Architecture, the tensor names and metadata from @ellipse/format:
 *
 *   decoder: z [N, K] -> dense... -> logits [N, D] -> x = sigmoid(logits)   (bernoulli: Bernoulli means)
 *                                          or x = the linear output          (gaussian: Gaussian means)
 *   encoder: x [N, D] -> dense... -> h [N, H] -> mu = h W_mu + b_mu [N, K], logvar = h W_lv + b_lv [N, K]
 *            (objective 'ae': logvar = Log(mu - mu) = log 0 = -Infinity [N, K], a point with sigma = 0)
 *
 * Each dense layer y = act(x W + b) is MatMul -> Add -> Tanh | Relu | Softplus (nothing for linear),
 * with W [in, out] and b [out] as float32 initializers named after the weights (`decoder/hidden0/kernel`).
 * N is dynamic ('N'). See onnx-graph.ts for the IR and opset versions.
 */
import { createRequire } from 'node:module';
import { type Avb, type DenseSpec, type NamedWeights, NOISE_KERNEL, type Vae } from '@ellipse/core';
import { encodeMetadata, TENSOR_NAMES } from '@ellipse/format';
import {
  type Dim,
  encodeModel,
  floatTensor,
  floatValueInfo,
  type NodeProto,
  node,
  type TensorProto,
} from './onnx-graph.ts';
import { ExportError, type ExportMetadata, roleMetadata } from './onnx-metadata.ts';

export { IR_VERSION, OPSET_VERSION } from './onnx-graph.ts';
export { ExportError, type ExportMetadata, vaeMetadata } from './onnx-metadata.ts';

export const PRODUCER_NAME = 'ellipse-trainer';
const PRODUCER_VERSION: string = createRequire(import.meta.url)('../../package.json').version;

export interface OnnxExportOptions {
  readonly vae: Vae;
  readonly metadata: ExportMetadata;
}

const ACTIVATION_OPS = { tanh: 'Tanh', relu: 'Relu', softplus: 'Softplus' } as const;

/** Accumulates the nodes and initializers of chains of dense layers over a model's weights. */
function graphBuilder(weights: NamedWeights) {
  const nodes: NodeProto[] = [];
  const initializers: TensorProto[] = [];
  const initializer = (name: string): string => {
    const weight = weights[name];
    if (weight === undefined) throw new ExportError(`the model has no weight '${name}': is it a core Vae?`);
    initializers.push(floatTensor(name, weight.shape, weight.values));
    return name;
  };
  /** y = act(x W + b) [N, out]; the last node's output is named `output` (default: derived from the layer). */
  const dense = (spec: DenseSpec, input: string, output = `${spec.name}/output`): string => {
    const kernel = initializer(`${spec.name}/kernel`);
    const bias = initializer(`${spec.name}/bias`);
    const product = `${spec.name}/matmul`;
    nodes.push(node('MatMul', [input, kernel], product));
    const sum = spec.activation === 'linear' ? output : `${spec.name}/preactivation`;
    nodes.push(node('Add', [product, bias], sum, `${spec.name}/add`));
    if (spec.activation !== 'linear') {
      nodes.push(node(ACTIVATION_OPS[spec.activation], [sum], output, `${spec.name}/activation`));
    }
    return output;
  };
  return { nodes, initializers, initializer, dense };
}

function batchShape(size: number): Dim[] {
  return ['N', size];
}

/** The decoder as ONNX bytes: z [N, K] -> x [N, D] (Bernoulli means, or Gaussian means). */
export async function encodeDecoderOnnx({ vae, metadata }: OnnxExportOptions): Promise<Uint8Array> {
  const full = roleMetadata(vae, metadata, 'decoder');
  const { input, output } = TENSOR_NAMES.decoder;
  const graph = graphBuilder(await vae.getWeights());
  const layers = vae.architecture.decoder;
  const bernoulli = vae.config.likelihood === 'bernoulli';
  let h: string = input;
  layers.forEach((spec, i) => {
    const last = i === layers.length - 1;
    h = graph.dense(spec, h, last && !bernoulli ? output : undefined);
  });
  if (bernoulli) graph.nodes.push(node('Sigmoid', [h], output, 'decoder/sigmoid'));
  return encodeModel({
    graphName: 'ellipse-decoder',
    nodes: graph.nodes,
    initializers: graph.initializers,
    inputs: [floatValueInfo(input, batchShape(vae.config.latentSize))],
    outputs: [floatValueInfo(output, batchShape(vae.config.inputSize))],
    metadata: encodeMetadata(full),
    producerName: PRODUCER_NAME,
    producerVersion: PRODUCER_VERSION,
    docString: `Ellipse VAE decoder: ${input} [N, ${vae.config.latentSize}] -> ${output} [N, ${vae.config.inputSize}]`,
  });
}

/**
 * The encoder as ONNX bytes: x [N, D] -> mu, logvar [N, K] of q(z|x) = N(mu, diag exp(logvar)); for an
 * autoencoder (metadata.objective 'ae') the code as mu and logvar = -Infinity (sigma = 0).
 */
export async function encodeEncoderOnnx({ vae, metadata }: OnnxExportOptions): Promise<Uint8Array> {
  const full = roleMetadata(vae, metadata, 'encoder');
  const { input, mu, logVar } = TENSOR_NAMES.encoder;
  const arch = vae.architecture;
  const graph = graphBuilder(await vae.getWeights());
  const h = arch.encoderHidden.reduce((x, spec) => graph.dense(spec, x), input as string);
  graph.dense(arch.encoderMu, h, mu);
  if (metadata.objective === 'ae') {
    graph.nodes.push(node('Sub', [mu, mu], 'encoder/zero', 'encoder/zero')); // [N, K] of 0
    graph.nodes.push(node('Log', ['encoder/zero'], logVar, 'encoder/log-zero')); // log sigma^2 = log 0
  } else {
    graph.dense(arch.encoderLogVar, h, logVar);
  }
  const latent = batchShape(vae.config.latentSize);
  return encodeModel({
    graphName: 'ellipse-encoder',
    nodes: graph.nodes,
    initializers: graph.initializers,
    inputs: [floatValueInfo(input, batchShape(vae.config.inputSize))],
    outputs: [floatValueInfo(mu, latent), floatValueInfo(logVar, latent)],
    metadata: encodeMetadata(full),
    producerName: PRODUCER_NAME,
    producerVersion: PRODUCER_VERSION,
    docString: `Ellipse VAE encoder: ${input} [N, ${vae.config.inputSize}] -> ${mu}, ${logVar} [N, ${vae.config.latentSize}]`,
  });
}

/**
 * An AVB encoder as ONNX bytes: x [N, D], eps [N, E + K] ~ N(0, I) -> z [N, K], z = f(x, eps) as in core's
 * implicit-encoder.ts:
 *   h_1 = act(x W_1 + b_1 + eps W_pad)     W_pad = [W_noise; 0] [E + K, H_1] picks eps_1 = eps[:, :E]
 *   h = the rest of the trunk; z = mu(h) + exp(0.5 logvar(h)) * (eps S)     S = [0; I] [E + K, K] picks eps_2
 * Selection by constant matrices keeps the graph to MatMul, Add, Mul, Exp and the activations.
 */
export async function encodeImplicitEncoderOnnx({
  avb,
  metadata,
}: {
  avb: Avb;
  metadata: ExportMetadata;
}): Promise<Uint8Array> {
  const { vae, encoder } = avb;
  const full = roleMetadata(vae, metadata, 'implicit-encoder');
  const { input, noise, output } = TENSOR_NAMES.implicitEncoder;
  const weights = await avb.getWeights();
  const { latentSize: k, inputSize: d } = vae.config;
  const { noiseSize: e, epsSize } = encoder;
  const [first, ...rest] = vae.architecture.encoderHidden as [DenseSpec, ...DenseSpec[]];
  const noiseKernel = weights[NOISE_KERNEL] as { values: Float32Array };
  const padded = new Float32Array(epsSize * first.outputSize);
  padded.set(noiseKernel.values); // rows 0..E-1: W_noise; rows E..E+K-1: 0
  const select = new Float32Array(epsSize * k);
  for (let j = 0; j < k; j++) select[(e + j) * k + j] = 1;
  const graph = graphBuilder({
    ...weights,
    'encoder/noise/padded': { shape: [epsSize, first.outputSize], values: padded },
    'encoder/noise/select': { shape: [epsSize, k], values: select },
    'encoder/half': { shape: [], values: Float32Array.of(0.5) },
  });
  const fromX = graph.dense({ ...first, activation: 'linear' }, input, 'encoder/hidden0/from-x');
  graph.nodes.push(
    node('MatMul', [noise, graph.initializer('encoder/noise/padded')], 'encoder/hidden0/from-noise'),
  );
  graph.nodes.push(node('Add', [fromX, 'encoder/hidden0/from-noise'], 'encoder/hidden0/preactivation'));
  let h = 'encoder/hidden0/output';
  if (first.activation !== 'linear') {
    graph.nodes.push(node(ACTIVATION_OPS[first.activation], ['encoder/hidden0/preactivation'], h));
  } else h = 'encoder/hidden0/preactivation';
  h = rest.reduce((acc, spec) => graph.dense(spec, acc), h);
  const mu = graph.dense(vae.architecture.encoderMu, h);
  const logVar = graph.dense(vae.architecture.encoderLogVar, h);
  graph.nodes.push(node('MatMul', [noise, graph.initializer('encoder/noise/select')], 'encoder/eps-z'));
  graph.nodes.push(node('Mul', [logVar, graph.initializer('encoder/half')], 'encoder/half-logvar'));
  graph.nodes.push(node('Exp', ['encoder/half-logvar'], 'encoder/sigma'));
  graph.nodes.push(node('Mul', ['encoder/eps-z', 'encoder/sigma'], 'encoder/spread'));
  graph.nodes.push(node('Add', [mu, 'encoder/spread'], output));
  return encodeModel({
    graphName: 'ellipse-implicit-encoder',
    nodes: graph.nodes,
    initializers: graph.initializers,
    inputs: [floatValueInfo(input, batchShape(d)), floatValueInfo(noise, batchShape(epsSize))],
    outputs: [floatValueInfo(output, batchShape(k))],
    metadata: encodeMetadata(full),
    producerName: PRODUCER_NAME,
    producerVersion: PRODUCER_VERSION,
    docString: `Ellipse AVB encoder: ${input} [N, ${d}], ${noise} [N, ${epsSize}] ~ N(0, I) -> ${output} [N, ${k}]`,
  });
}
