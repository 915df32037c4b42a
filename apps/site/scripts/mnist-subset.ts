/**
 * `pnpm --filter site mnist-subset [--count N] [--seed N] [--out DIR]`: writes public/models/mnist-subset/,
 * the MNIST training images section 9 trains on live (mnist-subset-build.ts). The only file of the
 * command that reads argv.
 */
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildMnistSubset } from './mnist-subset-build.ts';
import { positiveInteger } from './positive-integer.ts';

const DEFAULTS = {
  count: 3000,
  seed: 1,
  out: fileURLToPath(new URL('../public/models/mnist-subset', import.meta.url)),
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { count: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } },
  });
  const started = performance.now();
  const manifest = await buildMnistSubset({
    count: positiveInteger(values.count, 'count', DEFAULTS.count),
    seed: positiveInteger(values.seed, 'seed', DEFAULTS.seed),
    out: values.out ?? DEFAULTS.out,
    command: ['pnpm --filter site mnist-subset', ...process.argv.slice(2)].join(' '),
  });
  const bytes = manifest.data.digits.bytes + manifest.data.labels.bytes;
  console.log(
    `mnist-subset: wrote ${manifest.data.count} images (${(bytes / 1e3).toFixed(0)} KB) to ${values.out ?? DEFAULTS.out} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

main().catch((error: unknown) => {
  console.error(`mnist-subset: ${(error as Error).message}`);
  process.exitCode = 1;
});
