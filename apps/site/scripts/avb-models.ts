/**
 * `pnpm --filter site avb-models [--steps N] [--seed N] [--backend B] [--out DIR]`: trains AVB's toy
 * problem (Gaussian VAE, AVB, AVB with adaptive contrast) with the trainer's experiment and writes
 * public/models/avb/ for section 11 (see avb-build.ts). The only file of the command that reads argv.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AVB_DEFAULT_SAMPLES, AVB_DEFAULT_SEED } from '../src/figures/avb-settings.ts';
import { buildAvbModels } from './avb-build.ts';
import { positiveInteger } from './positive-integer.ts';

/** 3000 steps at 3e-3, seed 1: the trainer's own test budget for this experiment (avb-toy.test.ts). */
const DEFAULTS = {
  steps: 3000,
  learningRate: 3e-3,
  seed: 1,
  backend: 'wasm',
  samples: AVB_DEFAULT_SAMPLES,
  sampleSeed: AVB_DEFAULT_SEED,
  out: fileURLToPath(new URL('../public/models/avb', import.meta.url)),
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      steps: { type: 'string' },
      seed: { type: 'string' },
      backend: { type: 'string' },
      out: { type: 'string' },
    },
  });
  await buildAvbModels({
    ...DEFAULTS,
    steps: positiveInteger(values.steps, 'steps', DEFAULTS.steps),
    seed: positiveInteger(values.seed, 'seed', DEFAULTS.seed),
    backend: values.backend ?? DEFAULTS.backend,
    out: values.out ?? DEFAULTS.out,
    command: ['pnpm --filter site avb-models', ...process.argv.slice(2)].join(' '),
    log: (line) => console.log(line),
  });
}

main().catch((error: unknown) => {
  console.error(`avb-models: ${(error as Error).message}`);
  process.exitCode = 1;
});
