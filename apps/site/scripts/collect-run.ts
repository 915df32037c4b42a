import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FORMAT_VERSION } from '@ellipse/format';
import { loadModel } from '@ellipse/sdk';
import type { Dataset } from 'trainer/run-test-set';
import { crc32 } from '../src/data/crc32.ts';
import type { EpochCurve, OnnxFile, SiteModel, SiteModelMetrics, TrainedRun } from '../src/data/manifest.ts';
import { encodeTable } from '../src/data/table-file.ts';
import type { SiteModelSpec } from './site-model-specs.ts';

/** A file for /models/: its path there and its bytes. */
export interface OutputFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

/** The first test digits whose per-epoch ellipses the trainer writes (artifacts.ts). */
export const ELLIPSE_DIGITS = 1000;

/** Largest |difference| allowed between the trainer's (tfjs) and ONNX Runtime's encoder outputs. */
const RUNTIME_TOLERANCE = 1e-3;

interface RunJson {
  readonly options: { epochs: number; batchSize: number; learningRate: number; seed: number; preset: string };
  readonly config: {
    inputSize: number;
    hiddenSizes: number[];
    latentSize: number;
    likelihood: 'bernoulli' | 'gaussian';
  };
  readonly backend: { name: string; device: { description: string } };
}

const readJson = async <T>(path: string): Promise<T> => JSON.parse(await readFile(path, 'utf8')) as T;

/** (mu, sigma) rows [N, 4] of q(z|x) for every row of x [N, D], by the exported encoder on ONNX Runtime (wasm). */
async function encodeWithSdk(runDir: string, test: Dataset): Promise<Float32Array> {
  const model = await loadModel(join(runDir, 'decoder.onnx'), {
    backend: 'wasm',
    encoder: join(runDir, 'encoder.onnx'),
  });
  try {
    if (
      model.info.formatVersion !== FORMAT_VERSION ||
      model.info.encoderMetadata?.formatVersion !== FORMAT_VERSION
    ) {
      throw new Error(
        `${runDir}: the exported models carry format version ${model.info.formatVersion}, ` +
          `@ellipse/format is at ${FORMAT_VERSION}: the trainer and the format package disagree`,
      );
    }
    const { mu, sigma } = await model.encode(test.values);
    const rows = new Float32Array(test.count * 4);
    for (let i = 0; i < test.count; i++) {
      rows.set([mu.data[2 * i] as number, mu.data[2 * i + 1] as number], 4 * i);
      rows.set([sigma.data[2 * i] as number, sigma.data[2 * i + 1] as number], 4 * i + 2);
    }
    return rows;
  } finally {
    await model.dispose();
  }
}

/** The trainer's per-epoch ellipses (artifacts/ellipses-epoch-NNN.json) as rows [epochs, digits, 4]. */
async function readEllipses(runDir: string, epochs: number): Promise<Float32Array> {
  const out = new Float32Array(epochs * ELLIPSE_DIGITS * 4);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const file = join(runDir, 'artifacts', `ellipses-epoch-${String(epoch).padStart(3, '0')}.json`);
    const { ellipses } = await readJson<{ ellipses: { mu: number[]; sigma: number[] }[] }>(file);
    if (ellipses.length !== ELLIPSE_DIGITS) {
      throw new Error(`${file} has ${ellipses.length} ellipses, expected ${ELLIPSE_DIGITS}`);
    }
    ellipses.forEach(({ mu, sigma }, i) => {
      out.set([...mu, ...sigma], ((epoch - 1) * ELLIPSE_DIGITS + i) * 4);
    });
  }
  return out;
}

/** Fails unless two runtimes' posteriors agree: the trainer's last-epoch ellipses and the SDK's encoder. */
function checkRuntimesAgree(runDir: string, lastEpoch: Float32Array, posteriors: Float32Array): void {
  let worst = 0;
  for (let i = 0; i < lastEpoch.length; i++) {
    worst = Math.max(worst, Math.abs((lastEpoch[i] as number) - (posteriors[i] as number)));
  }
  if (!(worst <= RUNTIME_TOLERANCE)) {
    throw new Error(
      `${runDir}: the exported encoder (ONNX Runtime) and the trainer (tfjs) disagree on the first ` +
        `${ELLIPSE_DIGITS} test digits by up to ${worst} (tolerance ${RUNTIME_TOLERANCE})`,
    );
  }
}

/** How a run directory's model was trained and how it scored (run.json, metrics.jsonl, evaluation.json). */
async function readTrainedRun({
  runDir,
  trainerArgs,
  trainSeconds,
}: {
  runDir: string;
  trainerArgs: readonly string[];
  trainSeconds: number;
}): Promise<TrainedRun> {
  const { config, options, backend } = await readJson<RunJson>(join(runDir, 'run.json'));
  const evaluation = await readJson<SiteModelMetrics>(join(runDir, 'evaluation.json'));
  const metricsLines = (await readFile(join(runDir, 'metrics.jsonl'), 'utf8')).trim().split('\n');
  return {
    preset: options.preset,
    layers: [config.inputSize, ...config.hiddenSizes, config.latentSize],
    likelihood: config.likelihood,
    epochs: options.epochs,
    batchSize: options.batchSize,
    learningRate: options.learningRate,
    seed: options.seed,
    trainerArgs: [...trainerArgs],
    backend: `${backend.name} on ${backend.device.description}`,
    trainSeconds,
    metrics: {
      testElbo: evaluation.testElbo,
      testReconstruction: evaluation.testReconstruction,
      testKl: evaluation.testKl,
      testNll: evaluation.testNll,
      importanceSamples: evaluation.importanceSamples,
      nllImages: evaluation.nllImages,
      activeUnits: evaluation.activeUnits,
    },
    curves: metricsLines.map((line) => {
      const m = JSON.parse(line) as EpochCurve;
      return {
        epoch: m.epoch,
        trainLoss: m.trainLoss,
        trainReconstruction: m.trainReconstruction,
        trainKl: m.trainKl,
        testElbo: m.testElbo,
        testReconstruction: m.testReconstruction,
        testKl: m.testKl,
        seconds: m.seconds,
      };
    }),
  };
}

/**
 * One trained run directory -> the model's manifest entry and its files under `<name>/`:
 * decoder.onnx, encoder.onnx, posteriors.bin (every test digit, by the exported encoder) and
 * ellipses.bin (the trainer's per-epoch ellipses).
 */
export async function collectRun({
  spec,
  runDir,
  test,
  trainerArgs,
  trainSeconds,
}: {
  spec: SiteModelSpec;
  runDir: string;
  test: Dataset;
  trainerArgs: readonly string[];
  trainSeconds: number;
}): Promise<{ model: SiteModel; files: OutputFile[] }> {
  const trained = await readTrainedRun({ runDir, trainerArgs, trainSeconds });
  const { epochs } = trained;
  const ellipseRows = await readEllipses(runDir, epochs);
  const posteriorRows = await encodeWithSdk(runDir, test);
  checkRuntimesAgree(runDir, ellipseRows.subarray((epochs - 1) * ELLIPSE_DIGITS * 4), posteriorRows);

  const dir = spec.name;
  const posteriors = encodeTable({
    path: `${dir}/posteriors.bin`,
    dtype: 'float32',
    shape: [test.count, 4],
    values: posteriorRows,
  });
  const ellipses = encodeTable({
    path: `${dir}/ellipses.bin`,
    dtype: 'float32',
    shape: [epochs, ELLIPSE_DIGITS, 4],
    values: ellipseRows,
  });
  const onnx = async (role: 'decoder' | 'encoder'): Promise<{ file: OnnxFile; out: OutputFile }> => {
    const bytes = new Uint8Array(await readFile(join(runDir, `${role}.onnx`)));
    const path = `${dir}/${role}.onnx`;
    return { file: { path, bytes: bytes.length, crc32: crc32(bytes) }, out: { path, bytes } };
  };
  const decoder = await onnx('decoder');
  const encoder = await onnx('encoder');
  return {
    model: {
      name: spec.name,
      title: spec.title,
      objective: spec.objective,
      ...trained,
      decoder: decoder.file,
      encoder: encoder.file,
      posteriors: posteriors.file,
      ellipses: ellipses.file,
    },
    files: [
      decoder.out,
      encoder.out,
      { path: posteriors.file.path, bytes: posteriors.bytes },
      { path: ellipses.file.path, bytes: ellipses.bytes },
    ],
  };
}
