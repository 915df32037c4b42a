// Property: the checkpoint reader, given bit flips and truncations of a real checkpoint, headers with
// fields replaced by arbitrary JSON (re-encoded with a valid CRC), and another configuration's model to
// restore into, either restores finite weights and Adam state, or throws a named error naming the file.
import { readFileSync } from 'node:fs';
import { ConfigError, createAdam, createVae, presetConfig, ShapeError, type VaeConfig } from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FUZZ, outcome } from '../test/fuzz.ts';
import { saveOneStepCheckpoint } from '../test/one-step-checkpoint.ts';
import { parseTrainingState, restoreTrainingState, vaeCheckpointable } from './checkpoint.ts';
import { CheckpointError, decodeCheckpoint, encodeCheckpoint } from './checkpoint-file.ts';

const PATH = 'fuzzed.ckpt';
const OWN: VaeConfig = { ...presetConfig('toy2d'), hiddenSizes: [8] };
const OTHER: VaeConfig = { ...OWN, latentSize: 3 };

/** A real checkpoint of a small toy2d model after one Adam step. */
async function realCheckpoint(): Promise<Uint8Array> {
  const { path, vae, adam } = await saveOneStepCheckpoint(OWN);
  vae.dispose();
  adam.dispose();
  return new Uint8Array(readFileSync(path));
}

describe('checkpoint reader (property)', async () => {
  const original = await realCheckpoint();
  const { header, tensors } = decodeCheckpoint<Record<string, unknown>>(original, PATH);

  const flipped = fc
    .record({
      flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { maxLength: 3 }),
      cut: fc.option(fc.nat(), { nil: undefined }),
    })
    .map(({ flips, cut }) => {
      const bytes = original.slice();
      for (const [at, bit] of flips)
        bytes[at % bytes.length] = (bytes[at % bytes.length] as number) ^ (1 << bit);
      return cut === undefined ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
    });
  /** The header with some fields (or fields of its options / position) replaced, re-encoded with a valid CRC. */
  const rewritten = fc
    .array(
      fc.tuple(
        fc.constantFrom(
          'kind',
          'version',
          'config',
          'options',
          'position',
          'epochSums',
          'adamStep',
          'tensors',
          'options.epochs',
          'options.seed',
          'position.step',
        ),
        fc.jsonValue({ maxDepth: 2 }),
      ),
      { minLength: 1, maxLength: 2 },
    )
    .map((changes) => {
      const changed = structuredClone(header);
      for (const [field, value] of changes) {
        const [outer, inner] = field.split('.') as [string, string | undefined];
        if (inner === undefined) changed[outer] = value;
        else changed[outer] = { ...(changed[outer] as object), [inner]: value };
      }
      return encodeCheckpoint(changed, tensors);
    });

  it('finite weights restored, or a named error naming the file', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(flipped, rewritten), fc.boolean(), async (bytes, other) => {
        const before = tf.memory().numTensors;
        const vae = createVae({ config: other ? OTHER : OWN, seed: 1 });
        const adam = createAdam({ variables: vae.variables, learningRate: 0.01 });
        const result = await outcome(async () => {
          restoreTrainingState(parseTrainingState(bytes, PATH), vaeCheckpointable(vae, adam), PATH);
          return [
            ...Object.values(await vae.getWeights()),
            ...Object.values((await adam.getState()).moments),
          ];
        });
        vae.dispose();
        adam.dispose();
        expect(tf.memory().numTensors).toBe(before);
        if (result instanceof Error) {
          expect(
            [CheckpointError, ConfigError, ShapeError].some((type) => result instanceof type),
            `${result.name}: ${result.message}`,
          ).toBe(true);
          if (result instanceof CheckpointError) expect(result.message).toContain(PATH);
          return;
        }
        expect(other).toBe(false); // another configuration's checkpoint never restores
        for (const { values } of result) expect(values.every(Number.isFinite)).toBe(true);
      }),
      FUZZ,
    );
  });
});
