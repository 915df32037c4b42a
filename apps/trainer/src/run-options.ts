import { OBJECTIVES, type ObjectiveName, PRESET_NAMES, type PresetName } from '@ellipse/core';
import { onnxStepRegularizer } from './backend/onnx-step/step-graph.ts';
import { BACKEND_NAMES, type BackendRequest } from './backend/select-backend.ts';
import { closestWord } from './closest-word.ts';
import { MAX_IMPORTANCE_SAMPLES, MAX_LATENT_SIZE, MAX_ROWS, MAX_SEED } from './limits.ts';

/**
 * Every knob of a training run: one typed record with documented defaults. `OPTION_TABLE` is the
 * single source for the defaults, the command-line flags, the JSON config file keys and `--help`.
 */
export interface RunOptions {
  readonly preset: PresetName;
  /** 'mnist' | 'fashion-mnist' | 'idx' | 'toy:<name>'; null: the preset's own (mnist, or a toy set for toy2d). */
  readonly dataset: string | null;
  /** fashion-mnist: the directory of its IDX files; idx: '<images.idx>,<labels.idx>' for train and test. */
  readonly dataDir: string | null;
  readonly epochs: number;
  readonly batchSize: number;
  readonly learningRate: number;
  /** Overrides the preset's latent size K. */
  readonly latentSize: number | null;
  /** Weight of the KL (or geometric) term; 1 is the ELBO. */
  readonly beta: number;
  /** Epochs over which the KL weight rises linearly from 0 to beta (0: no warm-up). */
  readonly klWarmup: number;
  /** What training maximises: vae (ELBO, reparameterised), geometric, score (REINFORCE), ae (see core's objective.ts). */
  readonly objective: ObjectiveName;
  /** L: Monte Carlo samples of z per example in the training ELBO. */
  readonly samples: number;
  /** iwae: importance samples per example in the training bound L_k. */
  readonly k: number;
  /** k: importance samples for the log-likelihood estimate. */
  readonly importanceSamples: number;
  /** Test images for the importance-sampled log-likelihood (null: all). */
  readonly evalImages: number | null;
  /** 'dynamic': a fresh Bernoulli draw of each image each time it is used; 'fixed': one draw; 'none'. */
  readonly binarize: 'dynamic' | 'fixed' | 'none';
  readonly seed: number;
  readonly backend: BackendRequest;
  /** Run directory (null: runs/<preset>-<date>). */
  readonly out: string | null;
}

type Kind = 'int' | 'number' | 'string' | 'choice';

interface OptionSpec<K extends keyof RunOptions = keyof RunOptions> {
  readonly key: K;
  readonly flag: string;
  readonly kind: Kind;
  readonly choices?: readonly string[];
  /** The word that means null on the command line ('auto' or 'all'); absent: the option is never null. */
  readonly nullWord?: 'auto' | 'all';
  /** Smallest allowed value (numbers); `above: true` makes it exclusive. */
  readonly min?: number;
  readonly above?: boolean;
  /** Largest allowed value (numbers): a limit from limits.ts, checked before anything is allocated. */
  readonly max?: number;
  readonly help: string;
}

/** Epochs when none are asked for, for the objectives the whole-step ONNX backend does not train. */
const TFJS_OBJECTIVE_EPOCHS = 20;

export const DEFAULT_RUN_OPTIONS: RunOptions = {
  preset: 'mnist',
  dataset: null,
  dataDir: null,
  epochs: 100,
  batchSize: 100,
  learningRate: 1e-3,
  latentSize: null,
  beta: 1,
  klWarmup: 0,
  objective: 'vae',
  samples: 1,
  k: 5,
  importanceSamples: 5000,
  evalImages: 500,
  binarize: 'dynamic',
  seed: 1,
  backend: 'auto',
  out: null,
};

export const OPTION_TABLE: readonly OptionSpec[] = [
  { key: 'preset', flag: 'preset', kind: 'choice', choices: PRESET_NAMES, help: 'model preset' },
  {
    key: 'dataset',
    flag: 'dataset',
    kind: 'string',
    nullWord: 'auto',
    help: 'mnist | fashion-mnist | idx | toy:<name> (default: mnist, or toy:pinwheel for toy2d)',
  },
  {
    key: 'dataDir',
    flag: 'data-dir',
    kind: 'string',
    nullWord: 'auto',
    help: 'fashion-mnist / idx: directory holding the IDX files (train-images-idx3-ubyte[.gz], ...)',
  },
  {
    key: 'epochs',
    flag: 'epochs',
    kind: 'int',
    min: 1,
    help: `passes over the training set (default ${DEFAULT_RUN_OPTIONS.epochs} for vae and geometric, which train on the whole-step ONNX backend: ~7 min here; ${TFJS_OBJECTIVE_EPOCHS} for the other objectives, which train on tfjs at ~1/5 the speed)`,
  },
  {
    key: 'batchSize',
    flag: 'batch-size',
    kind: 'int',
    min: 1,
    max: MAX_ROWS,
    help: 'examples per Adam step',
  },
  { key: 'learningRate', flag: 'learning-rate', kind: 'number', min: 0, above: true, help: 'Adam step size' },
  {
    key: 'latentSize',
    flag: 'latent-size',
    kind: 'int',
    min: 1,
    max: MAX_LATENT_SIZE,
    nullWord: 'auto',
    help: "latent dimension K (default: the preset's)",
  },
  {
    key: 'beta',
    flag: 'beta',
    kind: 'number',
    min: 0,
    help: 'weight of the KL term (1: the ELBO; beta-VAE otherwise)',
  },
  {
    key: 'klWarmup',
    flag: 'kl-warmup',
    kind: 'number',
    min: 0,
    help: 'epochs of linear KL warm-up from 0 to beta',
  },
  {
    key: 'objective',
    flag: 'objective',
    kind: 'choice',
    choices: OBJECTIVES,
    help: 'vae (ELBO) | geometric (||mu||^2 + ||sigma - 1||^2) | score (ELBO, REINFORCE gradients) | ae (no regulariser) | iwae (k-sample bound)',
  },
  {
    key: 'samples',
    flag: 'samples',
    kind: 'int',
    min: 1,
    max: MAX_ROWS,
    help: 'L: Monte Carlo samples of z per example',
  },
  {
    key: 'k',
    flag: 'k',
    kind: 'int',
    min: 1,
    help: 'iwae: importance samples per example in the training bound',
  },
  {
    key: 'importanceSamples',
    flag: 'importance-samples',
    kind: 'int',
    min: 1,
    max: MAX_IMPORTANCE_SAMPLES,
    help: 'k: importance samples for the test log-likelihood',
  },
  {
    key: 'evalImages',
    flag: 'eval-images',
    kind: 'int',
    min: 1,
    max: MAX_ROWS,
    nullWord: 'all',
    help: "test images for the log-likelihood ('all' for every one)",
  },
  {
    key: 'binarize',
    flag: 'binarize',
    kind: 'choice',
    choices: ['dynamic', 'fixed', 'none'],
    help: 'binarisation of images for the Bernoulli decoder',
  },
  {
    key: 'seed',
    flag: 'seed',
    kind: 'int',
    min: 0,
    max: MAX_SEED,
    help: 'seed of initialisation, shuffling, binarisation and sampling',
  },
  {
    key: 'backend',
    flag: 'backend',
    kind: 'choice',
    choices: ['auto', ...BACKEND_NAMES],
    help:
      'backend (auto: onnxruntime-cuda > tensorflow-gpu > onnxruntime > hardware webgpu > wasm > cpu; ' +
      'the onnxruntime ones for the reparameterised objective only)',
  },
  {
    key: 'out',
    flag: 'out',
    kind: 'string',
    nullWord: 'auto',
    help: 'run directory (default: runs/<preset>-<date>)',
  },
];

/** A flag, config key or value is wrong; the message names it, the value, and what is expected. */
export class OptionError extends Error {
  override readonly name = 'OptionError';
}

/** What parsing a value needs of an option's spec (a flag outside RunOptions can use it too). */
export type ValueSpec = Pick<OptionSpec, 'kind' | 'choices' | 'nullWord' | 'min' | 'above' | 'max'>;

/** 'an integer >= 1', 'a number > 0', 'an integer >= 1 and <= 262144 (the limit, see --help)'. */
function expectedNumber(spec: ValueSpec): string {
  const what = spec.kind === 'int' ? 'an integer' : 'a number';
  const min = spec.min ?? -Infinity;
  const lower = `${spec.above ? '>' : '>='} ${min}`;
  return spec.max === undefined
    ? `${what} ${lower}`
    : `${what} ${lower} and <= ${spec.max} (the limit, see --help)`;
}

/** Parses one raw value (a flag's string, or a JSON config value) for `spec`; `where` names it in errors. */
export function parseOptionValue(spec: ValueSpec, raw: unknown, where: string): unknown {
  if (spec.nullWord !== undefined && (raw === null || raw === spec.nullWord)) return null;
  switch (spec.kind) {
    case 'int':
    case 'number': {
      const value =
        typeof raw === 'number'
          ? raw
          : typeof raw === 'string' && raw.trim() !== ''
            ? Number(raw)
            : Number.NaN;
      const min = spec.min ?? -Infinity;
      const max = spec.max ?? Infinity;
      const integerOk = spec.kind === 'number' || Number.isInteger(value);
      const minOk = spec.above ? value > min : value >= min;
      if (!Number.isFinite(value) || !integerOk || !minOk || value > max) {
        throw new OptionError(`${where}: got ${JSON.stringify(raw)}, expected ${expectedNumber(spec)}`);
      }
      return value;
    }
    case 'choice':
      if (typeof raw !== 'string' || !spec.choices?.includes(raw)) {
        throw new OptionError(
          `${where}: got ${JSON.stringify(raw)}, expected one of ${spec.choices?.join(', ')}`,
        );
      }
      return raw;
    case 'string':
      if (typeof raw !== 'string' || raw === '') {
        throw new OptionError(`${where}: got ${JSON.stringify(raw)}, expected a non-empty string`);
      }
      return raw;
  }
}

/**
 * Defaults, then the JSON config file's keys (camelCase, as in RunOptions), then flags: later wins.
 * Unknown keys are errors (a typo must not be silently ignored).
 */
export function resolveRunOptions(
  config: Readonly<Record<string, unknown>>,
  flags: Readonly<Record<string, string | undefined>>,
  configSource = 'config file',
): RunOptions {
  const result: Record<string, unknown> = { ...DEFAULT_RUN_OPTIONS };
  for (const [key, raw] of Object.entries(config)) {
    const spec = OPTION_TABLE.find((s) => s.key === key);
    if (spec === undefined) {
      const keys = OPTION_TABLE.map((s) => s.key);
      const close = closestWord(key, keys);
      throw new OptionError(
        `${configSource}: unknown key '${key}'${close === null ? '' : ` (did you mean '${close}'?)`}, ` +
          `expected one of ${keys.join(', ')}`,
      );
    }
    result[key] = parseOptionValue(spec, raw, `${configSource}: '${key}'`);
  }
  for (const spec of OPTION_TABLE) {
    const raw = flags[spec.flag];
    if (raw !== undefined) result[spec.key] = parseOptionValue(spec, raw, `--${spec.flag}`);
  }
  if (config.epochs === undefined && flags.epochs === undefined) {
    result.epochs = defaultEpochs(result.objective as ObjectiveName);
  }
  return result as unknown as RunOptions;
}

/**
 * The default budget of an objective: about the same wall time for each. vae and geometric train on
 * the whole-step ONNX backend (backend/onnx-step/), ~5x faster an epoch than tfjs, so they get 5x the
 * epochs; every other objective trains on tfjs.
 */
function defaultEpochs(objective: ObjectiveName): number {
  return onnxStepRegularizer(objective) === null ? TFJS_OBJECTIVE_EPOCHS : DEFAULT_RUN_OPTIONS.epochs;
}

/** `--help` lines for every option, with its default. */
export function optionsHelp(): string {
  return OPTION_TABLE.map((spec) => {
    const value = DEFAULT_RUN_OPTIONS[spec.key];
    const shown = value === null ? spec.nullWord : String(value);
    const limit = spec.max === undefined ? '' : `, max ${spec.max}`;
    return `  --${spec.flag.padEnd(20)} ${spec.help} [default: ${shown}${limit}]`;
  }).join('\n');
}
