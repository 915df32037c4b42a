// Models for the SDK's tests and bench, made the way users get them: core's VAE, trained a few
// steps on the tfjs cpu backend, exported by the trainer's ONNX exporter.
import '@tensorflow/tfjs-backend-cpu';
import type { Avb, Vae, VaeConfig } from '@ellipse/core';
import * as core from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';
import { encodeDecoderOnnx, encodeEncoderOnnx, encodeImplicitEncoderOnnx, vaeMetadata } from 'trainer/onnx';
import { mulberry32 } from '../src/random.ts';

export interface TrainedModel {
  readonly vae: Vae;
  readonly decoder: Uint8Array;
  readonly encoder: Uint8Array;
  /** The training data, [N, D] row-major. */
  readonly data: Float32Array;
  /** Loss before and after training (nats per example, or mean reconstruction cost). */
  readonly losses: readonly [number, number];
}

/** core's trainStep: the ELBO with the reparameterisation estimator and core's Adam. */
function stepper(vae: Vae, x: tf.Tensor2D): (seed: number) => Promise<number> {
  const optimizer = core.createAdam({ variables: vae.variables, learningRate: 0.01 });
  return async (seed) =>
    (await core.trainStep({ vae, optimizer, x, estimator: 'reparam', samples: 1, seed })).loss;
}

/** Random binary images (bernoulli) or a noisy ring (gaussian) of `rows` points. */
function trainingData(config: VaeConfig, rows: number, seed: number): Float32Array {
  const uniform = mulberry32(seed);
  const data = new Float32Array(rows * config.inputSize);
  for (let i = 0; i < rows; i += 1) {
    if (config.likelihood === 'bernoulli') {
      const stripe = i % 4;
      for (let j = 0; j < config.inputSize; j += 1)
        data[i * config.inputSize + j] = (j + stripe) % 4 === 0 || uniform() < 0.1 ? 1 : 0;
    } else {
      const angle = 2 * Math.PI * uniform();
      data.set([Math.cos(angle) + 0.1 * (uniform() - 0.5), Math.sin(angle) + 0.1 * (uniform() - 0.5)], i * 2);
    }
  }
  return data;
}

export interface TrainOptions {
  readonly config: Partial<VaeConfig>;
  readonly steps?: number;
  readonly rows?: number;
  readonly seed?: number;
}

export async function trainedModel({
  config: partial,
  steps = 20,
  rows = 64,
  seed = 1,
}: TrainOptions): Promise<TrainedModel> {
  await tf.setBackend('cpu');
  const config = core.resolveConfig(partial);
  const vae = core.createVae({ config, seed });
  const data = trainingData(config, rows, seed);
  const x = tf.tensor2d(data, [rows, config.inputSize]);
  const step = stepper(vae, x);
  const losses: number[] = [];
  for (let i = 0; i < steps; i += 1) losses.push(await step(seed * 1000 + i));
  x.dispose();
  const metadata = vaeMetadata({ vae, dataset: 'sdk-test', preset: 'sdk-test', producer: 'sdk tests' });
  return {
    vae,
    decoder: await encodeDecoderOnnx({ vae, metadata }),
    encoder: await encodeEncoderOnnx({ vae, metadata }),
    data,
    losses: [losses[0] as number, losses.at(-1) as number],
  };
}

/** The oracle: core's tfjs decoder, mapped to means (sigmoid of the logits for bernoulli). */
export function tfjsDecode(vae: Vae, z: Float32Array): Float32Array {
  return tf.tidy(() => {
    const out = vae.decode(tf.tensor2d(z, [z.length / vae.config.latentSize, vae.config.latentSize]));
    return (vae.config.likelihood === 'bernoulli' ? tf.sigmoid(out) : out).dataSync() as Float32Array;
  });
}

export interface TrainedAvb {
  readonly avb: Avb;
  readonly decoder: Uint8Array;
  /** The implicit encoder x, eps -> z (role 'implicit-encoder'). */
  readonly encoder: Uint8Array;
}

/**
 * AVB on its toy problem (core's AVB_TOY_CONFIG: four one-hot inputs in R^4, a 2-D latent), trained
 * `steps` alternating steps by core's avbStep, exported as the trainer exports an `avb` run.
 */
export async function trainedAvb({ steps = 20, seed = 1 } = {}): Promise<TrainedAvb> {
  await tf.setBackend('cpu');
  const avb = core.createAvb({ config: core.AVB_TOY_CONFIG, adaptiveContrast: false, seed });
  const modelOptimizer = core.createAdam({ variables: avb.modelVariables, learningRate: 3e-3 });
  const discriminatorOptimizer = core.createAdam({
    variables: avb.discriminator.variables,
    learningRate: 3e-3,
  });
  const x = tf.tile(tf.eye(4), [4, 1]) as tf.Tensor2D; // [16, 4]: the four points, four times
  for (let i = 0; i < steps; i += 1) {
    await core.avbStep({ avb, modelOptimizer, discriminatorOptimizer, x, samples: 1, seed: seed * 1000 + i });
  }
  tf.dispose(x);
  modelOptimizer.dispose();
  discriminatorOptimizer.dispose();
  const metadata = vaeMetadata({
    vae: avb.vae,
    dataset: 'avb-toy',
    preset: 'sdk-test',
    objective: 'avb',
    producer: 'sdk tests',
  });
  return {
    avb,
    decoder: await encodeDecoderOnnx({ vae: avb.vae, metadata }),
    encoder: await encodeImplicitEncoderOnnx({ avb, metadata }),
  };
}
