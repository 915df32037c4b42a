// Property: iwaeBound and importanceLogLikelihood either return finite values of shape [N], or throw a
// named error that names the offending value (a shape, a non-finite entry, a bad k / chunk size).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  batchFor,
  expectFinite,
  expectNamedError,
  FUZZ,
  FUZZ_BACKEND,
  sampleCount,
  tinyConfig,
  withModel,
} from '../test/fuzz.ts';
import { importanceLogLikelihood, iwaeBound } from './index.ts';

const cases = tinyConfig.chain((config) =>
  fc.record({
    config: fc.constant(config),
    batch: batchFor(config.inputSize),
    k: sampleCount,
    chunkSize: sampleCount,
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
  }),
);

describe.runIf(FUZZ_BACKEND)('importance-weighted bounds (property)', () => {
  it('iwaeBound: finite [N], or a named error naming the value', async () => {
    await fc.assert(
      fc.asyncProperty(cases, async ({ config, batch, k, seed }) => {
        const result = await withModel(config, batch, async (vae, x) => {
          const bound = iwaeBound({ vae, x, k, seed });
          const read = { shape: bound.shape, values: await bound.data() };
          bound.dispose();
          return read;
        });
        if (result instanceof Error)
          expectNamedError(result, [`[${batch.shape.join(', ')}]`, 'NaN', 'Infinity', k]);
        else {
          expect(result.shape).toEqual([batch.shape[0]]);
          expectFinite(result.values, 'iwaeBound');
        }
      }),
      FUZZ,
    );
  });

  it('importanceLogLikelihood: finite [N], or a named error naming the value', async () => {
    await fc.assert(
      fc.asyncProperty(cases, async ({ config, batch, k, chunkSize, seed }) => {
        const result = await withModel(config, batch, (vae, x) =>
          importanceLogLikelihood({ vae, x, samples: k, chunkSize, seed }),
        );
        if (result instanceof Error) {
          expectNamedError(result, [`[${batch.shape.join(', ')}]`, 'NaN', 'Infinity', k, chunkSize]);
        } else {
          expect(result).toHaveLength(batch.shape[0] as number);
          expectFinite(result, 'importanceLogLikelihood');
        }
      }),
      FUZZ,
    );
  });
});
