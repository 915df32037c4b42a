/**
 * Trains AVB's toy problem with the trainer's own experiment (apps/trainer, experiments/avb-toy.ts:
 * four one-hot inputs in R^4, a 2-D latent) for the Gaussian VAE, AVB and AVB with adaptive contrast,
 * exports each model as the trainer exports a run (decoder.onnx, and encoder.onnx: Gaussian for the
 * VAE, the implicit x, eps -> z for AVB), draws the static samples through @ellipse/sdk exactly as the
 * page will, and writes public/models/avb/ (layout in src/figures/avb-data.ts) in one swap.
 */
import { FORMAT_VERSION } from '@ellipse/format';
import { loadModel } from '@ellipse/sdk';
import * as tf from '@tensorflow/tfjs-core';
import { type ToyModelResult, type ToyTrained, trainToyAvb, trainToyVae } from 'trainer/avb-toy';
import { initBackend } from 'trainer/backend';
import { encodeDecoderOnnx, encodeEncoderOnnx, encodeImplicitEncoderOnnx, vaeMetadata } from 'trainer/onnx';
import { crc32 } from '../src/data/crc32.ts';
import {
  AVB_INPUTS,
  AVB_LAYOUT_VERSION,
  AVB_TOY_FILE,
  type AvbFile,
  type AvbModelName,
  type AvbPosterior,
  type AvbToyData,
  type AvbToyModel,
  parseAvbToy,
} from '../src/figures/avb-data.ts';
import { inputSeed, oneHot } from '../src/figures/avb-settings.ts';
import type { OutputFile } from './collect-run.ts';
import { writeModelsDir } from './write-models-dir.ts';

export interface AvbModelsOptions {
  /** Adam steps per model (each AVB step updates the discriminator, then the encoder and decoder). */
  readonly steps: number;
  readonly learningRate: number;
  readonly seed: number;
  /** The trainer's --backend for the training (tfjs: wasm, cpu, webgpu, auto). */
  readonly backend: string;
  /** Static samples per input, drawn by the SDK with `sampleSeed` (the page's default seed). */
  readonly samples: number;
  readonly sampleSeed: number;
  /** public/models/avb */
  readonly out: string;
  /** The command line, recorded in avb-toy.json. */
  readonly command: string;
  readonly log: (line: string) => void;
}

const TITLES: Readonly<Record<AvbModelName, string>> = {
  vae: 'Gaussian VAE',
  avb: 'AVB',
  'avb-ac': 'AVB with adaptive contrast',
};

interface Exported {
  readonly result: ToyModelResult;
  readonly decoder: Uint8Array;
  readonly encoder: Uint8Array;
  readonly posteriors: AvbPosterior[] | null;
}

/** Trains one model with the trainer's experiment and exports it while it is alive. */
async function trainAndExport(name: AvbModelName, options: AvbModelsOptions): Promise<Exported> {
  let exported: Omit<Exported, 'result'> | null = null;
  const budget = {
    steps: options.steps,
    learningRate: options.learningRate,
    seed: options.seed,
    onTrained: async ({ vae, avb }: ToyTrained) => {
      const metadata = vaeMetadata({
        vae,
        dataset: 'avb-toy',
        preset: 'avb-toy',
        objective: name,
        producer: `site avb-models (${options.command})`,
      });
      let posteriors: AvbPosterior[] | null = null;
      if (avb === null) {
        const [mu, sigma] = tf.tidy(() => {
          const q = vae.encode(tf.eye(AVB_INPUTS) as tf.Tensor2D); // [4, 2] each
          return [q.mu.arraySync(), tf.exp(tf.mul(q.logVar, 0.5)).arraySync()] as number[][][];
        });
        posteriors = (mu as number[][]).map((m, i) => ({
          mu: m as [number, number],
          sigma: (sigma as number[][])[i] as [number, number],
        }));
      }
      exported = {
        decoder: await encodeDecoderOnnx({ vae, metadata }),
        encoder:
          avb === null
            ? await encodeEncoderOnnx({ vae, metadata })
            : await encodeImplicitEncoderOnnx({ avb, metadata }),
        posteriors,
      };
    },
  };
  const result = name === 'vae' ? await trainToyVae(budget) : await trainToyAvb(budget, name === 'avb-ac');
  if (exported === null) throw new Error(`the trainer did not hand over the trained ${name} model`);
  return { result, ...(exported as Omit<Exported, 'result'>) };
}

/** Per input, `count` samples z ~ q(z|x) through the SDK, as the page draws them, interleaved [z1, z2, ...]. */
async function sdkSamples(exported: Exported, count: number, seed: number): Promise<number[][]> {
  const model = await loadModel(exported.decoder, { backend: 'wasm', encoder: exported.encoder });
  try {
    const out: number[][] = [];
    for (let i = 0; i < AVB_INPUTS; i += 1) {
      const { z } = await model.encodeSamples(oneHot(i), count, { seed: inputSeed(seed, i) });
      out.push(Array.from(z.data, (v) => Math.round(v * 1000) / 1000)); // 1e-3 latent units: < 0.1 px
    }
    return out;
  } finally {
    await model.dispose();
  }
}

function fileEntry(path: string, bytes: Uint8Array): AvbFile {
  return { path, bytes: bytes.length, crc32: crc32(bytes) };
}

export async function buildAvbModels(options: AvbModelsOptions): Promise<AvbToyData> {
  const backend = await initBackend(options.backend);
  options.log(`avb-models: training on tfjs ${backend.name}: ${backend.reason}`);
  const files: OutputFile[] = [];
  const models: Partial<Record<AvbModelName, AvbToyModel>> = {};
  for (const name of ['vae', 'avb', 'avb-ac'] as const) {
    options.log(`avb-models: training ${name}, ${options.steps} steps`);
    const exported = await trainAndExport(name, options);
    const { result } = exported;
    options.log(
      `avb-models: ${name}: log p(x) ${result.meanLogLikelihood.toFixed(4)} (best log 1/4 = ${Math.log(0.25).toFixed(4)}), ` +
        `kurtosis z ${result.kurtosisZ.map((z) => z.toFixed(1)).join(', ')}, ${result.seconds.toFixed(0)} s`,
    );
    const decoderPath = `${name}/decoder.onnx`;
    const encoderPath = `${name}/encoder.onnx`;
    files.push(
      { path: decoderPath, bytes: exported.decoder },
      { path: encoderPath, bytes: exported.encoder },
    );
    models[name] = {
      title: TITLES[name],
      objective: name,
      logLikelihoods: result.logLikelihoods,
      meanLogLikelihood: result.meanLogLikelihood,
      kurtosisZ: result.kurtosisZ,
      fitSamples: result.samples[0]?.length ?? 0,
      trainSeconds: result.seconds,
      posteriors: exported.posteriors,
      samples: await sdkSamples(exported, options.samples, options.sampleSeed),
      decoder: fileEntry(decoderPath, exported.decoder),
      encoder: fileEntry(encoderPath, exported.encoder),
    };
  }
  const data: AvbToyData = {
    version: AVB_LAYOUT_VERSION,
    formatVersion: FORMAT_VERSION,
    command: options.command,
    created: new Date().toISOString(),
    bestLogLikelihood: Math.log(1 / 4),
    training: {
      steps: options.steps,
      learningRate: options.learningRate,
      seed: options.seed,
      backend: `tfjs ${backend.name}`,
    },
    // latent-quadrature.ts's defaults, which the trainer's experiment uses
    quadrature: { extent: 6, steps: 301 },
    samples: { seed: options.sampleSeed, count: options.samples },
    models: models as Record<AvbModelName, AvbToyModel>,
  };
  const json = new TextEncoder().encode(`${JSON.stringify(data)}\n`);
  parseAvbToy(JSON.parse(new TextDecoder().decode(json))); // what the page will read, checked now
  files.push({ path: AVB_TOY_FILE, bytes: json });
  await writeModelsDir(options.out, files);
  const total = files.reduce((sum, f) => sum + f.bytes.length, 0);
  options.log(`avb-models: wrote ${files.length} files, ${(total / 1024).toFixed(0)} KB, to ${options.out}`);
  return data;
}
