/**
 * Views of the models' posterior tables (src/data: rows mu_1, mu_2, sigma_1, sigma_2) in the shapes
 * the latent-plane primitives draw: interleaved means [N, 2] and ellipse records.
 */
import type { EllipseDatum } from './latent-plane.ts';
import { VizError } from './viz-error.ts';

function rows(table: ArrayLike<number>, what: string): number {
  if (table.length % 4 !== 0) {
    throw new VizError(
      `${what} must hold rows of 4 numbers (mu_1, mu_2, sigma_1, sigma_2), got ${table.length} numbers`,
      table.length,
    );
  }
  return table.length / 4;
}

/** The means [N, 2] (interleaved z_1, z_2) of a posterior table [N, 4]. */
export function posteriorMeans(table: ArrayLike<number>): Float32Array {
  const n = rows(table, 'the posterior table');
  const means = new Float32Array(2 * n);
  for (let i = 0; i < n; i += 1) {
    means[2 * i] = table[4 * i] as number;
    means[2 * i + 1] = table[4 * i + 1] as number;
  }
  return means;
}

/** Epoch `epoch` (0-based: after epoch + 1) of a per-epoch table [epochs, count, 4], as [count * 4]. */
export function epochSlice(table: Float32Array, epoch: number, count: number): Float32Array {
  const epochs = table.length / (4 * count);
  if (!(Number.isInteger(epochs) && Number.isInteger(epoch) && epoch >= 0 && epoch < epochs)) {
    throw new VizError(
      `epoch must be an integer in [0, ${epochs - 1}] for a table of ${table.length} numbers with ${count} digits, got ${String(epoch)}`,
      epoch,
    );
  }
  return table.subarray(4 * count * epoch, 4 * count * (epoch + 1));
}

/** The ellipses of a posterior table [N, 4], labelled by `labels` (its first N entries). */
export function posteriorEllipses(table: ArrayLike<number>, labels: ArrayLike<number>): EllipseDatum[] {
  const n = rows(table, 'the posterior table');
  if (labels.length < n) {
    throw new VizError(`${n} posteriors need ${n} labels, got ${labels.length}`, labels.length);
  }
  return Array.from({ length: n }, (_, i) => ({
    mu: [table[4 * i] as number, table[4 * i + 1] as number] as const,
    sigma: [table[4 * i + 2] as number, table[4 * i + 3] as number] as const,
    label: labels[i] as number,
  }));
}
