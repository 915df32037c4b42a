import { TOY_DATASETS, type ToyDatasetName, toyDataset } from '@ellipse/core';
import type { Dataset, Split } from './data/dataset.ts';
import { DataError } from './data/errors.ts';
import { loadFashionMnist, loadMnist, loadMnistLayout } from './data/mnist.ts';
import { OptionError, type RunOptions } from './run-options.ts';

/** The train and test sets of a run. */
export interface TrainingData {
  readonly train: Dataset;
  readonly test: Dataset;
}

/** Sizes of the toy sets' train and test splits (drawn with different seeds). */
const TOY_SIZES: Readonly<Record<Split, number>> = { train: 10_000, test: 2_000 };

/** The dataset a run uses: the option, or the preset's own (a toy set for toy2d, MNIST otherwise). */
export function datasetName(options: Pick<RunOptions, 'dataset' | 'preset'>): string {
  return options.dataset ?? (options.preset === 'toy2d' ? 'toy:pinwheel' : 'mnist');
}

function toySet(name: string, split: Split, seed: number): Dataset {
  if (!TOY_DATASETS.includes(name as ToyDatasetName)) {
    throw new OptionError(
      `--dataset toy:${name}: unknown toy set, expected one of ${TOY_DATASETS.map((t) => `toy:${t}`).join(', ')}`,
    );
  }
  const count = TOY_SIZES[split];
  const values = toyDataset({
    name: name as ToyDatasetName,
    count,
    seed: seed * 2 + (split === 'train' ? 0 : 1),
  });
  return { name: `toy:${name}`, count, dataSize: 2, imageShape: null, values, labels: null };
}

/** An image set's split: bundled MNIST, Fashion-MNIST, or any directory in the MNIST file layout. */
function loadImageSplit(name: string, split: Split, dataDir: string | null): Promise<Dataset> {
  switch (name) {
    case 'mnist':
      return loadMnist({ split });
    case 'fashion-mnist':
      return loadFashionMnist({ split, ...(dataDir === null ? {} : { dir: dataDir }) });
    case 'idx':
      if (dataDir === null) {
        throw new OptionError(
          '--dataset idx needs --data-dir: a directory with train-images-idx3-ubyte, train-labels-idx1-ubyte, ' +
            't10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (each optionally .gz)',
        );
      }
      return loadMnistLayout({ dir: dataDir, split, name: 'idx' });
    default:
      throw new OptionError(
        `--dataset: got '${name}', expected mnist, fashion-mnist, idx or toy:<${TOY_DATASETS.join('|')}>`,
      );
  }
}

/** Loads the run's train and test sets; checks they fit the model's input size. */
export async function loadTrainingData(
  options: Pick<RunOptions, 'dataset' | 'preset' | 'dataDir' | 'seed'>,
  inputSize: number,
): Promise<TrainingData> {
  const name = datasetName(options);
  const load = (split: Split): Promise<Dataset> =>
    name.startsWith('toy:')
      ? Promise.resolve(toySet(name.slice(4), split, options.seed))
      : loadImageSplit(name, split, options.dataDir);
  const [train, test] = await Promise.all([load('train'), load('test')]);
  if (train.dataSize !== inputSize) {
    throw new DataError({
      path: name,
      value: train.dataSize,
      problem: `has ${train.dataSize} values per example but preset '${options.preset}' expects ${inputSize}`,
      fix: name.startsWith('toy:')
        ? 'use --preset toy2d for toy sets'
        : 'use an image preset (mnist, mnist2d) for 28x28 images',
    });
  }
  return { train, test };
}
