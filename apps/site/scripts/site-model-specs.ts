import type { SiteModelName, SiteObjective } from '../src/data/manifest.ts';

/** One of the site's models: its name under /models/, its title and the trainer's --objective for it. */
export interface SiteModelSpec {
  readonly name: SiteModelName;
  readonly title: string;
  readonly objective: SiteObjective;
}

/** The site's models, all on the `mnist2d-site` preset (784-128-128-2, Bernoulli decoder) and seed 1. */
export const SITE_MODEL_SPECS: readonly SiteModelSpec[] = [
  { name: 'vae', title: 'VAE (KL regulariser)', objective: 'vae' },
  {
    name: 'geometric',
    title: 'VAE (geometric regulariser)',
    objective: 'geometric',
  },
  { name: 'ae', title: 'Autoencoder (no regulariser)', objective: 'ae' },
];

/** The knobs of `pnpm --filter site models` (defaults in models.ts). */
export interface SiteModelsOptions {
  /** Passes over MNIST's 60,000 training digits per model. */
  readonly epochs: number;
  /** Trainer runs at once (each is single-threaded on wasm). */
  readonly jobs: number;
  /** The trainer's --backend. */
  readonly backend: string;
  /** Importance samples k and test digits for each model's -log p(x) estimate. */
  readonly importanceSamples: number;
  readonly evalImages: number;
  readonly seed: number;
  /** Where the site's files go (replaced as a whole when everything succeeded). */
  readonly out: string;
  /** Where the trainer's run directories go; null: a temporary directory, removed at the end. */
  readonly runs: string | null;
  /** Take finished runs already under `runs` instead of training them again (said in the log). */
  readonly reuse: boolean;
}

export const SITE_PRESET = 'mnist2d-site';

/** The exact `train` arguments for one model; every model shares seed, epochs and evaluation. */
export function trainerArgs({
  spec,
  options,
  runDir,
}: {
  spec: SiteModelSpec;
  options: SiteModelsOptions;
  runDir: string;
}): string[] {
  return [
    'train',
    '--preset',
    SITE_PRESET,
    '--epochs',
    String(options.epochs),
    '--seed',
    String(options.seed),
    '--backend',
    options.backend,
    '--importance-samples',
    String(options.importanceSamples),
    '--eval-images',
    String(options.evalImages),
    '--objective',
    spec.objective,
    '--out',
    runDir,
  ];
}
