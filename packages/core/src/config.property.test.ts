// Property: resolveConfig either returns a configuration every part of core accepts (positive integer
// sizes, weights within the limit), or throws a ConfigError that names the offending field or value.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ } from '../test/fuzz.ts';
import { architecture, ConfigError, MAX_TENSOR_VALUES, resolveConfig, type VaeConfig } from './index.ts';

/** Anything a JSON file or a careless caller could put in a field, weighted towards near-valid values. */
const anything = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -2, max: 1000 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 2 ** 31, 1e9, 1.5, Number.NaN, Number.POSITIVE_INFINITY) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('tanh', 'relu', 'softplus', 'bernoulli', 'gaussian', 'learned', ''),
  },
  { weight: 1, arbitrary: fc.array(fc.integer({ min: -1, max: 3000 }), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.jsonValue() },
);

const partialConfig = fc.record(
  {
    inputSize: fc.oneof(fc.integer({ min: 1, max: 1000 }), anything),
    imageShape: fc.oneof(
      fc.constant(null),
      fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 30 })),
      anything,
    ),
    latentSize: fc.oneof(fc.integer({ min: 1, max: 100 }), anything),
    hiddenSizes: fc.oneof(fc.array(fc.integer({ min: 1, max: 1000 }), { maxLength: 3 }), anything),
    activation: fc.oneof(fc.constantFrom('tanh', 'relu', 'softplus'), anything),
    likelihood: fc.oneof(fc.constantFrom('bernoulli', 'gaussian'), anything),
    gaussianVariance: fc.oneof(
      fc.constant('learned'),
      fc.double({ min: 1e-3, max: 10, noNaN: true }),
      anything,
    ),
  },
  { requiredKeys: [] },
) as fc.Arbitrary<Partial<VaeConfig>>;

describe('resolveConfig (property)', () => {
  it('a configuration every layer of which fits, or a ConfigError naming the field or value', () => {
    fc.assert(
      fc.property(partialConfig, (partial) => {
        let config: VaeConfig;
        try {
          config = resolveConfig(partial);
        } catch (error) {
          expect(error, String(error)).toBeInstanceOf(ConfigError);
          const message = (error as Error).message;
          const named = Object.entries(partial).some(
            ([key, value]) =>
              message.includes(key) ||
              message.includes(String(value)) ||
              message.includes(JSON.stringify(value)),
          );
          expect(named, `${message} names none of ${JSON.stringify(partial)}`).toBe(true);
          return;
        }
        const arch = architecture(config);
        for (const layer of [...arch.encoderHidden, arch.encoderMu, arch.encoderLogVar, ...arch.decoder]) {
          expect(Number.isInteger(layer.inputSize) && layer.inputSize > 0).toBe(true);
          expect(layer.inputSize * layer.outputSize).toBeLessThanOrEqual(MAX_TENSOR_VALUES);
        }
      }),
      FUZZ,
    );
  });
});
