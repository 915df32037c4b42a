import {
  createVae,
  estimateGradients,
  mulberry32,
  type NamedWeights,
  type Regularizer,
  resolveConfig,
  standardNormalNoise,
  type Vae,
  type VaeConfig,
} from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { packFlat } from './flat-layout.ts';
import { buildStepGraph, STEP_NAMES } from './step-graph.ts';

/** A VAE whose every weight, biases included, is U(-s, s): zero biases would hide a missing gradient. */
function randomVae(config: VaeConfig, seed: number, scale: number): Vae {
  const vae = createVae({ config, seed });
  const random = mulberry32(seed);
  const weights: NamedWeights = Object.fromEntries(
    [...vae.variables].map(([name, variable]) => [
      name,
      {
        shape: variable.shape,
        values: Float32Array.from({ length: variable.size }, () => scale * (2 * random() - 1)),
      },
    ]),
  );
  vae.setWeights(weights);
  return vae;
}

interface Case {
  readonly config: Partial<VaeConfig>;
  readonly regularizer: Regularizer;
  readonly samples: number;
  readonly beta: number;
  readonly scale: number;
}

/** Every objective the ONNX step supports: both likelihoods, both regularisers, L > 1, beta != 1. */
const CASES: Record<string, Case> = {
  'bernoulli tanh, KL, L = 1 (the mnist objective, small)': {
    config: { inputSize: 12, imageShape: null, latentSize: 3, hiddenSizes: [8, 5] },
    regularizer: 'kl',
    samples: 1,
    beta: 1,
    scale: 0.8,
  },
  'bernoulli softplus, geometric, L = 3, beta 0.5': {
    config: { inputSize: 6, imageShape: null, latentSize: 2, hiddenSizes: [7], activation: 'softplus' },
    regularizer: 'geometric',
    samples: 3,
    beta: 0.5,
    scale: 0.8,
  },
  'gaussian relu, learned variance, KL, L = 2, beta 2': {
    config: {
      inputSize: 4,
      imageShape: null,
      latentSize: 2,
      hiddenSizes: [6, 5],
      activation: 'relu',
      likelihood: 'gaussian',
    },
    regularizer: 'kl',
    samples: 2,
    beta: 2,
    scale: 0.6,
  },
  'gaussian tanh, fixed variance 0.5, geometric, no hidden layer': {
    config: {
      inputSize: 5,
      imageShape: null,
      latentSize: 3,
      hiddenSizes: [],
      likelihood: 'gaussian',
      gaussianVariance: 0.5,
    },
    regularizer: 'geometric',
    samples: 1,
    beta: 1,
    scale: 0.6,
  },
  'mnist shape: bernoulli tanh 784-[20]-2, KL': {
    config: { latentSize: 2, hiddenSizes: [20] },
    regularizer: 'kl',
    samples: 1,
    beta: 1,
    scale: 0.1,
  },
};

const N = 9;
const SEED = 17;

describe('buildStepGraph: gradients against tfjs (tf.variableGrads, same weights, noise and batch)', () => {
  for (const [title, c] of Object.entries(CASES)) {
    it(title, async () => {
      const config = resolveConfig(c.config);
      const vae = randomVae(config, 3, c.scale);
      const random = mulberry32(5);
      const xValues = Float32Array.from({ length: N * config.inputSize }, () =>
        config.likelihood === 'bernoulli' ? (random() < 0.3 ? 1 : 0) : 2 * random() - 1,
      );
      const before = tf.memory().numTensors;
      const x = tf.tensor2d(xValues, [N, config.inputSize]);
      const eps = standardNormalNoise([c.samples, N, config.latentSize], SEED);
      const epsValues = (await eps.data()) as Float32Array;
      const estimate = await estimateGradients({
        vae,
        x,
        estimator: 'reparam',
        samples: c.samples,
        beta: c.beta,
        regularizer: c.regularizer,
        seed: SEED,
      });
      const tfjsGrads: Record<string, { shape: number[]; values: Float32Array }> = {};
      for (const [name, variable] of vae.variables) {
        const grad = estimate.grads[variable.name] as tf.Tensor;
        tfjsGrads[name] = { shape: grad.shape, values: (await grad.data()) as Float32Array };
      }
      tf.dispose([x, eps, ...Object.values(estimate.grads)]);
      expect(tf.memory().numTensors).toBe(before);

      const { bytes, layout } = buildStepGraph({
        config,
        batchSize: N,
        samples: c.samples,
        regularizer: c.regularizer,
        output: 'gradient',
        learningRate: 1e-3,
      });
      const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 });
      const out = await session.run({
        [STEP_NAMES.params]: new ort.Tensor('float32', packFlat(layout, await vae.getWeights()), [
          layout.size,
        ]),
        [STEP_NAMES.x]: new ort.Tensor('float32', xValues, [N, config.inputSize]),
        [STEP_NAMES.eps]: new ort.Tensor('float32', epsValues, [c.samples, N, config.latentSize]),
        [STEP_NAMES.beta]: new ort.Tensor('float32', Float32Array.of(c.beta), []),
      });
      await session.release();
      vae.dispose();

      // float32 sums in another order: equal to a few units in the last place (relative 1e-6)
      const floats = (name: string) => {
        const tensor = out[name];
        if (tensor === undefined) throw new Error(`the graph has no output ${name}`);
        return tensor.data as Float32Array;
      };
      const expectClose = (name: string, value: number) =>
        expect(Math.abs((floats(name)[0] as number) - value)).toBeLessThan(
          1e-6 * Math.max(1, Math.abs(value)),
        );
      expectClose(STEP_NAMES.loss, -estimate.elbo);
      expectClose(STEP_NAMES.reconstruction, -estimate.expectedLogLikelihood);
      expectClose(STEP_NAMES.kl, estimate.kl);
      const expected = packFlat(layout, tfjsGrads);
      const actual = floats(STEP_NAMES.gradient);
      expect(actual.length).toBe(layout.size);
      let worst = 0;
      for (let i = 0; i < expected.length; i++) {
        worst = Math.max(worst, Math.abs((actual[i] as number) - (expected[i] as number)));
      }
      expect(worst).toBeLessThan(1e-5);
      // and the gradient is not trivially zero: every weight gets some signal
      for (const entry of layout.entries) {
        const part = actual.subarray(entry.offset, entry.offset + entry.size);
        expect(
          part.some((g) => g !== 0),
          entry.name,
        ).toBe(true);
      }
    });
  }
});
