// @vitest-environment node
// The models the site ships (public/models/), read through the checked loader and run by the real
// SDK (onnxruntime-web's WASM build in Node); and damaged copies of them, which the loader refuses.
import { cp, mkdtemp, readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FORMAT_VERSION } from '@ellipse/format';
import { loadModel } from '@ellipse/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { fetchFromDirectory } from './fetch-from-directory.ts';
import { SITE_MODEL_NAMES, type SiteModelName } from './manifest.ts';
import { type ModelData, openModelData } from './model-data.ts';
import { ModelDataError } from './model-data-error.ts';

const MODELS = fileURLToPath(new URL('../../public/models/', import.meta.url));

/** Every file under `dir`, recursively. */
async function files(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('the shipped models', () => {
  let data: ModelData;
  let names: SiteModelName[];
  beforeAll(async () => {
    data = await openModelData({ fetchBytes: fetchFromDirectory(MODELS) });
    names = SITE_MODEL_NAMES.filter((name) => data.manifest.models[name] !== undefined);
  });

  it("carry the exporter's current format version and their objective, in the manifest and inside every ONNX file", async () => {
    expect(data.manifest.formatVersion).toBe(FORMAT_VERSION);
    expect(names).toEqual(['vae', 'geometric', 'ae']);
    for (const name of names) {
      const entry = data.manifest.models[name];
      const [decoder, encoder] = [await data.onnx(name, 'decoder'), await data.onnx(name, 'encoder')];
      const model = await loadModel(decoder, { backend: 'wasm', encoder });
      expect(model.info.formatVersion).toBe(FORMAT_VERSION);
      expect(model.info.encoderMetadata?.formatVersion).toBe(FORMAT_VERSION);
      // The objective the site names the model by, written by the exporter into both files (a file
      // from before --objective has none, which the format reads as 'vae': so look at the raw JSON too).
      expect(entry?.objective).toBe(name);
      expect(entry?.trainerArgs).toEqual(expect.arrayContaining(['--objective', name]));
      expect(model.info.metadata.objective).toBe(name);
      expect(model.info.encoderMetadata?.objective).toBe(name);
      for (const bytes of [decoder, encoder]) {
        expect(Buffer.from(bytes).toString('latin1')).toContain(`"objective":"${name}"`);
      }
      expect(model.info.metadata.preset).toBe(entry?.preset);
      expect(model.info.latentSize).toBe(2);
      // The trainer wrote the same evaluation into the ONNX metadata and evaluation.json (no ELBO for ae).
      const elbo = entry?.metrics.testElbo ?? null;
      if (elbo === null) expect(model.info.metadata.metrics.testElbo).toBeUndefined();
      else expect(model.info.metadata.metrics.testElbo).toBeCloseTo(elbo, 6);
      await model.dispose();
    }
  }, 60_000);

  it("agree across runtimes: ONNX Runtime's encoder reproduces the trainer's (tfjs) last ellipses", async () => {
    const digits = Float32Array.from(await data.digits());
    for (const name of names) {
      const entry = data.manifest.models[name];
      if (entry === undefined) continue;
      const model = await loadModel(await data.onnx(name, 'decoder'), {
        backend: 'wasm',
        encoder: await data.onnx(name, 'encoder'),
      });
      const { mu, sigma } = await model.encode(digits);
      await model.dispose();
      const count = digits.length / 784;
      const ellipses = await data.ellipses(name);
      const posteriors = await data.posteriors(name);
      const last = ellipses.subarray((entry.epochs - 1) * count * 4, entry.epochs * count * 4);
      let worstTfjs = 0;
      let worstTable = 0;
      for (let i = 0; i < count; i++) {
        for (let j = 0; j < 2; j++) {
          const m = mu.data[2 * i + j] as number;
          const s = sigma.data[2 * i + j] as number;
          worstTfjs = Math.max(
            worstTfjs,
            Math.abs(m - (last[4 * i + j] as number)),
            Math.abs(s - (last[4 * i + 2 + j] as number)),
          );
          worstTable = Math.max(
            worstTable,
            Math.abs(m - (posteriors[4 * i + j] as number)),
            Math.abs(s - (posteriors[4 * i + 2 + j] as number)),
          );
        }
      }
      expect(worstTfjs).toBeLessThan(1e-3);
      expect(worstTable).toBeLessThan(1e-5);
      // An autoencoder's code is a point (sigma = 0); a VAE's posterior has a positive width.
      const sigmas = posteriors.filter((_, j) => j % 4 >= 2);
      if (entry.objective === 'ae') expect(sigmas.every((s) => s === 0)).toBe(true);
      else expect(sigmas.every((s) => s > 0)).toBe(true);
    }
  }, 60_000);

  it('hold labels 0-9 of every test digit, and stay within the size budget (4.5 MB)', async () => {
    const labels = await data.labels();
    const counts = Array.from({ length: 10 }, (_, d) => labels.filter((l) => l === d).length);
    // MNIST's test set: 980 zeros ... 1009 nines (LeCun et al.), 10,000 in all.
    expect(counts).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    let total = 0;
    for (const file of await files(MODELS)) total += (await stat(file)).size;
    expect(total).toBeLessThan(4.5e6);
  });
});

describe('damaged copies are refused with ModelDataError naming the file', () => {
  /** A fresh copy of public/models to damage. */
  const copy = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'site-models-'));
    await cp(MODELS, dir, { recursive: true });
    return dir;
  };
  const open = (dir: string) => openModelData({ fetchBytes: fetchFromDirectory(dir) });

  it('a truncated table', async () => {
    const dir = await copy();
    await truncate(join(dir, 'vae/posteriors.bin'), 1000);
    const data = await open(dir);
    await expect(data.posteriors('vae')).rejects.toThrow(ModelDataError);
    await expect(data.posteriors('vae')).rejects.toThrow(
      /vae\/posteriors\.bin: has 1000 bytes, the manifest says 160000/,
    );
  });

  it('an ONNX file with one byte changed', async () => {
    const dir = await copy();
    const path = join(dir, 'geometric/decoder.onnx');
    const bytes = await readFile(path);
    bytes[bytes.length >> 1] = (bytes[bytes.length >> 1] as number) ^ 0xff;
    await writeFile(path, bytes);
    const data = await open(dir);
    await expect(data.onnx('geometric', 'decoder')).rejects.toThrow(/geometric\/decoder\.onnx: is damaged/);
    // The other files still read.
    expect((await data.onnx('vae', 'decoder')).length).toBe(data.manifest.models.vae.decoder.bytes);
  });

  it('a missing file, a manifest cut short and a manifest of another layout', async () => {
    const dir = await copy();
    await writeFile(join(dir, 'test-labels.bin'), '');
    await expect((await open(dir)).labels()).rejects.toThrow(/test-labels\.bin: has 0 bytes/);
    const text = await readFile(join(dir, 'manifest.json'), 'utf8');
    await writeFile(join(dir, 'manifest.json'), text.slice(0, text.length / 2));
    await expect(open(dir)).rejects.toThrow(/manifest\.json: is not valid JSON .*pnpm --filter site models/);
    await writeFile(join(dir, 'manifest.json'), text.replace('"version": 1', '"version": 99'));
    await expect(open(dir)).rejects.toThrow(/manifest\.json: 'version' is 99: expected 1/);
    await expect(open(join(dir, 'nowhere'))).rejects.toThrow(
      /manifest\.json: cannot be read from .*nowhere \(ENOENT\)/,
    );
  });
});
