/**
 * `/models/avb/`: AVB's toy problem for section 11, written by `pnpm --filter site avb-models`
 * (scripts/avb-models.ts), read here with every value checked. `avb-toy.json` holds, per model
 * (`vae`, `avb`, `avb-ac`), its exact log-likelihoods by quadrature, the Gaussian-fit scores of its
 * encoder's samples, the VAE's (mu, sigma), the static samples and its two ONNX files (path, bytes,
 * CRC-32). The ONNX encoders are what the page samples live through @ellipse/sdk.
 */
import { crc32 } from '../data/crc32.ts';
import type { FetchBytes } from '../data/model-data.ts';
import { ModelDataError, parseJsonFile } from '../data/model-data-error.ts';

export const AVB_MODEL_NAMES = ['vae', 'avb', 'avb-ac'] as const;
export type AvbModelName = (typeof AVB_MODEL_NAMES)[number];
export const AVB_TOY_FILE = 'avb-toy.json';
export const AVB_LAYOUT_VERSION = 1;
/** The four one-hot inputs of the toy problem. */
export const AVB_INPUTS = 4;
const REBUILD = "rebuild them with 'pnpm --filter site avb-models'";

export interface AvbFile {
  /** Under /models/avb/. */
  readonly path: string;
  readonly bytes: number;
  readonly crc32: number;
}

/** q(z|x) = N(mu, diag sigma^2) of one input (the Gaussian VAE's). */
export interface AvbPosterior {
  readonly mu: readonly [number, number];
  readonly sigma: readonly [number, number];
}

export interface AvbToyModel {
  readonly title: string;
  /** The trainer's --objective. */
  readonly objective: AvbModelName;
  /** log p(x) of each of the four inputs by quadrature over the latent plane, nats. */
  readonly logLikelihoods: readonly number[];
  readonly meanLogLikelihood: number;
  /** Mardia's kurtosis z-score of `fitSamples` encoder samples per input (~N(0, 1) for a Gaussian q). */
  readonly kurtosisZ: readonly number[];
  readonly fitSamples: number;
  readonly trainSeconds: number;
  /** The VAE's q(z|x) per input; null for the implicit (AVB) encoders, which have no mu and sigma. */
  readonly posteriors: readonly AvbPosterior[] | null;
  /** Per input, `samples.count` draws z ~ q(z|x) interleaved [z1, z2, ...] (SDK, seed inputSeed(`samples.seed`, i), avb-settings.ts). */
  readonly samples: readonly (readonly number[])[];
  readonly decoder: AvbFile;
  readonly encoder: AvbFile;
}

export interface AvbToyData {
  readonly version: number;
  /** The ONNX format version of the files (@ellipse/format). */
  readonly formatVersion: number;
  readonly command: string;
  readonly created: string;
  /** log 1/4: the best any model can do (four equally likely inputs). */
  readonly bestLogLikelihood: number;
  readonly training: {
    readonly steps: number;
    readonly learningRate: number;
    readonly seed: number;
    readonly backend: string;
  };
  readonly quadrature: { readonly extent: number; readonly steps: number };
  /** The static samples: `count` per input from the SDK with this seed (the page's default). */
  readonly samples: { readonly seed: number; readonly count: number };
  readonly models: Readonly<Record<AvbModelName, AvbToyModel>>;
}

type Json = Record<string, unknown>;

/** Checks the parsed avb-toy.json field by field; throws ModelDataError naming the field and value. */
export function parseAvbToy(raw: unknown): AvbToyData {
  const fail = (field: string, value: unknown, expected: string): never => {
    throw new ModelDataError(
      AVB_TOY_FILE,
      `${field} is ${JSON.stringify(value)?.slice(0, 80)}: expected ${expected}`,
      REBUILD,
    );
  };
  const record = (value: unknown, field: string): Json =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Json)
      : fail(field, value, 'an object');
  const finite = (value: unknown, field: string): number =>
    typeof value === 'number' && Number.isFinite(value) ? value : fail(field, value, 'a finite number');
  const positiveInteger = (value: unknown, field: string): number =>
    Number.isInteger(value) && (value as number) > 0
      ? (value as number)
      : fail(field, value, 'an integer > 0');
  const text = (value: unknown, field: string): string =>
    typeof value === 'string' && value !== '' ? value : fail(field, value, 'a non-empty string');
  const numbers = (value: unknown, field: string, length: number): number[] => {
    if (!Array.isArray(value) || value.length !== length) return fail(field, value, `${length} numbers`);
    return value.map((v, i) => finite(v, `${field}[${i}]`));
  };
  const file = (value: unknown, field: string): AvbFile => {
    const f = record(value, field);
    return {
      path: text(f.path, `${field}.path`),
      bytes: positiveInteger(f.bytes, `${field}.bytes`),
      crc32: Number.isInteger(f.crc32) ? (f.crc32 as number) : fail(`${field}.crc32`, f.crc32, 'an integer'),
    };
  };

  const top = record(raw, 'the file');
  if (top.version !== AVB_LAYOUT_VERSION) fail('version', top.version, String(AVB_LAYOUT_VERSION));
  const samples = record(top.samples, 'samples');
  const count = positiveInteger(samples.count, 'samples.count');
  const training = record(top.training, 'training');
  const quadrature = record(top.quadrature, 'quadrature');
  const modelsRaw = record(top.models, 'models');
  const models = Object.fromEntries(
    AVB_MODEL_NAMES.map((name) => {
      const field = `models.${name}`;
      const m = record(modelsRaw[name], field);
      if (m.objective !== name) fail(`${field}.objective`, m.objective, `'${name}'`);
      const posteriors =
        m.posteriors === null
          ? null
          : Array.from({ length: AVB_INPUTS }, (_, i) => {
              const p = record((m.posteriors as unknown[] | undefined)?.[i], `${field}.posteriors[${i}]`);
              const [s1, s2] = numbers(p.sigma, `${field}.posteriors[${i}].sigma`, 2);
              if (!((s1 as number) > 0 && (s2 as number) > 0)) {
                fail(`${field}.posteriors[${i}].sigma`, p.sigma, 'two positive numbers');
              }
              return {
                mu: numbers(p.mu, `${field}.posteriors[${i}].mu`, 2) as [number, number],
                sigma: [s1, s2] as [number, number],
              };
            });
      if (!Array.isArray(m.samples) || m.samples.length !== AVB_INPUTS) {
        fail(`${field}.samples`, m.samples, `${AVB_INPUTS} arrays (one per input)`);
      }
      const model: AvbToyModel = {
        title: text(m.title, `${field}.title`),
        objective: name,
        logLikelihoods: numbers(m.logLikelihoods, `${field}.logLikelihoods`, AVB_INPUTS),
        meanLogLikelihood: finite(m.meanLogLikelihood, `${field}.meanLogLikelihood`),
        kurtosisZ: numbers(m.kurtosisZ, `${field}.kurtosisZ`, AVB_INPUTS),
        fitSamples: positiveInteger(m.fitSamples, `${field}.fitSamples`),
        trainSeconds: finite(m.trainSeconds, `${field}.trainSeconds`),
        posteriors,
        samples: (m.samples as unknown[]).map((s, i) => numbers(s, `${field}.samples[${i}]`, 2 * count)),
        decoder: file(m.decoder, `${field}.decoder`),
        encoder: file(m.encoder, `${field}.encoder`),
      };
      return [name, model];
    }),
  ) as Record<AvbModelName, AvbToyModel>;
  return {
    version: AVB_LAYOUT_VERSION,
    formatVersion: positiveInteger(top.formatVersion, 'formatVersion'),
    command: text(top.command, 'command'),
    created: text(top.created, 'created'),
    bestLogLikelihood: finite(top.bestLogLikelihood, 'bestLogLikelihood'),
    training: {
      steps: positiveInteger(training.steps, 'training.steps'),
      learningRate: finite(training.learningRate, 'training.learningRate'),
      seed: finite(training.seed, 'training.seed'),
      backend: text(training.backend, 'training.backend'),
    },
    quadrature: {
      extent: finite(quadrature.extent, 'quadrature.extent'),
      steps: positiveInteger(quadrature.steps, 'quadrature.steps'),
    },
    samples: { seed: finite(samples.seed, 'samples.seed'), count },
    models,
  };
}

export interface AvbToy {
  readonly data: AvbToyData;
  /** The checked bytes (length and CRC-32 against avb-toy.json) of a model's ONNX file. */
  onnx(name: AvbModelName, role: 'decoder' | 'encoder'): Promise<Uint8Array>;
}

/** Reads and checks avb-toy.json through `fetchBytes` (relative to /models/avb/). */
export async function openAvbToy(fetchBytes: FetchBytes): Promise<AvbToy> {
  const data = parseAvbToy(parseJsonFile(await fetchBytes(AVB_TOY_FILE), AVB_TOY_FILE, REBUILD));
  return {
    data,
    async onnx(name, role) {
      const entry = data.models[name][role];
      const file = await fetchBytes(entry.path);
      if (file.length !== entry.bytes || crc32(file) !== entry.crc32) {
        throw new ModelDataError(
          entry.path,
          `has ${file.length} bytes with CRC-32 ${crc32(file)}, but ${AVB_TOY_FILE} lists ${entry.bytes} bytes with CRC-32 ${entry.crc32}`,
          REBUILD,
        );
      }
      return file;
    },
  };
}
