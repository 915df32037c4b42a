// Property: trainStep either updates the weights to finite values and returns finite batch means, or
// throws a named error that names the offending value and leaves every weight as it was.
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
import { createAdam, trainStep, type Vae } from './index.ts';

const readWeights = async (vae: Vae) => Object.values(await vae.getWeights()).map((w) => [...w.values]);

describe.runIf(FUZZ_BACKEND)('trainStep (property)', () => {
  it('finite means and weights after the step, or a named error and the weights untouched', async () => {
    const cases = tinyConfig.chain((config) =>
      fc.record({
        config: fc.constant(config),
        batch: batchFor(config.inputSize),
        samples: sampleCount,
        beta: betaValue,
        regularizer: regularizerValue,
        learningRate: fc.double({ min: 1e-5, max: 0.1, noNaN: true }),
        seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(cases, async ({ config, batch, samples, beta, regularizer, learningRate, seed }) => {
        const result = await withModel(config, batch, async (vae, x) => {
          const adam = createAdam({ variables: vae.variables, learningRate });
          const before = await readWeights(vae);
          try {
            const step = await trainStep({
              vae,
              optimizer: adam,
              x,
              estimator: 'reparam',
              samples,
              beta,
              regularizer,
              seed,
            });
            return {
              means: [step.loss, step.reconstruction, step.kl],
              weights: (await readWeights(vae)).flat(),
            };
          } catch (error) {
            expect(await readWeights(vae)).toEqual(before); // refused before any update
            throw error;
          } finally {
            adam.dispose();
          }
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
          expectFinite(result.means, 'loss, reconstruction, kl');
          expectFinite(result.weights, 'weights after the step');
        }
      }),
      FUZZ,
    );
  });
});
