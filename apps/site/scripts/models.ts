/**
 * `pnpm --filter site models [--epochs N] [--eval-images N] [--jobs N] [--backend B] [--runs DIR [--reuse]] [--runs DIR] [--out DIR]`:
 * trains the site's models with the trainer and writes public/models/ (see src/data/README.md).
 * The only file of the command that reads argv.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildSiteModels } from './build-site-models.ts';
import { positiveInteger } from './positive-integer.ts';
import { SITE_MODEL_SPECS, type SiteModelsOptions } from './site-model-specs.ts';

const DEFAULTS = {
  epochs: 10,
  backend: 'auto',
  importanceSamples: 1000,
  evalImages: 500,
  seed: 1,
  out: fileURLToPath(new URL('../public/models', import.meta.url)),
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      epochs: { type: 'string' },
      'eval-images': { type: 'string' },
      jobs: { type: 'string' },
      backend: { type: 'string' },
      runs: { type: 'string' },
      reuse: { type: 'boolean' },
      out: { type: 'string' },
    },
  });
  const cores = availableParallelism();
  const jobs = positiveInteger(values.jobs, 'jobs', Math.min(SITE_MODEL_SPECS.length, cores));
  const options: SiteModelsOptions = {
    ...DEFAULTS,
    epochs: positiveInteger(values.epochs, 'epochs', DEFAULTS.epochs),
    evalImages: positiveInteger(values['eval-images'], 'eval-images', DEFAULTS.evalImages),
    jobs,
    backend: values.backend ?? DEFAULTS.backend,
    runs: values.runs ?? null,
    reuse: values.reuse ?? false,
    out: values.out ?? DEFAULTS.out,
  };
  if (options.reuse && options.runs === null) throw new Error('--reuse needs --runs DIR: the runs to reuse');
  if (values.jobs === undefined) {
    console.log(
      `jobs: ${jobs} trainer runs at once (${cores} cores, ${SITE_MODEL_SPECS.length} models; --jobs to change)`,
    );
  }
  const command = ['pnpm --filter site models', ...process.argv.slice(2)].join(' ');
  await buildSiteModels({
    options,
    cli: fileURLToPath(import.meta.resolve('trainer/cli')),
    command,
    log: (line) => console.log(line),
  });
}

main().catch((error: unknown) => {
  console.error(`models: ${(error as Error).message}`);
  process.exitCode = 1;
});
