// Property: estimateGradients either returns finite gradients for every weight (shaped like it) and
// finite batch means, or throws a named error that names the offending value.
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  batchFor,
  betaValue,
  expectFinite,
  expectNamedError,
  FUZZ,
  FUZZ_BACKEND,
  regularizerValue,
  sampleCount,
  tinyConfig,
  withModel,
} from '../test/fuzz.ts';
import { estimateGradients } from './index.ts';

describe.runIf(FUZZ_BACKEND)('estimateGradients (property)', () => {
  it('finite gradients of each weight`s shape, or a named error naming the value', async () => {
    const cases = tinyConfig.chain((config) =>
      fc.record({
        config: fc.constant(config),
        batch: batchFor(config.inputSize),
        estimator: fc.oneof(
          { weight: 8, arbitrary: fc.constantFrom('reparam' as const, 'score' as const) },
          { weight: 1, arbitrary: fc.constant('reinforce' as 'score') },
        ),
        samples: sampleCount,
        beta: betaValue,
        regularizer: regularizerValue,
        seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ config, batch, estimator, samples, beta, regularizer, seed }) => {
        const result = await withModel(config, batch, async (vae, x) => {
          const estimate = await estimateGradients({ vae, x, estimator, samples, beta, regularizer, seed });
          const trainable = [...vae.encoderVariables, ...vae.decoderVariables];
          const shapes = trainable.map((v) => [v.shape, estimate.grads[v.name]?.shape]);
          const values = await Promise.all(Object.values(estimate.grads).map((g) => g.data()));
          tf.dispose(Object.values(estimate.grads));
          const means = [estimate.elbo, estimate.expectedLogLikelihood, estimate.kl];
          return { shapes, values: [...means, ...values.flatMap((v) => [...v])] };
        });
        if (result instanceof Error) {
          expectNamedError(result, [
            `[${batch.shape.join(', ')}]`,
            'NaN',
            'Infinity',
            estimator,
            samples,
            beta,
            regularizer,
          ]);
        } else {
          for (const [weight, gradient] of result.shapes) expect(gradient).toEqual(weight);
          expectFinite(result.values, 'batch means and gradients');
        }
      }),
      FUZZ,
    );
  });
});
