import { describe, expect, it } from 'vitest';
import {
  decodeMetadata,
  encodeMetadata,
  FORMAT_VERSION,
  METADATA_KEY,
  ModelFormatError,
  type ModelMetadata,
} from './index.ts';

const metadata: ModelMetadata = {
  formatVersion: FORMAT_VERSION,
  role: 'decoder',
  latentSize: 2,
  imageShape: [28, 28, 1],
  dataSize: 784,
  likelihood: 'bernoulli',
  dataset: 'mnist',
  preset: 'mnist2d',
  objective: 'ae',
  metrics: { testElbo: -140.5 },
  producer: 'test',
};

describe('metadata', () => {
  it('round-trips through ONNX string properties', () => {
    expect(decodeMetadata(encodeMetadata(metadata))).toEqual(metadata);
  });

  it("reads a file written before the objective field as 'vae', and rejects a malformed objective", () => {
    const { objective: _objective, ...older } = metadata;
    expect(decodeMetadata({ [METADATA_KEY]: JSON.stringify(older) }).objective).toBe('vae');
    const bad = { [METADATA_KEY]: JSON.stringify({ ...metadata, objective: 3 }) };
    expect(() => decodeMetadata(bad)).toThrow(/metadata field 'objective' is 3: expected a non-empty string/);
  });

  it('rejects a model without our metadata, naming the keys it found', () => {
    expect(() => decodeMetadata({ producer: 'pytorch' })).toThrow(
      /no 'ellipse.metadata'.*found keys: producer/,
    );
  });

  it('rejects a newer format version and says to upgrade', () => {
    const newer = encodeMetadata({ ...metadata, formatVersion: FORMAT_VERSION + 1 });
    expect(() => decodeMetadata(newer)).toThrow(new RegExp(`format version ${FORMAT_VERSION + 1}.*upgrade`));
  });

  it('rejects an image shape that does not match the data size', () => {
    const bad = encodeMetadata({ ...metadata, imageShape: [28, 27, 1] });
    expect(() => decodeMetadata(bad)).toThrow(ModelFormatError);
    expect(() => decodeMetadata({ [METADATA_KEY]: '{not json' })).toThrow(/not valid JSON/);
  });
});
