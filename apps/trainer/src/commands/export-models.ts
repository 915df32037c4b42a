import type { ObjectiveName } from '@ellipse/core';
import { writeFileAtomic } from '../atomic-write.ts';
import type { EvaluatedModel } from '../evaluate.ts';
import {
  encodeDecoderOnnx,
  encodeEncoderOnnx,
  encodeImplicitEncoderOnnx,
  vaeMetadata,
} from '../export/onnx.ts';
import type { RunPaths } from '../run-directory.ts';

/**
 * Writes decoder.onnx and encoder.onnx (with Ellipse metadata) into the run directory; for avb / avb-ac
 * encoder.onnx is the implicit encoder x, eps -> z (role 'implicit-encoder').
 */
export async function exportModels({
  model: { vae, avb },
  paths,
  dataset,
  preset,
  objective,
  metrics,
  producer,
}: {
  model: EvaluatedModel;
  paths: RunPaths;
  dataset: string;
  preset: string;
  objective: ObjectiveName;
  metrics: Readonly<Record<string, number>>;
  producer: string;
}): Promise<string[]> {
  const metadata = vaeMetadata({ vae, dataset, preset, objective, metrics, producer });
  await writeFileAtomic(paths.decoderOnnx, await encodeDecoderOnnx({ vae, metadata }));
  await writeFileAtomic(
    paths.encoderOnnx,
    avb === null
      ? await encodeEncoderOnnx({ vae, metadata })
      : await encodeImplicitEncoderOnnx({ avb, metadata }),
  );
  return [paths.decoderOnnx, paths.encoderOnnx];
}
