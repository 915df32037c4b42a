import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createVae,
  mulberry32,
  type NamedWeights,
  resolveConfig,
  type Vae,
  type VaeConfig,
} from '@ellipse/core';
import { decodeMetadata, FORMAT_VERSION, TENSOR_NAMES } from '@ellipse/format';
import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-web';
import { afterAll, describe, expect, it } from 'vitest';
import { ExportError, encodeDecoderOnnx, encodeEncoderOnnx, vaeMetadata } from './onnx.ts';
import { decodeModel, IR_VERSION, OPSET_VERSION } from './onnx-graph.ts';

ort.env.wasm.numThreads = 1;

const N = 7;
const configs: Record<string, Partial<VaeConfig>> = {
  'bernoulli tanh [5, 4]': { inputSize: 6, imageShape: [2, 3], latentSize: 3, hiddenSizes: [5, 4] },
  'bernoulli softplus []': {
    inputSize: 6,
    imageShape: null,
    latentSize: 2,
    hiddenSizes: [],
    activation: 'softplus',
  },
  'gaussian relu [5, 4], learned variance': {
    inputSize: 4,
    imageShape: null,
    latentSize: 2,
    hiddenSizes: [5, 4],
    activation: 'relu',
    likelihood: 'gaussian',
  },
  'gaussian tanh [], fixed variance': {
    inputSize: 4,
    imageShape: [2, 2],
    latentSize: 3,
    hiddenSizes: [],
    likelihood: 'gaussian',
    gaussianVariance: 0.1,
  },
  'bernoulli relu 784-[20]-2': { latentSize: 2, hiddenSizes: [20], activation: 'relu' },
};

/** A VAE whose every weight, biases included, is U(-1, 1): zero biases would hide a missing Add. */
function randomVae(config: VaeConfig, seed: number): Vae {
  const vae = createVae({ config, seed });
  const random = mulberry32(seed);
  const weights: NamedWeights = Object.fromEntries(
    [...vae.variables].map(([name, variable]) => [
      name,
      { shape: variable.shape, values: Float32Array.from({ length: variable.size }, () => 2 * random() - 1) },
    ]),
  );
  vae.setWeights(weights);
  return vae;
}

function randomMatrix(rows: number, columns: number, seed: number, scale: number): Float32Array {
  const random = mulberry32(seed);
  return Float32Array.from({ length: rows * columns }, () => scale * (2 * random() - 1));
}

async function runOnnx(bytes: Uint8Array, input: string, values: Float32Array, columns: number) {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  try {
    const outputs = await session.run({
      [input]: new ort.Tensor('float32', values, [values.length / columns, columns]),
    });
    return Object.fromEntries(Object.entries(outputs).map(([name, t]) => [name, t]));
  } finally {
    await session.release();
  }
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs((a[i] as number) - (b[i] as number)));
  return max;
}

const metadataOf = (vae: Vae) =>
  vaeMetadata({ vae, dataset: 'test', preset: 'custom', metrics: { testElbo: -1.5 }, producer: 'onnx.test' });

describe.each(Object.entries(configs))('ONNX export: %s', (_, partial) => {
  const config = resolveConfig(partial);
  const { inputSize: D, latentSize: K } = config;

  it('decoder: onnxruntime-web matches tfjs to 1e-5, shapes [N, K] -> [N, D], metadata reads back', async () => {
    const vae = randomVae(config, 3);
    const before = tf.memory().numTensors;
    const bytes = await encodeDecoderOnnx({ vae, metadata: metadataOf(vae) });
    expect(tf.memory().numTensors).toBe(before);

    const z = randomMatrix(N, K, 5, 2);
    const expected = tf.tidy(() => {
      const out = vae.decode(tf.tensor2d(z, [N, K]));
      return config.likelihood === 'bernoulli' ? tf.sigmoid(out) : out;
    });
    const outputs = await runOnnx(bytes, TENSOR_NAMES.decoder.input, z, K);
    const x = outputs[TENSOR_NAMES.decoder.output] as ort.Tensor;
    expect(x.dims).toEqual([N, D]);
    expect(maxAbsDiff(x.data as Float32Array, expected.dataSync())).toBeLessThanOrEqual(1e-5);
    expected.dispose();

    const model = decodeModel(bytes);
    const props = Object.fromEntries((model.metadataProps ?? []).map(({ key, value }) => [key, value]));
    expect(decodeMetadata(props as Record<string, string>)).toEqual({
      ...metadataOf(vae),
      role: 'decoder',
      formatVersion: FORMAT_VERSION,
    });
    vae.dispose();
  });

  it('encoder: onnxruntime-web matches tfjs to 1e-5, shapes [N, D] -> mu, logvar [N, K]', async () => {
    const vae = randomVae(config, 4);
    const bytes = await encodeEncoderOnnx({ vae, metadata: metadataOf(vae) });
    const x = randomMatrix(N, D, 6, 1);
    const posterior = vae.encode(tf.tensor2d(x, [N, D]));
    const outputs = await runOnnx(bytes, TENSOR_NAMES.encoder.input, x, D);
    const mu = outputs[TENSOR_NAMES.encoder.mu] as ort.Tensor;
    const logVar = outputs[TENSOR_NAMES.encoder.logVar] as ort.Tensor;
    expect(mu.dims).toEqual([N, K]);
    expect(logVar.dims).toEqual([N, K]);
    expect(maxAbsDiff(mu.data as Float32Array, posterior.mu.dataSync())).toBeLessThanOrEqual(1e-5);
    expect(maxAbsDiff(logVar.data as Float32Array, posterior.logVar.dataSync())).toBeLessThanOrEqual(1e-5);
    tf.dispose([posterior.mu, posterior.logVar]);
    expect(
      decodeMetadata(
        Object.fromEntries((decodeModel(bytes).metadataProps ?? []).map((e) => [e.key, e.value])),
      ).role,
    ).toBe('encoder');
    vae.dispose();
  });
});

describe('ONNX export of an autoencoder (objective ae)', () => {
  it('encoder: the code as mu (matches tfjs to 1e-5) and logvar = -Infinity, a point with sigma = 0', async () => {
    const config = resolveConfig(configs['bernoulli tanh [5, 4]']);
    const { inputSize: D, latentSize: K } = config;
    const vae = randomVae(config, 8);
    const metadata = vaeMetadata({
      vae,
      dataset: 'test',
      preset: 'custom',
      objective: 'ae',
      producer: 'onnx.test',
    });
    const bytes = await encodeEncoderOnnx({ vae, metadata });
    const x = randomMatrix(N, D, 9, 1);
    const code = tf.tidy(() => vae.encode(tf.tensor2d(x, [N, D])).mu.dataSync());
    const outputs = await runOnnx(bytes, TENSOR_NAMES.encoder.input, x, D);
    const mu = outputs[TENSOR_NAMES.encoder.mu] as ort.Tensor;
    const logVar = outputs[TENSOR_NAMES.encoder.logVar] as ort.Tensor;
    expect(maxAbsDiff(mu.data as Float32Array, code)).toBeLessThanOrEqual(1e-5);
    expect(logVar.dims).toEqual([N, K]);
    expect(Array.from(logVar.data as Float32Array)).toEqual(new Array(N * K).fill(-Infinity));
    const props = Object.fromEntries((decodeModel(bytes).metadataProps ?? []).map((e) => [e.key, e.value]));
    expect(decodeMetadata(props as Record<string, string>).objective).toBe('ae');
    vae.dispose();
  });
});

describe('ONNX model header and errors', () => {
  const config = resolveConfig(configs['bernoulli tanh [5, 4]']);

  it('stamps IR 8 / opset 17, the producer, and a dynamic batch dimension', async () => {
    const vae = createVae({ config });
    const model = decodeModel(await encodeDecoderOnnx({ vae, metadata: metadataOf(vae) }));
    vae.dispose();
    expect(Number(model.irVersion)).toBe(IR_VERSION);
    expect(IR_VERSION).toBe(8);
    expect(model.opsetImport.map((o) => [o.domain, Number(o.version)])).toEqual([['', OPSET_VERSION]]);
    expect(OPSET_VERSION).toBe(17);
    expect(model.producerName).toBe('ellipse-trainer');
    const dims = model.graph?.input?.[0]?.type?.tensorType?.shape?.dim ?? [];
    expect(dims.map((d) => d.dimParam || Number(d.dimValue))).toEqual(['N', 3]);
    expect(model.graph?.initializer?.map((t) => t.name)).toContain('decoder/hidden0/kernel');
  });

  it('rejects metadata that disagrees with the model', async () => {
    const vae = createVae({ config });
    const metadata = { ...metadataOf(vae), latentSize: 50 };
    await expect(encodeDecoderOnnx({ vae, metadata })).rejects.toThrow(ExportError);
    await expect(encodeEncoderOnnx({ vae, metadata })).rejects.toThrow(
      /metadata.latentSize is 50 but the model has 3/,
    );
    vae.dispose();
  });
});

/** The first Python that can `import onnx` (Debian's python3-onnx lives in /usr/bin/python3's path). */
function pythonWithOnnx(): string | null {
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import onnx'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  return null;
}

const python = pythonWithOnnx();
describe('independent validation', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'ellipse-onnx-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it.skipIf(python === null)(
    `onnx.checker.check_model (full_check) accepts every exported model${python === null ? ' (skipped: python3-onnx not installed; apt-get install python3-onnx)' : ''}`,
    async () => {
      const paths: string[] = [];
      for (const [i, partial] of Object.values(configs).entries()) {
        const vae = createVae({ config: resolveConfig(partial) });
        const metadata = metadataOf(vae);
        const files = [
          [join(tmp, `decoder-${i}.onnx`), await encodeDecoderOnnx({ vae, metadata })],
          [join(tmp, `encoder-${i}.onnx`), await encodeEncoderOnnx({ vae, metadata })],
          [
            join(tmp, `ae-encoder-${i}.onnx`),
            await encodeEncoderOnnx({ vae, metadata: { ...metadata, objective: 'ae' } }),
          ],
        ] as const;
        vae.dispose();
        for (const [path, bytes] of files) writeFileSync(path, bytes);
        paths.push(...files.map(([path]) => path));
      }
      const script =
        'import sys, onnx\n' +
        'for path in sys.argv[1:]:\n' +
        '    onnx.checker.check_model(onnx.load(path), full_check=True)\n' +
        'print("checked", len(sys.argv) - 1)\n';
      const result = spawnSync(python as string, ['-c', script, ...paths], { encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.stdout.trim()).toBe(`checked ${paths.length}`);
    },
  );
});
