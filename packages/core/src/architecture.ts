import type { Activation, VaeConfig } from './config.ts';

/** One fully connected layer y = act(x W + b), W: [inputSize, outputSize], b: [outputSize]. */
export interface DenseSpec {
  /** Weight names are `${name}/kernel` and `${name}/bias`. */
  readonly name: string;
  readonly inputSize: number;
  readonly outputSize: number;
  readonly activation: Activation | 'linear';
}

/**
 * The layer-by-layer structure of a VAE, derived from its config alone. The tfjs model, the ONNX
 * exporter and checkpoints all read it, so they cannot disagree on names or shapes.
 *
 * encoder: x [N, D] -> hidden... -> h [N, H]; mu = h W_mu + b_mu [N, K]; log sigma^2 = h W_lv + b_lv [N, K]
 * decoder: z [N, K] -> hidden... -> [N, D] logits (bernoulli) or means (gaussian), linear output.
 */
export interface Architecture {
  readonly encoderHidden: readonly DenseSpec[];
  readonly encoderMu: DenseSpec;
  readonly encoderLogVar: DenseSpec;
  readonly decoder: readonly DenseSpec[];
  /** Name of the decoder's learned log-variance vector [D], or null (bernoulli, or fixed variance). */
  readonly decoderLogVarName: string | null;
}

function stack(prefix: string, sizes: readonly number[], activation: Activation): DenseSpec[] {
  return sizes.slice(1).map((outputSize, i) => ({
    name: `${prefix}/hidden${i}`,
    inputSize: sizes[i] as number,
    outputSize,
    activation,
  }));
}

export function architecture(config: VaeConfig): Architecture {
  const { inputSize, latentSize, hiddenSizes, activation } = config;
  const encoderHidden = stack('encoder', [inputSize, ...hiddenSizes], activation);
  const trunkSize = hiddenSizes.at(-1) ?? inputSize;
  const decoderHiddenSizes = [latentSize, ...[...hiddenSizes].reverse()];
  const decoderHidden = stack('decoder', decoderHiddenSizes, activation);
  const decoderOutput: DenseSpec = {
    name: 'decoder/output',
    inputSize: decoderHiddenSizes.at(-1) as number,
    outputSize: inputSize,
    activation: 'linear',
  };
  const head = (name: string): DenseSpec => ({
    name: `encoder/${name}`,
    inputSize: trunkSize,
    outputSize: latentSize,
    activation: 'linear',
  });
  return {
    encoderHidden,
    encoderMu: head('mu'),
    encoderLogVar: head('logvar'),
    decoder: [...decoderHidden, decoderOutput],
    decoderLogVarName:
      config.likelihood === 'gaussian' && config.gaussianVariance === 'learned' ? 'decoder/logvar' : null,
  };
}
