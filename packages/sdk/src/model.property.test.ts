// Property: every public entry point of the SDK either succeeds with finite outputs of the documented
// shape, or throws one of the SDK's named errors naming the offending value. loadModel gets bit flips and
// truncations of a real exported decoder, and foreign ONNX models; sample, decode, interpolate, grid,
// encode and encodeSamples get arbitrary arguments on a real exported model.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyDecoderOnnx } from '../test/tiny-onnx.ts';
import { type TrainedModel, trainedModel } from '../test/trained-models.ts';
import { BackendUnavailableError, loadModel, ModelFormatError, SdkError, type VaeModel } from './index.ts';

/** 1,000 cases per entry point in CI with a fixed seed; ELLIPSE_FUZZ_RUNS / ELLIPSE_FUZZ_SEED for more. */
const FUZZ: fc.Parameters<unknown> = {
  numRuns: Number(process.env.ELLIPSE_FUZZ_RUNS ?? 1000),
  seed: Number(process.env.ELLIPSE_FUZZ_SEED ?? 20261129),
};

const K = 2;
const D = 4;
let trained: TrainedModel;
let model: VaeModel;
beforeAll(async () => {
  trained = await trainedModel({
    config: { inputSize: D, imageShape: [2, 2], hiddenSizes: [3], latentSize: K },
  });
  model = await loadModel(trained.decoder, { backend: 'wasm', encoder: trained.encoder, chunkSize: 4 });
});
afterAll(async () => {
  await model.dispose();
  trained.vae.dispose();
});

/** Every value is finite and there are rows * columns of them. */
function expectMatrix(
  m: { data: Float32Array; rows: number; columns: number },
  rows: number,
  columns: number,
) {
  expect([m.rows, m.columns]).toEqual([rows, columns]);
  expect(m.data.length).toBe(rows * columns);
  expect(m.data.every(Number.isFinite)).toBe(true);
}

function expectSdkError(error: Error, offending: readonly unknown[]): void {
  expect(error, `${error.name}: ${error.message}`).toBeInstanceOf(SdkError);
  const value = (error as SdkError).value;
  const named = offending.some(
    (v) =>
      Object.is(v, value) ||
      error.message.includes(String(v)) ||
      error.message.includes(JSON.stringify(v) ?? '\u0000'),
  );
  expect(named, `${error.message} (value ${String(value)}) names none of ${String(offending)}`).toBe(true);
}

const number = fc.oneof(
  { weight: 10, arbitrary: fc.double({ min: -5, max: 5, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 1e30, -0) },
);
const count = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 1, max: 9 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -1, 2.5, Number.NaN, 1e9, 2 ** 40) },
);
/** Latent rows: usually [N, K], sometimes ragged, empty or of another width. */
const rows = (width: number) =>
  fc.oneof(
    {
      weight: 8,
      arbitrary: fc.array(fc.array(number, { minLength: width, maxLength: width }), {
        minLength: 1,
        maxLength: 5,
      }),
    },
    { weight: 1, arbitrary: fc.array(fc.array(number, { maxLength: width + 1 }), { maxLength: 3 }) },
    { weight: 1, arbitrary: fc.array(number, { maxLength: 3 * width + 1 }) },
  );

const call = fc.oneof(
  fc.record({
    kind: fc.constant('sample' as const),
    n: count,
    seed: fc.oneof(fc.integer(), fc.constantFrom(1.5, Number.NaN)),
    temperature: number,
  }),
  fc.record({ kind: fc.constant('decode' as const), z: rows(K) }),
  fc.record({ kind: fc.constant('encode' as const), x: rows(D) }),
  fc.record({
    kind: fc.constant('encodeSamples' as const),
    x: rows(D),
    n: count,
    seed: fc.oneof(fc.integer(), fc.constantFrom(1.5, Number.NaN)),
  }),
  fc.record({
    kind: fc.constant('interpolate' as const),
    a: rows(K),
    b: rows(K),
    steps: count,
    method: fc.constantFrom('linear' as const, 'spherical' as const, 'cubic' as 'linear'),
  }),
  fc.record({
    kind: fc.constant('grid' as const),
    dims: fc.oneof(
      fc.constantFrom([0], [1], [0, 1], [1, 0]),
      fc.array(fc.integer({ min: -1, max: 3 }), { maxLength: 3 }),
    ),
    range: fc.tuple(number, number),
    steps: count,
  }),
);

describe('SDK entry points (property)', () => {
  it('sample, decode, encode, encodeSamples, interpolate, grid: finite outputs of the documented shape, or a named SdkError', async () => {
    await fc.assert(
      fc.asyncProperty(call, async (c) => {
        try {
          switch (c.kind) {
            case 'sample': {
              const out = await model.sample(c.n, { seed: c.seed, temperature: c.temperature });
              expectMatrix(out.z, c.n, K);
              expectMatrix(out.x, c.n, D);
              return;
            }
            case 'decode': {
              const x = await model.decode(c.z);
              expectMatrix(x, c.z.length > 0 && Array.isArray(c.z[0]) ? c.z.length : c.z.length / K, D);
              return;
            }
            case 'encode': {
              const { mu, sigma } = await model.encode(c.x);
              const n = Array.isArray(c.x[0]) ? c.x.length : c.x.length / D;
              expectMatrix(mu, n, K);
              expectMatrix(sigma, n, K);
              return;
            }
            case 'encodeSamples': {
              const { z } = await model.encodeSamples(c.x, c.n, { seed: c.seed });
              expectMatrix(z, c.n, K);
              return;
            }
            case 'interpolate': {
              const out = await model.interpolate(c.a, c.b, c.steps, { method: c.method });
              expectMatrix(out.x, c.steps, D);
              return;
            }
            case 'grid': {
              const out = await model.grid({ dims: c.dims, range: c.range, steps: c.steps });
              expectMatrix(out.x, c.dims.length === 1 ? c.steps : c.steps ** 2, D);
              return;
            }
          }
        } catch (error) {
          const values = Object.values(c).flatMap((v) => (Array.isArray(v) ? [v, ...v.flat(2)] : [v]));
          expectSdkError(error as Error, [...values, 'row', 'rows']);
        }
      }),
      FUZZ,
    );
  });

  it('loadModel: damaged and foreign files load and sample finite values, or throw a named error', async () => {
    const original = trained.decoder;
    const damaged = fc
      .record({
        flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 3 }),
        cut: fc.option(fc.nat(), { nil: undefined, freq: 4 }),
      })
      .map(({ flips, cut }) => {
        const bytes = original.slice();
        for (const [at, bit] of flips)
          bytes[at % bytes.length] = (bytes[at % bytes.length] as number) ^ (1 << bit);
        return cut === undefined ? bytes : bytes.subarray(0, cut % (bytes.length + 1));
      });
    const foreign = fc.oneof(
      fc.constant(trained.encoder), // an encoder where a decoder belongs
      fc.uint8Array({ maxLength: 64 }),
      fc
        .record({ latentSize: fc.integer({ min: 1, max: 3 }), dataSize: fc.integer({ min: 1, max: 3 }) })
        .map(({ latentSize, dataSize }) =>
          tinyDecoderOnnx({
            latentSize,
            dataSize,
            weight: new Float32Array(latentSize * dataSize).fill(0.5),
            bias: new Float32Array(dataSize),
          }),
        ),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 4, arbitrary: damaged }, { weight: 1, arbitrary: foreign }),
        async (bytes) => {
          let loaded: VaeModel | undefined;
          try {
            loaded = await loadModel(bytes, { backend: 'wasm' });
            const out = await loaded.sample(3, { seed: 1 });
            expectMatrix(out.x, 3, loaded.info.dataSize);
          } catch (error) {
            expect(
              [ModelFormatError, SdkError, BackendUnavailableError].some((type) => error instanceof type),
              String(error),
            ).toBe(true);
            if (error instanceof ModelFormatError)
              expect((error as Error).message).toContain('the given bytes');
          } finally {
            await loaded?.dispose();
          }
        },
      ),
      FUZZ,
    );
  });
});
