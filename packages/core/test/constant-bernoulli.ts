/**
 * Test oracle: a Bernoulli VAE (D = 3, K = 2, hiddenSizes []) whose decoder ignores z (kernel 0,
 * logits = bias LOGITS) and whose encoder outputs q = N(0, I) (all weights 0). Then, for any samples:
 *   log p(x|z) = sum_d x_d l_d - log(1 + e^l_d),   KL(q || p(z)) = 0,
 *   d(-mean_N ELBO)/d(bias_d) = sigmoid(l_d) - mean_N x_d, and the encoder's gradients are 0 (the
 *   decoder's kernel, 0, cuts every path from z to log p(x|z), and KL is stationary at q = N(0, I)).
 *   Only the decoder kernel's gradient, mean z_k (sigmoid(l_d) - x_d), depends on the noise.
 */
import { createVae, type Vae } from '../src/index.ts';

export const LOGITS = [2, -1, 0];
export const BINARY = [
  [1, 0, 1],
  [0, 0, 1],
];

/** log p(x|z) by hand for one row. */
export const handLogLikelihood = (x: number[]): number =>
  x.reduce((sum, xd, d) => sum + xd * (LOGITS[d] as number) - Math.log(1 + Math.exp(LOGITS[d] as number)), 0);

export function constantBernoulliVae(): Vae {
  const vae = createVae({
    config: {
      inputSize: 3,
      imageShape: null,
      latentSize: 2,
      hiddenSizes: [],
      activation: 'tanh',
      likelihood: 'bernoulli',
      gaussianVariance: 'learned',
    },
  });
  const zeroed = Object.fromEntries(
    [...vae.variables].map(([name, variable]) => [
      name,
      { shape: variable.shape, values: new Float32Array(variable.size) },
    ]),
  );
  vae.setWeights({ ...zeroed, 'decoder/output/bias': { shape: [3], values: Float32Array.from(LOGITS) } });
  return vae;
}
