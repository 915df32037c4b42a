import { type EstimatorName, estimateGradients, type Vae } from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';

/** Per-parameter variance of one estimator's gradient, summarised over the encoder's and decoder's weights. */
export interface GradientVarianceRow {
  readonly estimator: EstimatorName;
  /** Mean over phi (resp. theta) of each weight's variance across draws. */
  readonly encoderMeanVariance: number;
  readonly decoderMeanVariance: number;
}

/**
 * The variance of the score-function and reparameterisation gradient estimates at one fixed point (the
 * given weights and batch): `draws` estimates with fresh noise each, L = `samples` per example, and per
 * weight the variance across draws (float64), averaged over the encoder's and the decoder's weights.
 * Both estimators differentiate the decoder the same way, so their decoder variances should agree; the
 * encoder's differ (score-function >> reparameterisation).
 */
export async function gradientVariance({
  vae,
  x,
  draws,
  samples,
}: {
  vae: Vae;
  x: tf.Tensor2D;
  draws: number;
  samples: number;
}): Promise<GradientVarianceRow[]> {
  const encoderIds = new Set(vae.encoderVariables.map((v) => v.name));
  const rows: GradientVarianceRow[] = [];
  for (const estimator of ['reparam', 'score'] as const) {
    // Running sums of g and g^2 per weight id, in float64.
    const sums = new Map<string, { s: Float64Array; s2: Float64Array }>();
    for (let draw = 0; draw < draws; draw++) {
      const { grads } = await estimateGradients({ vae, x, estimator, samples, seed: 7919 * draw + 1 });
      for (const [id, gradient] of Object.entries(grads)) {
        const values = await gradient.data();
        const acc = sums.get(id) ?? {
          s: new Float64Array(values.length),
          s2: new Float64Array(values.length),
        };
        values.forEach((g, i) => {
          acc.s[i] = (acc.s[i] as number) + g;
          acc.s2[i] = (acc.s2[i] as number) + g * g;
        });
        sums.set(id, acc);
      }
      tf.dispose(Object.values(grads));
    }
    const meanVariance = (encoder: boolean): number => {
      let total = 0;
      let count = 0;
      for (const [id, { s, s2 }] of sums) {
        if (encoderIds.has(id) !== encoder) continue;
        s.forEach((sum, i) => {
          const mean = sum / draws;
          total += ((s2[i] as number) / draws - mean * mean) * (draws / (draws - 1)); // unbiased
          count += 1;
        });
      }
      return total / count;
    };
    rows.push({
      estimator,
      encoderMeanVariance: meanVariance(true),
      decoderMeanVariance: meanVariance(false),
    });
  }
  return rows;
}
