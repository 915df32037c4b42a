// Property: elbo either returns finite per-example parts of shape [N], or throws a named error that
// names the offending value (a shape, a non-finite entry, a bad samples / beta / regularizer).
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
import { elbo } from './index.ts';

describe.runIf(FUZZ_BACKEND)('elbo (property)', () => {
  it('finite [N] parts, or a named error naming the value', async () => {
    const cases = tinyConfig.chain((config) =>
      fc.record({
        config: fc.constant(config),
        batch: batchFor(config.inputSize),
        samples: sampleCount,
        beta: betaValue,
        regularizer: regularizerValue,
        seed: fc.option(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { nil: undefined }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ config, batch, samples, beta, regularizer, seed }) => {
        const result = await withModel(config, batch, async (vae, x) => {
          const parts = elbo({ vae, x, samples, beta, regularizer, ...(seed === undefined ? {} : { seed }) });
          const read = {
            shape: parts.elbo.shape,
            values: [
              ...(await parts.elbo.data()),
              ...(await parts.expectedLogLikelihood.data()),
              ...(await parts.kl.data()),
            ],
          };
          parts.elbo.dispose();
          parts.expectedLogLikelihood.dispose();
          parts.kl.dispose();
          return read;
        });
        if (result instanceof Error) {
          expectNamedError(result, [
            `[${batch.shape.join(', ')}]`,
            'NaN',
            'Infinity',
            samples,
            beta,
            regularizer,
          ]);
        } else {
          expect(result.shape).toEqual([batch.shape[0]]);
          expectFinite(result.values, 'elbo parts');
        }
      }),
      FUZZ,
    );
  });
});
