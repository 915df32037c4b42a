import type { ObjectiveName, Vae } from '@ellipse/core';
import { writeFileAtomic } from '../atomic-write.ts';
import { encodeDecoderOnnx, encodeEncoderOnnx, vaeMetadata } from '../export/onnx.ts';
import type { RunPaths } from '../run-directory.ts';

/** Writes decoder.onnx and encoder.onnx (with Ellipse metadata) into the run directory. */
export async function exportModels({
  vae,
  paths,
  dataset,
  preset,
  objective,
  metrics,
  producer,
}: {
  vae: Vae;
  paths: RunPaths;
  dataset: string;
  preset: string;
  objective: ObjectiveName;
  metrics: Readonly<Record<string, number>>;
  producer: string;
}): Promise<string[]> {
  const metadata = vaeMetadata({ vae, dataset, preset, objective, metrics, producer });
  await writeFileAtomic(paths.decoderOnnx, await encodeDecoderOnnx({ vae, metadata }));
  await writeFileAtomic(paths.encoderOnnx, await encodeEncoderOnnx({ vae, metadata }));
  return [paths.decoderOnnx, paths.encoderOnnx];
}
