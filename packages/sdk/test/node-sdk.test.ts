// The SDK in Node on onnxruntime-web's wasm backend, against hand-built fixture models whose output
// is computed here by hand: loading, bad input, determinism, chunking and queueing.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadModel,
  ModelFormatError,
  normalDraws,
  SdkError,
  SizeLimitError,
  type VaeModel,
} from '../src/index.ts';
import { rejects } from './rejects.ts';
import { tinyDecoderOnnx } from './tiny-onnx.ts';

const K = 3;
const D = 4;
const weight = Float32Array.from({ length: K * D }, (_, i) => Math.sin(i + 1));
const bias = Float32Array.from({ length: D }, (_, j) => 0.1 * j - 0.2);
const tiny = (options: Partial<Parameters<typeof tinyDecoderOnnx>[0]> = {}) =>
  tinyDecoderOnnx({ latentSize: K, dataSize: D, weight, bias, ...options });

/** x = sigmoid(z W + b), in float64. */
function expected(z: Float32Array): number[] {
  const out: number[] = [];
  for (let n = 0; n < z.length / K; n += 1) {
    for (let j = 0; j < D; j += 1) {
      let logit = bias[j] as number;
      for (let k = 0; k < K; k += 1) logit += (z[n * K + k] as number) * (weight[k * D + j] as number);
      out.push(1 / (1 + Math.exp(-logit)));
    }
  }
  return out;
}
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) =>
  Math.max(...Array.from(a, (v, i) => Math.abs(v - (b[i] as number))));

let model: VaeModel;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ellipse-sdk-'));
  model = await loadModel(tiny(), { backend: 'auto', chunkSize: 16 });
});
afterAll(() => model.dispose());

describe('loadModel in Node', () => {
  it('reports the model and the backend that runs, with the reasons', () => {
    expect(model.info).toMatchObject({
      latentSize: K,
      dataSize: D,
      likelihood: 'bernoulli',
      formatVersion: 1,
    });
    expect(model.info.backend.name).toBe('wasm');
    expect(model.info.backend.reason).toMatch(/navigator.gpu is missing/);
    expect(model.info.backend.attempts).toEqual([{ backend: 'wasm', ok: true, detail: expect.any(String) }]);
    expect(model.info.backend.threads).toBe(1);
  });

  it('loads from a file path, a file: URL and an ArrayBuffer alike', async () => {
    const path = join(dir, 'tiny.onnx');
    const bytes = tiny();
    await writeFile(path, bytes);
    const z = [[0.5, -1, 2]];
    const reference = await model.decode(z);
    for (const source of [path, pathToFileURL(path).href, Uint8Array.from(bytes).buffer]) {
      const other = await loadModel(source, { backend: 'wasm' });
      expect((await other.decode(z)).data).toEqual(reference.data);
      await other.dispose();
    }
  });

  it('decodes like the formula, for rows and for flat values', async () => {
    const z = new Float32Array([0.3, -0.7, 1.1, 0, 0, 0]);
    const x = await model.decode(z);
    expect(x).toMatchObject({ rows: 2, columns: D });
    expect(maxDiff(x.data, expected(z))).toBeLessThan(1e-6);
    expect(
      (
        await model.decode([
          [0.3, -0.7, 1.1],
          [0, 0, 0],
        ])
      ).data,
    ).toEqual(x.data);
  });
});

describe('sampling', () => {
  it('same seed, same z and x; z is seeded N(0, I) scaled by temperature', async () => {
    const a = await model.sample(5, { seed: 11 });
    const b = await model.sample(5, { seed: 11 });
    expect(a.seed).toBe(11);
    expect(a.z.data).toEqual(normalDraws(11, 5 * K));
    expect(b.x.data).toEqual(a.x.data);
    expect(maxDiff(a.x.data, expected(a.z.data))).toBeLessThan(1e-6);
    const cold = await model.sample(5, { seed: 11, temperature: 0.5 });
    expect(
      maxDiff(
        cold.z.data,
        a.z.data.map((v) => v * 0.5),
      ),
    ).toBe(0);
    const fresh = await model.sample(2);
    expect(Number.isInteger(fresh.seed)).toBe(true);
    expect((await model.sample(2, { seed: fresh.seed })).x.data).toEqual(fresh.x.data);
  });

  it('chunks large n (chunkSize 16) and queues concurrent calls without mixing them', async () => {
    const calls = await Promise.all([
      model.sample(100, { seed: 1 }),
      model.sample(37, { seed: 2 }),
      model.grid(),
    ]);
    for (const { z, x } of calls) {
      expect(x.rows).toBe(z.rows);
      expect(maxDiff(x.data, expected(z.data))).toBeLessThan(1e-6);
    }
    const [hundred] = calls;
    expect((await model.sample(100, { seed: 1 })).x.data).toEqual(hundred.x.data);
  });

  it('runs one session at a time across models, as onnxruntime-web requires of one wasm instance', async () => {
    // The real onnxruntime-web build the SDK loaded (the same module instance), its run() observed.
    // (Typed as a factory; at run time a class whose sessions share its prototype's run.)
    const { prototype } = (await import('onnxruntime-web/wasm')).InferenceSession as unknown as {
      prototype: { run: (...args: unknown[]) => Promise<unknown> };
    };
    const run = prototype.run;
    let inFlight = 0;
    let most = 0;
    prototype.run = async function (this: unknown, ...args: unknown[]) {
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        return await Reflect.apply(run, this, args);
      } finally {
        inFlight -= 1;
      }
    } as typeof run;
    const others = await Promise.all([
      loadModel(tiny(), { backend: 'wasm', chunkSize: 8 }),
      loadModel(tiny()),
    ]);
    try {
      const calls = await Promise.all(
        [model, ...others].flatMap((m, i) => [m.sample(40, { seed: i }), m.grid({ steps: 5 })]),
      );
      for (const { z, x } of calls) expect(maxDiff(x.data, expected(z.data))).toBeLessThan(1e-6);
      // A dispose while another model's calls are queued waits its turn, and they still finish.
      const late = model.sample(20, { seed: 9 });
      await Promise.all([others[0].dispose(), late]);
      expect(maxDiff((await late).x.data, expected((await late).z.data))).toBeLessThan(1e-6);
    } finally {
      prototype.run = run;
      await Promise.all(others.map((m) => m.dispose()));
    }
    expect(most).toBe(1);
  });

  it('interpolates and grids in latent space, then decodes', async () => {
    const path = await model.interpolate([1, 0, 0], [0, 1, 0], 5, { method: 'spherical' });
    expect(path.z.rows).toBe(5);
    expect(path.z.data[3 * 2 + 0]).toBeCloseTo(Math.SQRT1_2, 6);
    const grid = await model.grid({ dims: [0, 2], steps: 3, range: [-1, 1] });
    expect(grid.z.rows).toBe(9);
    expect(maxDiff(grid.x.data, expected(grid.z.data))).toBeLessThan(1e-6);
  });
});

describe('bad input: named errors with the offending value', () => {
  it('a file that is not ONNX', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
    await rejects(loadModel(png), ModelFormatError, /not an ONNX model.*89 50 4e 47/);
    await rejects(
      loadModel(new TextEncoder().encode('{"json": true}')),
      ModelFormatError,
      /not an ONNX model/,
    );
    await rejects(loadModel(new Uint8Array()), ModelFormatError, /no ir_version/);
    await rejects(
      loadModel(join(dir, 'missing.onnx')),
      SdkError,
      /could not read the model file .*missing\.onnx/,
    );
  });

  it('an ONNX model without our metadata, with a newer format, or other tensor names', async () => {
    await rejects(
      loadModel(tiny({ metadata: null })),
      ModelFormatError,
      /no 'ellipse.metadata'.*found keys: none/,
    );
    await rejects(
      loadModel(tiny({ metadata: { formatVersion: 99 } })),
      ModelFormatError,
      /format version 99.*upgrade/,
    );
    await rejects(
      loadModel(tiny({ metadata: { role: 'encoder' } })),
      ModelFormatError,
      /holds an Ellipse encoder/,
    );
    await rejects(
      loadModel(tiny({ inputName: 'latent' }), { backend: 'wasm' }),
      ModelFormatError,
      /no input 'z'/,
    );
  });

  it('z of the wrong shape, NaN in z, n not a positive integer', async () => {
    await rejects(model.decode([[1, 2]]), SdkError, /z row 0 has length 2: expected 3/);
    await rejects(model.decode(new Float32Array(4)), SdkError, /z has 4 values: expected \[N, 3\]/);
    const nan = await rejects(
      model.decode([
        [0, 0, 0],
        [0, Number.NaN, 0],
      ]),
      SdkError,
      /NaN at row 1, column 1/,
    );
    expect((nan as SdkError).value).toBeNaN();
    for (const n of [0, -3, 2.5, Number.NaN, '4' as unknown as number]) {
      const error = await rejects(model.sample(n), SdkError, /n must be a positive integer, got/);
      expect((error as SdkError).value).toBe(n);
    }
    await rejects(model.encode([[0, 0, 0, 0]]), SdkError, /encode needs an encoder/);
    await rejects(loadModel(tiny(), { backend: 'cuda' as 'wasm' }), SdkError, /got cuda/);
    await rejects(
      loadModel(tiny(), { backend: 'webgpu' }),
      SdkError,
      /no backend could run.*navigator.gpu is missing/,
    );
  });

  it('a size past the limit is a SizeLimitError naming it and the largest accepted, before allocating', async () => {
    // max(K, D) = 4 values a row: 2^28 / 4 = 2^26 = 67108864 rows (by hand).
    const huge = await rejects(
      model.sample(1e9),
      SizeLimitError,
      /n = 1000000000 makes 1000000000 rows.*at most 67108864 rows/,
    );
    expect((huge as SizeLimitError).limit).toBe(67108864);
    expect((huge as SizeLimitError).value).toBe(1e9);
    // Two dims of 100000 steps: 10^10 grid points.
    await rejects(
      model.grid({ steps: 100000 }),
      SizeLimitError,
      /grid steps 100000 over 2 dims makes 10000000000 rows/,
    );
    await rejects(model.interpolate([0, 0, 0], [1, 1, 1], 2 ** 27), SizeLimitError, /steps = 134217728/);
    // At the limit itself nothing is refused: 8192^2 = 2^26 grid points would be accepted (not run here).
  });

  it('a disposed model refuses work', async () => {
    const other = await loadModel(tiny(), { backend: 'wasm' });
    await other.dispose();
    await rejects(other.sample(1), SdkError, /disposed/);
  });
});
