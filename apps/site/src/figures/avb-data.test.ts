// @vitest-environment node
// The shipped /models/avb/ (written by `pnpm --filter site avb-models`) through the checking loader,
// run by the real SDK (onnxruntime-web's WASM build in Node); and damaged copies, which it refuses.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { FORMAT_VERSION } from '@ellipse/format';
import { loadModel } from '@ellipse/sdk';
import { describe, expect, it } from 'vitest';
import { fetchFromDirectory } from '../data/fetch-from-directory.ts';
import { ModelDataError } from '../data/model-data-error.ts';
import { AVB_MODEL_NAMES, AVB_TOY_FILE, openAvbToy, parseAvbToy } from './avb-data.ts';

const AVB = fileURLToPath(new URL('../../public/models/avb/', import.meta.url));
const shipped = async () => JSON.parse(await readFile(`${AVB}${AVB_TOY_FILE}`, 'utf8'));

describe('the shipped AVB toy models', () => {
  it('parse, carry the current format version, and load in the SDK with the roles the page expects', async () => {
    const toy = await openAvbToy(fetchFromDirectory(AVB));
    expect(toy.data.formatVersion).toBe(FORMAT_VERSION);
    expect(toy.data.bestLogLikelihood).toBeCloseTo(Math.log(1 / 4), 12);
    for (const name of AVB_MODEL_NAMES) {
      const entry = toy.data.models[name];
      // No model beats the truth (quadrature is exact up to its grid).
      expect(entry.meanLogLikelihood).toBeLessThanOrEqual(toy.data.bestLogLikelihood + 1e-3);
      const model = await loadModel(await toy.onnx(name, 'decoder'), {
        backend: 'wasm',
        encoder: await toy.onnx(name, 'encoder'),
      });
      expect(model.info.encoderMetadata).toMatchObject({
        objective: name,
        role: name === 'vae' ? 'encoder' : 'implicit-encoder',
        formatVersion: FORMAT_VERSION,
      });
      await model.dispose();
    }
    expect(toy.data.models.vae.posteriors).toHaveLength(4);
    expect(toy.data.models.avb.posteriors).toBeNull();
  });

  it('refuses a damaged file, naming the field and the value', async () => {
    const good = await shipped();
    const broken = (patch: (json: typeof good) => void) => {
      const copy = structuredClone(good);
      patch(copy);
      return () => parseAvbToy(copy);
    };
    expect(broken((j) => (j.version = 2))).toThrow(/version is 2: expected 1/);
    expect(broken((j) => (j.models.avb.logLikelihoods = [1, 2]))).toThrow(
      /models\.avb\.logLikelihoods is \[1,2\]: expected 4 numbers/,
    );
    expect(broken((j) => (j.models.vae.posteriors[1].sigma = [0, 1]))).toThrow(
      /models\.vae\.posteriors\[1\]\.sigma is \[0,1\]: expected two positive numbers/,
    );
    expect(broken((j) => (j.models['avb-ac'].samples[0][3] = 'x'))).toThrow(
      /models\.avb-ac\.samples\[0\]\[3\] is "x": expected a finite number/,
    );
    expect(broken((j) => delete j.models.vae)).toThrow(ModelDataError);
  });

  it('refuses ONNX bytes that do not match their listed size and CRC-32', async () => {
    const toy = await openAvbToy(async (path) => {
      const bytes = await fetchFromDirectory(AVB)(path);
      if (path.endsWith('.onnx')) bytes[bytes.length - 1] = (bytes.at(-1) as number) ^ 1; // one flipped bit
      return bytes;
    });
    await expect(toy.onnx('avb', 'encoder')).rejects.toThrow(/avb\/encoder\.onnx: has \d+ bytes with CRC-32/);
  });
});
