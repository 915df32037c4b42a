import { ModelDataError } from './model-data-error.ts';
import { TABLE_DTYPES, type TableFile, tableByteLength } from './table-file.ts';

/** Layout version of /models/ (this file's types); bumped on any change an older page would misread. */
export const SITE_DATA_VERSION = 1;

/** Path of the manifest under /models/. */
export const MANIFEST_PATH = 'manifest.json';

/** The site's models: the 2-D VAE, its geometric-regulariser twin and its plain-autoencoder twin. */
export type SiteModelName = 'vae' | 'geometric' | 'ae';
export const SITE_MODEL_NAMES: readonly SiteModelName[] = ['vae', 'geometric', 'ae'];

/**
 * What the model was trained to minimise (per example, nats), named as the trainer's --objective:
 * - `vae`: the negative ELBO, -E_q[log p(x|z)] + KL(q(z|x) || N(0, I));
 * - `geometric`: -E_q[log p(x|z)] + ||mu||^2 + ||sigma - 1||^2 (the ellipse pulled to the unit circle);
 * - `ae`: -log p(x | z = mu(x)), a deterministic code with no regulariser (sigma is 0).
 */
export type SiteObjective = 'vae' | 'geometric' | 'ae';
export const SITE_OBJECTIVES: readonly SiteObjective[] = ['vae', 'geometric', 'ae'];

/** An ONNX file exported by the trainer (its Ellipse metadata, format version included, is inside). */
export interface OnnxFile {
  /** Path under /models/, e.g. 'vae/decoder.onnx'. */
  readonly path: string;
  readonly bytes: number;
  readonly crc32: number;
}

/** One epoch of training, as the trainer's metrics.jsonl records it (nats per example). */
export interface EpochCurve {
  readonly epoch: number;
  /** Mean training loss over the epoch (the objective above, with its regulariser weight). */
  readonly trainLoss: number;
  readonly trainReconstruction: number;
  /** Mean KL(q || p(z)) over the epoch's training batches. */
  readonly trainKl: number;
  /** Mean ELBO of the 10,000 test digits after the epoch (one z sample each); null for `ae` (no q density). */
  readonly testElbo: number | null;
  /** -E_q[log p(x|z)], or -log p(x | mu(x)) for `ae`. */
  readonly testReconstruction: number;
  /** KL(q || p(z)) of the test digits; null for `ae`. */
  readonly testKl: number | null;
  readonly seconds: number;
}

/** The trainer's evaluation at the end of training (evaluation.json). */
export interface SiteModelMetrics {
  /** Mean test ELBO over all 10,000 test digits; null for `ae`. */
  readonly testElbo: number | null;
  /** -E_q[log p(x|z)], or -log p(x | mu(x)) for `ae`. */
  readonly testReconstruction: number;
  /** null for `ae`. */
  readonly testKl: number | null;
  /** -log p(x) by importance sampling (k = importanceSamples) on the first nllImages test digits; null: not run. */
  readonly testNll: number | null;
  readonly importanceSamples: number;
  readonly nllImages: number;
  /** Latent units with Var_x(E_q[z_u]) > 0.01 (of 2). */
  readonly activeUnits: number;
}

/** How a model was trained and how it scored: the trainer's run.json, metrics.jsonl and evaluation.json. */
export interface TrainedRun {
  /** The trainer preset, e.g. 'mnist2d-site'. */
  readonly preset: string;
  /** Widths of the encoder's layers, input to latent, e.g. [784, 128, 128, 2]; the decoder mirrors them. */
  readonly layers: readonly number[];
  readonly likelihood: 'bernoulli' | 'gaussian';
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  readonly seed: number;
  /** The exact arguments given to the trainer's `train` command. */
  readonly trainerArgs: readonly string[];
  /** The tfjs backend that trained it, as the trainer reported it. */
  readonly backend: string;
  /** Wall-clock seconds of the trainer's run (train + evaluation + export). */
  readonly trainSeconds: number;
  readonly metrics: SiteModelMetrics;
  /** One entry per epoch, in order. */
  readonly curves: readonly EpochCurve[];
}

export interface SiteModel extends TrainedRun {
  readonly name: SiteModelName;
  /** A short human title, e.g. 'VAE (KL regulariser)'. */
  readonly title: string;
  readonly objective: SiteObjective;
  /** z [N, 2] -> Bernoulli means [N, 784]. */
  readonly decoder: OnnxFile;
  /** x [N, 784] -> mu, logvar [N, 2]. */
  readonly encoder: OnnxFile;
  /**
   * float32 [10000, 4]: q(z|x) of every test digit after training, rows (mu_1, mu_2, sigma_1, sigma_2),
   * computed by the exported encoder (ONNX Runtime); sigma is 0 for the `ae` model.
   */
  readonly posteriors: TableFile;
  /**
   * float32 [epochs, 1000, 4]: q(z|x) of the first 1000 test digits after each epoch (the trainer's
   * per-epoch ellipses), rows (mu_1, mu_2, sigma_1, sigma_2); [e] is after epoch e + 1.
   */
  readonly ellipses: TableFile;
}

/** The test set the figures use: MNIST's 10,000 test digits, binarised once, as every model saw them. */
export interface SiteTestData {
  readonly dataset: string;
  readonly count: number;
  readonly imageShape: readonly [number, number];
  /** How the grey levels became the bits the models saw (the trainer's evaluation binarisation). */
  readonly binarization: string;
  /** uint8 [10000]: the digit of every test image. */
  readonly labels: TableFile;
  /** bits [1000, 784]: pixels (0 or 1, row-major 28x28) of the first 1000 test digits, those of `ellipses`. */
  readonly digits: TableFile;
}

export interface SiteModelsManifest {
  readonly version: number;
  /** @ellipse/format's FORMAT_VERSION of the ONNX files (also inside each file's metadata). */
  readonly formatVersion: number;
  /** The command that wrote this directory. */
  readonly command: string;
  readonly createdAt: string;
  /** Wall-clock seconds of the whole command, and how many trainer runs went at once. */
  readonly seconds: number;
  readonly jobs: number;
  readonly data: SiteTestData;
  readonly models: { readonly vae: SiteModel; readonly geometric: SiteModel; readonly ae?: SiteModel };
}

type Json = Record<string, unknown>;

/** Field-by-field checks that throw ModelDataError with the field's path and its offending value. */
export function checker(file: string) {
  const fail = (where: string, value: unknown, expected: string): never => {
    const shown = JSON.stringify(value) ?? String(value);
    throw new ModelDataError(file, `'${where}' is ${shown.slice(0, 80)}: expected ${expected}`);
  };
  const object = (value: unknown, where: string): Json =>
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Json)
      : fail(where, value, 'an object');
  const number = (value: unknown, where: string): number =>
    typeof value === 'number' && Number.isFinite(value) ? value : fail(where, value, 'a finite number');
  const numberOrNull = (value: unknown, where: string): number | null =>
    value === null ? null : number(value, where);
  const count = (value: unknown, where: string): number =>
    Number.isInteger(value) && (value as number) >= 0
      ? (value as number)
      : fail(where, value, 'an integer >= 0');
  const string = (value: unknown, where: string): string =>
    typeof value === 'string' && value !== '' ? value : fail(where, value, 'a non-empty string');
  const oneOf = <T extends string>(value: unknown, choices: readonly T[], where: string): T =>
    choices.includes(value as T) ? (value as T) : fail(where, value, `one of ${choices.join(', ')}`);
  const list = (value: unknown, where: string): unknown[] =>
    Array.isArray(value) ? value : fail(where, value, 'a list');
  const path = (value: unknown, where: string): string => {
    const text = string(value, where);
    // A path under /models/: no scheme, no leading slash, no '..' (every request stays on the site).
    return /^[a-z0-9][a-z0-9._/-]*$/i.test(text) && !text.split('/').includes('..')
      ? text
      : fail(where, value, "a relative path under /models/ (letters, digits, '._-/', no '..')");
  };
  return { fail, object, number, numberOrNull, count, string, oneOf, list, path };
}

export type Check = ReturnType<typeof checker>;

function parseOnnxFile(c: Check, raw: unknown, where: string): OnnxFile {
  const o = c.object(raw, where);
  return {
    path: c.path(o.path, `${where}.path`),
    bytes: c.count(o.bytes, `${where}.bytes`),
    crc32: c.count(o.crc32, `${where}.crc32`),
  };
}

function parseTableFile(c: Check, raw: unknown, where: string, rank: number): TableFile {
  const o = c.object(raw, where);
  const dtype = c.oneOf(o.dtype, TABLE_DTYPES, `${where}.dtype`);
  const shape = c.list(o.shape, `${where}.shape`).map((n, i) => c.count(n, `${where}.shape[${i}]`));
  if (shape.length !== rank) c.fail(`${where}.shape`, shape, `${rank} dimensions`);
  const bytes = c.count(o.bytes, `${where}.bytes`);
  if (bytes !== tableByteLength(dtype, shape)) {
    c.fail(`${where}.bytes`, bytes, `${tableByteLength(dtype, shape)} for ${dtype} [${shape.join(', ')}]`);
  }
  return {
    path: c.path(o.path, `${where}.path`),
    dtype,
    shape,
    bytes,
    crc32: c.count(o.crc32, `${where}.crc32`),
  };
}

function parseCurve(c: Check, raw: unknown, where: string): EpochCurve {
  const o = c.object(raw, where);
  const n = (key: keyof EpochCurve) => c.number(o[key], `${where}.${key}`);
  return {
    epoch: c.count(o.epoch, `${where}.epoch`),
    trainLoss: n('trainLoss'),
    trainReconstruction: n('trainReconstruction'),
    trainKl: n('trainKl'),
    testElbo: c.numberOrNull(o.testElbo, `${where}.testElbo`),
    testReconstruction: n('testReconstruction'),
    testKl: c.numberOrNull(o.testKl, `${where}.testKl`),
    seconds: n('seconds'),
  };
}

function parseTrainedRun(c: Check, o: Json, where: string, data: SiteTestData): TrainedRun {
  const m = c.object(o.metrics, `${where}.metrics`);
  const layers = c.list(o.layers, `${where}.layers`).map((n, i) => c.count(n, `${where}.layers[${i}]`));
  const [height, width] = data.imageShape;
  if (layers[0] !== height * width || layers.at(-1) !== 2) {
    c.fail(
      `${where}.layers`,
      layers,
      `[${height * width}, ..., 2]: a 2-D latent for ${height}x${width} images`,
    );
  }
  const epochs = c.count(o.epochs, `${where}.epochs`);
  const curves = c.list(o.curves, `${where}.curves`).map((e, i) => parseCurve(c, e, `${where}.curves[${i}]`));
  if (curves.length !== epochs) {
    c.fail(`${where}.curves`, `${curves.length} entries`, `${epochs}, one per epoch`);
  }
  return {
    preset: c.string(o.preset, `${where}.preset`),
    layers,
    likelihood: c.oneOf(o.likelihood, ['bernoulli', 'gaussian'] as const, `${where}.likelihood`),
    epochs,
    batchSize: c.count(o.batchSize, `${where}.batchSize`),
    learningRate: c.number(o.learningRate, `${where}.learningRate`),
    seed: c.count(o.seed, `${where}.seed`),
    trainerArgs: c
      .list(o.trainerArgs, `${where}.trainerArgs`)
      .map((a, i) => c.string(a, `${where}.trainerArgs[${i}]`)),
    backend: c.string(o.backend, `${where}.backend`),
    trainSeconds: c.number(o.trainSeconds, `${where}.trainSeconds`),
    metrics: {
      testElbo: c.numberOrNull(m.testElbo, `${where}.metrics.testElbo`),
      testReconstruction: c.number(m.testReconstruction, `${where}.metrics.testReconstruction`),
      testKl: c.numberOrNull(m.testKl, `${where}.metrics.testKl`),
      testNll: c.numberOrNull(m.testNll, `${where}.metrics.testNll`),
      importanceSamples: c.count(m.importanceSamples, `${where}.metrics.importanceSamples`),
      nllImages: c.count(m.nllImages, `${where}.metrics.nllImages`),
      activeUnits: c.count(m.activeUnits, `${where}.metrics.activeUnits`),
    },
    curves,
  };
}

function parseModel(c: Check, raw: unknown, name: SiteModelName, data: SiteTestData): SiteModel {
  const where = `models.${name}`;
  const o = c.object(raw, where);
  if (o.name !== name) c.fail(`${where}.name`, o.name, `'${name}'`);
  const trained = parseTrainedRun(c, o, where, data);
  const posteriors = parseTableFile(c, o.posteriors, `${where}.posteriors`, 2);
  if (posteriors.dtype !== 'float32' || posteriors.shape[0] !== data.count || posteriors.shape[1] !== 4) {
    c.fail(`${where}.posteriors.shape`, posteriors.shape, `float32 [${data.count}, 4]`);
  }
  const ellipses = parseTableFile(c, o.ellipses, `${where}.ellipses`, 3);
  const digits = data.digits.shape[0];
  if (
    ellipses.dtype !== 'float32' ||
    ellipses.shape[0] !== trained.epochs ||
    ellipses.shape[1] !== digits ||
    ellipses.shape[2] !== 4
  ) {
    c.fail(`${where}.ellipses.shape`, ellipses.shape, `float32 [${trained.epochs}, ${digits}, 4]`);
  }
  return {
    name,
    title: c.string(o.title, `${where}.title`),
    objective: c.oneOf(o.objective, SITE_OBJECTIVES, `${where}.objective`),
    ...trained,
    decoder: parseOnnxFile(c, o.decoder, `${where}.decoder`),
    encoder: parseOnnxFile(c, o.encoder, `${where}.encoder`),
    posteriors,
    ellipses,
  };
}

/**
 * A set of labelled binarised images (`where`: its key, e.g. where): `count` labels, and bits for the
 * first n <= count images. Shared by manifest.json's test set and mnist-subset's training subset.
 */
export function parseImageSet(c: Check, raw: unknown, where: string): SiteTestData {
  const o = c.object(raw, where);
  const shape = c
    .list(o.imageShape, `${where}.imageShape`)
    .map((n, i) => c.count(n, `${where}.imageShape[${i}]`));
  if (shape.length !== 2) c.fail(`${where}.imageShape`, shape, '[height, width]');
  const imageShape = shape as unknown as readonly [number, number];
  const count = c.count(o.count, `${where}.count`);
  const labels = parseTableFile(c, o.labels, `${where}.labels`, 1);
  if (labels.dtype !== 'uint8' || labels.shape[0] !== count) {
    c.fail(`${where}.labels.shape`, labels.shape, `uint8 [${count}]`);
  }
  const digits = parseTableFile(c, o.digits, `${where}.digits`, 2);
  const pixels = imageShape[0] * imageShape[1];
  if (digits.dtype !== 'bits' || (digits.shape[0] as number) > count || digits.shape[1] !== pixels) {
    c.fail(`${where}.digits.shape`, digits.shape, `bits [n <= ${count}, ${pixels}]`);
  }
  return {
    dataset: c.string(o.dataset, `${where}.dataset`),
    count,
    imageShape,
    binarization: c.string(o.binarization, `${where}.binarization`),
    labels,
    digits,
  };
}

/**
 * Validates the parsed manifest.json: layout version, every field's type, and that every table's
 * shape agrees with the test set and the epochs. Throws ModelDataError naming the field and value.
 */
export function parseManifest(raw: unknown, file: string = MANIFEST_PATH): SiteModelsManifest {
  const c = checker(file);
  const o = c.object(raw, '(top level)');
  if (o.version !== SITE_DATA_VERSION)
    c.fail('version', o.version, `${SITE_DATA_VERSION}, the layout this site reads`);
  const data = parseImageSet(c, o.data, 'data');
  const models = c.object(o.models, 'models');
  for (const key of Object.keys(models)) c.oneOf(key, SITE_MODEL_NAMES, `models.${key}`);
  return {
    version: SITE_DATA_VERSION,
    formatVersion: c.count(o.formatVersion, 'formatVersion'),
    command: c.string(o.command, 'command'),
    createdAt: c.string(o.createdAt, 'createdAt'),
    seconds: c.number(o.seconds, 'seconds'),
    jobs: c.count(o.jobs, 'jobs'),
    data,
    models: {
      vae: parseModel(c, models.vae, 'vae', data),
      geometric: parseModel(c, models.geometric, 'geometric', data),
      ...(models.ae === undefined ? {} : { ae: parseModel(c, models.ae, 'ae', data) }),
    },
  };
}
