/**
 * The @ellipse/format metadata an exported model carries, derived from the VAE, and the check that
 * metadata given by a caller agrees with the model it describes.
 */
import type { ObjectiveName, Vae } from '@ellipse/core';
import { FORMAT_VERSION, type ModelMetadata, type ModelRole } from '@ellipse/format';

/** Metadata as the caller gives it: the exporter fills in role and formatVersion. */
export type ExportMetadata = Omit<ModelMetadata, 'role' | 'formatVersion'>;

/** The exported model would not match what its metadata or the format promises. */
export class ExportError extends Error {
  override readonly name = 'ExportError';
}

/**
 * Metadata for `vae` from what the model knows, plus the run's dataset, preset, objective (default
 * 'vae'), metrics and producer.
 */
export function vaeMetadata({
  vae,
  dataset,
  preset,
  objective = 'vae',
  metrics = {},
  producer,
}: {
  vae: Vae;
  dataset: string;
  preset: string;
  objective?: ObjectiveName;
  metrics?: Readonly<Record<string, number>>;
  producer: string;
}): ExportMetadata {
  const { config } = vae;
  return {
    latentSize: config.latentSize,
    dataSize: config.inputSize,
    imageShape: config.imageShape === null ? null : [config.imageShape[0], config.imageShape[1], 1],
    likelihood: config.likelihood,
    dataset,
    preset,
    objective,
    metrics,
    producer,
  };
}

/** The full metadata for `role`; throws ExportError if `metadata` disagrees with `vae`'s config. */
export function roleMetadata(vae: Vae, metadata: ExportMetadata, role: ModelRole): ModelMetadata {
  const { config } = vae;
  const expected = {
    latentSize: config.latentSize,
    dataSize: config.inputSize,
    likelihood: config.likelihood,
  };
  for (const [field, value] of Object.entries(expected)) {
    const given = metadata[field as keyof typeof expected];
    if (given !== value) {
      throw new ExportError(
        `metadata.${field} is ${JSON.stringify(given)} but the model has ${JSON.stringify(value)}: ` +
          'build the metadata from the model (vaeMetadata) rather than by hand',
      );
    }
  }
  return { ...metadata, role, formatVersion: FORMAT_VERSION };
}
