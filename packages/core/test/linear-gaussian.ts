/**
 * Test oracle: the linear-Gaussian latent variable model, whose evidence and posterior are closed forms.
 *   p(z) = N(0, I_K),  p(x|z) = N(W z + b, s^2 I_D)
 *   => p(x) = N(b, W W^T + s^2 I_D)
 *      p(z|x) = N(m, S),  S = (I + W^T W / s^2)^-1,  m = S W^T (x - b) / s^2
 * and for a diagonal q = N(mu, diag v):
 *   E_q[log p(x|z)] = -D/2 log(2 pi s^2) - (||x - W mu - b||^2 + sum_k v_k ||W_:k||^2) / (2 s^2)
 *   KL(q || N(0, I)) = 1/2 sum_k (mu_k^2 + v_k - log v_k - 1)
 * All float64 plain numbers, computed independently of the code under test (general Cholesky, no
 * shortcut from the orthogonality of W's columns), except `closedFormElboTensor`, the same ELBO on
 * tensors so that tf.grad can differentiate it with respect to a VAE's weights.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createVae, mulberry32, standardNormal, type Vae, type WeightValue } from '../src/index.ts';

export interface LinearGaussian {
  /** W [D][K] (rows of length K). */
  readonly w: number[][];
  /** b [D]. */
  readonly b: number[];
  /** s^2 > 0. */
  readonly s2: number;
}

/** D = 3, K = 2, W's columns (1.2, 1.2, 0) and (0.5, -0.5, 1) are orthogonal, so S is diagonal. */
export const MODEL: LinearGaussian = {
  w: [
    [1.2, 0.5],
    [1.2, -0.5],
    [0, 1],
  ],
  b: [0.3, -0.2, 0.1],
  s2: 0.5,
};

/** A few data points [N][D]. */
export const DATA: number[][] = [
  [0.5, 1.0, -0.3],
  [-1.2, 0.4, 0.8],
  [2.0, 1.5, -1.1],
  [0.0, -0.6, 0.2],
];

/** n points drawn from the model, x = W z + b + s e with z, e ~ N(0, I): [n][D]. */
export function sampleData({ w, b, s2 }: LinearGaussian, n: number, seed: number): number[][] {
  const uniform = mulberry32(seed);
  return Array.from({ length: n }, () => {
    const z = (w[0] ?? []).map(() => standardNormal(uniform));
    return b.map(
      (bi, i) =>
        bi +
        z.reduce((sum, zk, k) => sum + zk * (w[i]?.[k] as number), 0) +
        Math.sqrt(s2) * standardNormal(uniform),
    );
  });
}

const transpose = (a: number[][]): number[][] => (a[0] ?? []).map((_, j) => a.map((row) => row[j] as number));
const matMul = (a: number[][], b: number[][]): number[][] =>
  a.map((row) => (b[0] ?? []).map((_, j) => row.reduce((sum, v, k) => sum + v * (b[k]?.[j] as number), 0)));
const matVec = (a: number[][], v: number[]): number[] =>
  a.map((row) => row.reduce((sum, x, k) => sum + x * (v[k] as number), 0));

/** Lower-triangular L with L L^T = a (a symmetric positive definite). */
export function cholesky(a: number[][]): number[][] {
  const n = a.length;
  const l = a.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i]?.[j] as number;
      for (let k = 0; k < j; k++) sum -= (l[i]?.[k] as number) * (l[j]?.[k] as number);
      (l[i] as number[])[j] = i === j ? Math.sqrt(sum) : sum / (l[j]?.[j] as number);
    }
  }
  return l;
}

/** Solves a y = v for symmetric positive definite a, by Cholesky. */
function solve(a: number[][], v: number[]): number[] {
  const l = cholesky(a);
  const n = v.length;
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let sum = v[i] as number;
    for (let k = 0; k < i; k++) sum -= (l[i]?.[k] as number) * (y[k] as number);
    y[i] = sum / (l[i]?.[i] as number);
  }
  const out = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i] as number;
    for (let k = i + 1; k < n; k++) sum -= (l[k]?.[i] as number) * (out[k] as number);
    out[i] = sum / (l[i]?.[i] as number);
  }
  return out;
}

const identity = (n: number): number[][] =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));

/** log N(x; b, W W^T + s^2 I). */
export function logMarginal({ w, b, s2 }: LinearGaussian, x: number[]): number {
  const d = x.length;
  const cov = matMul(w, transpose(w)).map((row, i) => row.map((v, j) => v + (i === j ? s2 : 0)));
  const diff = x.map((v, i) => v - (b[i] as number));
  const quad = diff.reduce((sum, v, i) => sum + v * (solve(cov, diff)[i] as number), 0);
  const logDet = 2 * cholesky(cov).reduce((sum, row, i) => sum + Math.log(row[i] as number), 0);
  return -0.5 * (d * Math.log(2 * Math.PI) + logDet + quad);
}

/** The exact posterior p(z|x) = N(m, S). */
export function posterior({ w, b, s2 }: LinearGaussian, x: number[]): { mean: number[]; cov: number[][] } {
  const k = w[0]?.length ?? 0;
  const precision = matMul(transpose(w), w).map((row, i) => row.map((v, j) => v / s2 + (i === j ? 1 : 0)));
  const cov = identity(k).map((e) => solve(precision, e)); // S = precision^-1 (symmetric)
  const wtDiff = matVec(
    transpose(w),
    x.map((v, i) => (v - (b[i] as number)) / s2),
  );
  return { mean: matVec(cov, wtDiff), cov };
}

/** ELBO of a diagonal q = N(mu, diag v) at x, in closed form. */
export function closedFormElbo({ w, b, s2 }: LinearGaussian, x: number[], mu: number[], v: number[]): number {
  const d = x.length;
  const residual = matVec(w, mu).reduce(
    (sum, wm, i) => sum + ((x[i] as number) - wm - (b[i] as number)) ** 2,
    0,
  );
  const spread = v.reduce((sum, vk, k) => sum + vk * w.reduce((s, row) => s + (row[k] as number) ** 2, 0), 0);
  const expected = (-d / 2) * Math.log(2 * Math.PI * s2) - (residual + spread) / (2 * s2);
  const kl = 0.5 * mu.reduce((sum, m, k) => sum + m * m + (v[k] as number) - Math.log(v[k] as number) - 1, 0);
  return expected - kl;
}

/** Encoder heads of a VAE with hiddenSizes []: mu = x A + a, log v = x C + c. A, C [D][K]. */
export interface LinearEncoder {
  readonly muKernel: number[][];
  readonly muBias: number[];
  readonly logVarKernel: number[][];
  readonly logVarBias: number[];
}

/**
 * The encoder whose q is the exact posterior: m = S W^T (x - b) / s^2 is linear in x, so
 * A = (S W^T / s^2)^T = W S / s^2, a = -(S W^T b) / s^2; S is diagonal here, so C = 0, c = log diag S.
 */
export function exactEncoder(model: LinearGaussian): LinearEncoder {
  const { w, b, s2 } = model;
  const { cov } = posterior(
    model,
    b.map(() => 0),
  );
  const k = cov.length;
  return {
    muKernel: matMul(w, cov).map((row) => row.map((v) => v / s2)),
    muBias: matVec(cov, matVec(transpose(w), b)).map((v) => -v / s2),
    logVarKernel: w.map(() => new Array<number>(k).fill(0)),
    logVarBias: cov.map((row, i) => Math.log(row[i] as number)),
  };
}

/**
 * The exact encoder moved away from the posterior: means shifted by ~0.3 posterior standard deviations,
 * variances ~1.6x wider, slightly tilted kernels. KL(q || p(z|x)) is 0.22-0.30 nats on DATA and the
 * chi-square divergence of p(z|x) from q is ~0.3 (importance weights with a modest variance).
 */
export function mismatchedEncoder(model: LinearGaussian): LinearEncoder {
  const exact = exactEncoder(model);
  return {
    muKernel: exact.muKernel.map((row, i) => row.map((v, j) => v + 0.03 * (i - j))),
    muBias: exact.muBias.map((v, j) => v + (j === 0 ? 0.15 : -0.12)),
    logVarKernel: exact.logVarKernel.map((row, i) => row.map((_, j) => 0.02 * (i + j - 1))),
    logVarBias: exact.logVarBias.map((v, j) => v + (j === 0 ? 0.5 : 0.4)),
  };
}

/** q's mean and variance at x, from a linear encoder (float64). */
export function encodeLinear(encoder: LinearEncoder, x: number[]): { mu: number[]; v: number[] } {
  const head = (kernel: number[][], bias: number[]) =>
    bias.map((c, j) => c + x.reduce((sum, xi, i) => sum + xi * (kernel[i]?.[j] as number), 0));
  return {
    mu: head(encoder.muKernel, encoder.muBias),
    v: head(encoder.logVarKernel, encoder.logVarBias).map(Math.exp),
  };
}

const weight = (rows: number[][] | number[]): WeightValue =>
  Array.isArray(rows[0])
    ? {
        shape: [rows.length, (rows[0] as number[]).length],
        values: new Float32Array((rows as number[][]).flat()),
      }
    : { shape: [rows.length], values: new Float32Array(rows as number[]) };

/** A VAE (hiddenSizes []) whose decoder is exactly the model and whose encoder is `encoder`. */
export function linearGaussianVae(model: LinearGaussian, encoder: LinearEncoder): Vae {
  const vae = createVae({
    config: {
      inputSize: model.b.length,
      imageShape: null,
      latentSize: model.w[0]?.length ?? 0,
      hiddenSizes: [],
      activation: 'tanh',
      likelihood: 'gaussian',
      gaussianVariance: model.s2,
    },
  });
  vae.setWeights({
    'decoder/output/kernel': weight(transpose(model.w)), // [K, D]: z W^T
    'decoder/output/bias': weight(model.b),
    'encoder/mu/kernel': weight(encoder.muKernel),
    'encoder/mu/bias': weight(encoder.muBias),
    'encoder/logvar/kernel': weight(encoder.logVarKernel),
    'encoder/logvar/bias': weight(encoder.logVarBias),
  });
  return vae;
}

/**
 * The closed-form ELBO [N] on tensors, differentiable in every weight of a VAE with a linear decoder
 * z -> z W^T + b (read through vae.decode: W mu + b = decode(mu), W_:k = decode(e_k) - decode(0)).
 */
export function closedFormElboTensor(vae: Vae, x: tf.Tensor2D, s2: number): tf.Tensor1D {
  return tf.tidy(() => {
    const [, d] = x.shape;
    const k = vae.config.latentSize;
    const { mu, logVar } = vae.encode(x); // [N, K]
    const v = tf.exp(logVar);
    const columns = tf.sub(vae.decode(tf.eye(k) as tf.Tensor2D), vae.decode(tf.zeros([1, k]))); // [K, D]
    const residual = tf.sum(tf.square(tf.sub(x, vae.decode(mu))), 1); // [N]
    const spread = tf.sum(tf.mul(v, tf.sum(tf.square(columns), 1)), 1); // [N]
    const expected = tf.sub(-(d / 2) * Math.log(2 * Math.PI * s2), tf.div(tf.add(residual, spread), 2 * s2));
    const kl = tf.mul(0.5, tf.sum(tf.sub(tf.sub(tf.add(tf.square(mu), v), logVar), 1), 1));
    return tf.sub(expected, kl) as tf.Tensor1D;
  });
}
