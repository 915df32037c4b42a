/**
 * The contract between Ellipse's ONNX exporter (apps/trainer) and its SDK (packages/sdk):
 * tensor names, metadata keys and the format version. No dependencies, so the SDK stays small.
 *
 * Every exported model carries its metadata in ONNX `metadata_props` as string key/value pairs
 * under the `ellipse.` prefix; `ellipse.metadata` holds the whole record as JSON.
 */

/** Bumped on any change a reader of an older version would misread. */
export const FORMAT_VERSION = 1;

export const METADATA_KEY = 'ellipse.metadata';
export const FORMAT_VERSION_KEY = 'ellipse.format_version';

/**
 * Graph input/output names. decoder: z [N, K] -> x [N, D]; encoder: x [N, D] -> mu, logvar [N, K].
 * The encoder of an autoencoder (objective 'ae') outputs its code as mu and logvar = log 0 = -Infinity:
 * a point, sigma = 0.
 */
export const TENSOR_NAMES = {
  decoder: { input: 'z', output: 'x' },
  encoder: { input: 'x', mu: 'mu', logVar: 'logvar' },
  /** An AVB encoder (objective 'avb' / 'avb-ac'), implicit: x [N, D], eps [N, E] ~ N(0, I) -> z [N, K]. */
  implicitEncoder: { input: 'x', noise: 'eps', output: 'z' },
} as const;

export type ModelRole = 'decoder' | 'encoder' | 'implicit-encoder';
export type LikelihoodName = 'bernoulli' | 'gaussian';

export interface ModelMetadata {
  readonly formatVersion: number;
  readonly role: ModelRole;
  readonly latentSize: number;
  /** [height, width, channels] of one image, or null for non-image data of dataSize values. */
  readonly imageShape: readonly [number, number, number] | null;
  /** D: values per data point (height * width * channels for images). */
  readonly dataSize: number;
  /** bernoulli: the decoder outputs Bernoulli means in [0, 1]; gaussian: Gaussian means. */
  readonly likelihood: LikelihoodName;
  readonly dataset: string;
  readonly preset: string;
  /**
   * The training objective: 'vae', 'geometric', 'score', 'ae', ... (the trainer's --objective). Files
   * written before this field existed read as 'vae'.
   */
  readonly objective: string;
  /** Evaluation results at export time, e.g. { testElbo: -95.1, testNll: 89.9 } (nats). */
  readonly metrics: Readonly<Record<string, number>>;
  /** Free-form producer information (tool version, backend, date). */
  readonly producer: string;
}

/** The metadata is missing, malformed, or from a newer format than this reader understands. */
export class ModelFormatError extends Error {
  override readonly name = 'ModelFormatError';
}

export function encodeMetadata(metadata: ModelMetadata): Record<string, string> {
  return {
    [FORMAT_VERSION_KEY]: String(metadata.formatVersion),
    [METADATA_KEY]: JSON.stringify(metadata),
  };
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0;
}

/**
 * Reads and validates the metadata of a model. Throws ModelFormatError naming the missing or
 * offending field, or the newer format version, with what to do about it.
 */
export function decodeMetadata(props: Readonly<Record<string, string>>): ModelMetadata {
  const raw = props[METADATA_KEY];
  if (raw === undefined) {
    throw new ModelFormatError(
      `the ONNX model has no '${METADATA_KEY}' metadata: it was not exported by Ellipse's trainer ` +
        `(found keys: ${Object.keys(props).join(', ') || 'none'}); export it with 'pnpm --filter trainer export'`,
    );
  }
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    throw new ModelFormatError(`'${METADATA_KEY}' is not valid JSON: ${raw.slice(0, 80)}`);
  }
  const version = parsed.formatVersion;
  if (!isPositiveInteger(version)) {
    throw new ModelFormatError(`formatVersion must be a positive integer, got ${String(version)}`);
  }
  if (version > FORMAT_VERSION) {
    throw new ModelFormatError(
      `the model has format version ${version}, newer than this reader's ${FORMAT_VERSION}: upgrade @ellipse/sdk`,
    );
  }
  const fail = (field: string, expected: string): never => {
    throw new ModelFormatError(
      `metadata field '${field}' is ${JSON.stringify(parsed[field])}: expected ${expected}`,
    );
  };
  if (parsed.role !== 'decoder' && parsed.role !== 'encoder' && parsed.role !== 'implicit-encoder') {
    fail('role', "'decoder', 'encoder' or 'implicit-encoder'");
  }
  if (!isPositiveInteger(parsed.latentSize)) fail('latentSize', 'a positive integer');
  if (!isPositiveInteger(parsed.dataSize)) fail('dataSize', 'a positive integer');
  if (parsed.likelihood !== 'bernoulli' && parsed.likelihood !== 'gaussian') {
    fail('likelihood', "'bernoulli' or 'gaussian'");
  }
  const shape = parsed.imageShape;
  if (shape !== null) {
    const ok =
      Array.isArray(shape) &&
      shape.length === 3 &&
      shape.every(isPositiveInteger) &&
      shape.reduce((product: number, size: number) => product * size, 1) === parsed.dataSize;
    if (!ok) fail('imageShape', 'null or [height, width, channels] whose product is dataSize');
  }
  if (parsed.objective !== undefined && (typeof parsed.objective !== 'string' || parsed.objective === '')) {
    fail('objective', "a non-empty string such as 'vae' or 'ae' (or absent: 'vae')");
  }
  return {
    formatVersion: version,
    role: parsed.role as ModelRole,
    latentSize: parsed.latentSize as number,
    imageShape: shape as ModelMetadata['imageShape'],
    dataSize: parsed.dataSize as number,
    likelihood: parsed.likelihood as LikelihoodName,
    dataset: String(parsed.dataset ?? ''),
    preset: String(parsed.preset ?? ''),
    objective: (parsed.objective as string | undefined) ?? 'vae',
    metrics: (parsed.metrics ?? {}) as Record<string, number>,
    producer: String(parsed.producer ?? ''),
  };
}
