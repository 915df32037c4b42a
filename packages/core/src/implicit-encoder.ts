import * as tf from '@tensorflow/tfjs-core';
import { activate, applyDense } from './dense.ts';
import { ConfigError } from './errors.ts';
import type { Vae } from './model.ts';

/**
 * The implicit encoder of Adversarial Variational Bayes (Mescheder et al. 2017): z = f_phi(x, eps), noise
 * fed into the network, so q(z|x) has no density we can evaluate, only samples. Built on a VAE's encoder:
 *   h_1 = act(x W_1 + eps_1 W_noise + b_1)                [N, H_1]   eps_1 ~ N(0, I_E) enters the trunk
 *   h   = the rest of the VAE's encoder trunk on h_1      [N, H]
 *   z   = mu(h) + exp(logVar(h) / 2) * eps_2              [N, K]     eps_2 ~ N(0, I_K)
 * q(z|x) = integral N(z; mu(h(x, e)), sigma^2(h(x, e))) N(e; 0, I) de is a continuous mixture of
 * Gaussians: any shape, not only an ellipse. With W_noise = 0 it is the VAE's Gaussian encoder.
 * One noise vector per sample is eps = [eps_1, eps_2], of size E + K.
 */
export interface ImplicitEncoder {
  /** E: size of the noise that enters the trunk. */
  readonly noiseSize: number;
  /** E + K: size of one noise vector eps = [eps_1, eps_2]. */
  readonly epsSize: number;
  /** 'encoder/noise/kernel' [E, H_1]. */
  readonly noiseKernel: tf.Variable;
  /** x [N, D], eps [L, N, E + K] -> z [L, N, K]. Differentiable in phi (the VAE's encoder and W_noise). */
  sample(x: tf.Tensor2D, eps: tf.Tensor): tf.Tensor;
  dispose(): void;
}

export const NOISE_KERNEL = 'encoder/noise/kernel';

export interface CreateImplicitEncoderOptions {
  /** The VAE whose encoder trunk and heads it extends (needs at least one hidden layer). */
  readonly vae: Vae;
  /** E >= 1; default: the latent size K. */
  readonly noiseSize?: number;
  readonly seed?: number;
}

export function createImplicitEncoder({
  vae,
  noiseSize = vae.config.latentSize,
  seed = 0,
}: CreateImplicitEncoderOptions): ImplicitEncoder {
  const [first, ...rest] = vae.architecture.encoderHidden;
  if (first === undefined) {
    throw new ConfigError(
      `an implicit encoder feeds noise into the encoder's first hidden layer, but hiddenSizes is ${JSON.stringify(vae.config.hiddenSizes)}: give it at least one layer`,
    );
  }
  if (!(Number.isInteger(noiseSize) && noiseSize >= 1)) {
    throw new ConfigError(`noiseSize must be an integer >= 1, got ${noiseSize}`);
  }
  // Glorot-uniform, as every other kernel: U(-l, l), l = sqrt(6 / (E + H_1)).
  const limit = Math.sqrt(6 / (noiseSize + first.outputSize));
  const initial = tf.randomUniform(
    [noiseSize, first.outputSize],
    -limit,
    limit,
    'float32',
    seed * 1000 + 999,
  );
  const noiseKernel = tf.variable(initial, true);
  initial.dispose();
  const { latentSize: k } = vae.config;
  const arch = vae.architecture;
  const variables = vae.variables;
  return {
    noiseSize,
    epsSize: noiseSize + k,
    noiseKernel,
    sample(x, eps) {
      return tf.tidy(() => {
        const [samples, n] = eps.shape as [number, number, number];
        const eps1 = tf.reshape(tf.slice(eps, [0, 0, 0], [samples, n, noiseSize]), [samples * n, noiseSize]);
        const eps2 = tf.slice(eps, [0, 0, noiseSize], [samples, n, k]); // [L, N, K]
        const kernel = variables.get(`${first.name}/kernel`) as tf.Variable;
        const bias = variables.get(`${first.name}/bias`) as tf.Variable;
        const fromX = tf.add(tf.matMul(x, kernel), bias); // [N, H_1]
        const fromNoise = tf.reshape(tf.matMul(eps1, noiseKernel), [samples, n, first.outputSize]); // [L, N, H_1]
        const h1 = activate(
          tf.reshape(tf.add(fromNoise, fromX), [samples * n, first.outputSize]),
          first.activation,
        );
        const h = rest.reduce((acc, layer) => applyDense(variables, layer, acc), h1); // [L N, H]
        const mu = tf.reshape(applyDense(variables, arch.encoderMu, h), [samples, n, k]);
        const logVar = tf.reshape(applyDense(variables, arch.encoderLogVar, h), [samples, n, k]);
        return tf.add(mu, tf.mul(eps2, tf.exp(tf.mul(logVar, 0.5)))); // [L, N, K]
      });
    },
    dispose() {
      noiseKernel.dispose();
    },
  };
}
