import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** One line of metrics.jsonl: the figures of one finished epoch. */
export interface EpochMetrics {
  readonly epoch: number;
  readonly step: number;
  readonly trainLoss: number;
  readonly trainReconstruction: number;
  readonly trainKl: number;
  /** null for an objective without an ELBO (ae). */
  readonly testElbo: number | null;
  readonly testReconstruction: number;
  readonly testKl: number | null;
  readonly beta: number;
  readonly seconds: number;
  readonly samplesPerSecond: number;
}

export async function appendMetrics(path: string, metrics: EpochMetrics): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await appendFile(path, `${JSON.stringify(metrics)}\n`);
}

/** The metrics of epochs 1..upToEpoch (a resumed run drops lines of epochs it is about to redo). */
export async function readMetrics(
  path: string,
  upToEpoch = Number.POSITIVE_INFINITY,
): Promise<EpochMetrics[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EpochMetrics)
    .filter((m) => m.epoch <= upToEpoch);
}
