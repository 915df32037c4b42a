import { describe, expect, it } from 'vitest';
import { parseManifest, SITE_DATA_VERSION } from './manifest.ts';
import { ModelDataError } from './model-data-error.ts';

/** A small but complete manifest: 10 test digits, 3 of them with ellipses, 2 epochs. */
function manifest(): Record<string, unknown> {
  const table = (path: string, dtype: string, shape: number[], bytes: number) => ({
    path,
    dtype,
    shape,
    bytes,
    crc32: 1,
  });
  const curve = (epoch: number) => ({
    epoch,
    trainLoss: 200 - epoch,
    trainReconstruction: 190,
    trainKl: 5,
    testElbo: -190,
    testReconstruction: 185,
    testKl: 5,
    seconds: 30,
  });
  const model = (name: string, objective: string) => ({
    name,
    title: name,
    objective,
    preset: 'mnist2d-site',
    layers: [784, 128, 128, 2],
    likelihood: 'bernoulli',
    epochs: 2,
    batchSize: 100,
    learningRate: 0.001,
    seed: 1,
    trainerArgs: ['train', '--preset', 'mnist2d-site'],
    backend: 'wasm on CPU',
    trainSeconds: 61,
    metrics: {
      testElbo: -190,
      testReconstruction: 185,
      testKl: 5,
      testNll: null,
      importanceSamples: 1000,
      nllImages: 0,
      activeUnits: 2,
    },
    curves: [curve(1), curve(2)],
    decoder: { path: `${name}/decoder.onnx`, bytes: 100, crc32: 7 },
    encoder: { path: `${name}/encoder.onnx`, bytes: 100, crc32: 8 },
    // float32 [10, 4] = 160 bytes; [2, 3, 4] = 96 bytes
    posteriors: table(`${name}/posteriors.bin`, 'float32', [10, 4], 160),
    ellipses: table(`${name}/ellipses.bin`, 'float32', [2, 3, 4], 96),
  });
  return {
    version: SITE_DATA_VERSION,
    formatVersion: 1,
    command: 'pnpm --filter site models',
    createdAt: '2026-11-29T18:00:00.000Z',
    seconds: 300,
    jobs: 2,
    data: {
      dataset: 'mnist',
      count: 10,
      imageShape: [28, 28],
      binarization: 'once',
      labels: table('test-labels.bin', 'uint8', [10], 10),
      // 3 * 784 bits = 294 bytes
      digits: table('test-digits.bin', 'bits', [3, 784], 294),
    },
    models: { vae: model('vae', 'vae'), geometric: model('geometric', 'geometric') },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: the edits reach anywhere into the raw JSON on purpose
type RawJson = any;
type Edit = (m: RawJson) => void;

function rejects(edit: Edit, message: RegExp): void {
  const m = manifest();
  edit(m);
  expect(() => parseManifest(m)).toThrow(ModelDataError);
  expect(() => parseManifest(m)).toThrow(message);
}

describe('parseManifest', () => {
  it('reads a complete manifest, the ae model optional', () => {
    const parsed = parseManifest(manifest());
    expect(parsed.models.vae.posteriors.shape).toEqual([10, 4]);
    expect(parsed.models.geometric.curves.map((c) => c.epoch)).toEqual([1, 2]);
    expect(parsed.models.ae).toBeUndefined();
    const withAe = manifest();
    const ae = { ...(manifest().models as RawJson).vae, name: 'ae', objective: 'ae' };
    // An autoencoder has no ELBO and no KL: null, not a number.
    ae.metrics = { ...ae.metrics, testElbo: null, testKl: null };
    ae.curves = ae.curves.map((c: RawJson) => ({ ...c, testElbo: null, testKl: null }));
    (withAe.models as Record<string, unknown>).ae = ae;
    expect(parseManifest(withAe).models.ae?.metrics.testElbo).toBeNull();
    expect(parseManifest(withAe).models.ae?.curves[1]?.testKl).toBeNull();
  });

  it('names the field, its value and what was expected', () => {
    rejects((m) => {
      m.version = 2;
    }, /manifest\.json: 'version' is 2: expected 1, the layout this site reads/);
    rejects((m) => {
      m.models.vae.metrics.testElbo = 'high';
    }, /'models\.vae\.metrics\.testElbo' is "high": expected a finite number/);
    rejects((m) => {
      delete m.models.geometric;
    }, /'models\.geometric' is undefined: expected an object/);
    rejects((m) => {
      m.models.vea = m.models.vae;
    }, /'models\.vea' is "vea": expected one of vae, geometric, ae/);
    rejects((m) => {
      m.models.vae.objective = 'kl';
    }, /'models\.vae\.objective' is "kl": expected one of vae, geometric, ae/);
  });

  it('checks that tables agree with the test set, the epochs and their byte counts', () => {
    rejects((m) => {
      m.models.vae.posteriors.shape = [9, 4];
      m.models.vae.posteriors.bytes = 144;
    }, /'models\.vae\.posteriors\.shape' is \[9,4\]: expected float32 \[10, 4\]/);
    rejects((m) => {
      m.models.vae.ellipses.bytes = 95;
    }, /'models\.vae\.ellipses\.bytes' is 95: expected 96 for float32 \[2, 3, 4\]/);
    rejects((m) => {
      m.models.geometric.epochs = 3;
    }, /'models\.geometric\.curves' is "2 entries": expected 3, one per epoch/);
    rejects((m) => {
      m.models.vae.layers = [784, 128, 128, 50];
    }, /'models\.vae\.layers' is \[784,128,128,50\]: expected \[784, \.\.\., 2\]/);
    rejects((m) => {
      m.data.digits.shape = [11, 784];
      m.data.digits.bytes = 1078;
    }, /'data\.digits\.shape' is \[11,784\]: expected bits \[n <= 10, 784\]/);
  });

  it('accepts only relative paths that stay under /models/', () => {
    for (const path of ['../secret.bin', 'https://example.com/x.onnx', '/abs/x.onnx', 'vae/../../x']) {
      rejects((m) => {
        m.models.vae.decoder.path = path;
      }, /'models\.vae\.decoder\.path' .* expected a relative path under \/models\//);
    }
  });
});
