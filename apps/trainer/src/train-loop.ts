import type { BatchPosition } from './data/batches.ts';
import type { ProgressReporter } from './progress.ts';

/** Per-example means over one batch (nats): loss = -ELBO_beta = reconstruction + beta * kl. */
export interface StepResult {
  readonly loss: number;
  readonly reconstruction: number;
  readonly kl: number;
}

/** One mini-batch as the loop sees it. */
export interface LoopBatch {
  readonly position: BatchPosition;
  readonly next: BatchPosition;
  readonly size: number;
}

/** Sums over the examples of the current epoch so far (a checkpoint keeps them to resume mid-epoch). */
export interface EpochSums {
  readonly loss: number;
  readonly reconstruction: number;
  readonly kl: number;
  readonly examples: number;
  /** Seconds spent on this epoch's steps so far. */
  readonly seconds: number;
}

export const NO_SUMS: EpochSums = { loss: 0, reconstruction: 0, kl: 0, examples: 0, seconds: 0 };

export interface EpochSummary extends StepResult {
  /** 1-based epoch just finished. */
  readonly epoch: number;
  readonly seconds: number;
  readonly samplesPerSecond: number;
}

/** Why training stopped early, with what to tell the user. */
export class NonFiniteLossError extends Error {
  override readonly name = 'NonFiniteLossError';
}

export interface TrainLoopOptions<B extends LoopBatch> {
  /** Batches from the resume position onwards; the loop stops after epoch `epochs` (1-based count). */
  readonly batches: Iterable<B>;
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  /** Runs one optimizer step on the batch; `globalStep` counts steps from the start of training (0-based). */
  readonly step: (batch: B, globalStep: number) => Promise<StepResult>;
  /** Called after every epoch (test ELBO, checkpoint, artifacts); awaited before the next epoch. */
  readonly onEpochEnd: (summary: EpochSummary, next: BatchPosition) => Promise<void>;
  /**
   * Called when `shouldStop()` turns true, with the position to resume from and the sums of the
   * unfinished epoch (save both in a checkpoint).
   */
  readonly onInterrupt: (next: BatchPosition, sums: EpochSums) => Promise<void>;
  /** The sums of the epoch being resumed (default: none). */
  readonly initialSums?: EpochSums;
  readonly shouldStop: () => boolean;
  readonly progress: ProgressReporter;
  readonly now?: () => number;
}

/** 'finished' after the last epoch, 'interrupted' when shouldStop() stopped it. */
export type LoopOutcome = 'finished' | 'interrupted';

/**
 * The training loop, over an injected step: running means for the progress line, samples/s and ETA,
 * a guard that stops on a NaN/Inf loss naming the step and the term (before anything is saved, so the
 * last checkpoint stays the last good one), an end-of-epoch hook and a clean stop on request.
 */
export async function runTrainLoop<B extends LoopBatch>(options: TrainLoopOptions<B>): Promise<LoopOutcome> {
  const { epochs, stepsPerEpoch, progress, now = () => performance.now() } = options;
  let sums = options.initialSums ?? NO_SUMS;
  let epochStart = now() - sums.seconds * 1000;
  const runStart = now();
  let stepsDoneThisRun = 0;
  let totalStepsLeft: number | null = null;

  for (const batch of options.batches) {
    const { epoch, step } = batch.position;
    if (epoch >= epochs) break;
    totalStepsLeft ??= (epochs - epoch) * stepsPerEpoch - step;
    const globalStep = epoch * stepsPerEpoch + step;
    const result = await options.step(batch, globalStep);
    // Let signal handlers (Ctrl-C) run: on CPU backends the step's awaits resolve as microtasks only.
    await new Promise((resolve) => setImmediate(resolve));
    for (const term of ['loss', 'reconstruction', 'kl'] as const) {
      if (!Number.isFinite(result[term])) {
        throw new NonFiniteLossError(
          `training diverged at epoch ${epoch + 1}, step ${step + 1} (global step ${globalStep}): ` +
            `the ${term} term is ${result[term]}; the last good checkpoint is kept. ` +
            'Lower --learning-rate, or use --kl-warmup',
        );
      }
    }
    sums = {
      loss: sums.loss + result.loss * batch.size,
      reconstruction: sums.reconstruction + result.reconstruction * batch.size,
      kl: sums.kl + result.kl * batch.size,
      examples: sums.examples + batch.size,
      seconds: (now() - epochStart) / 1000,
    };
    stepsDoneThisRun += 1;
    const elapsed = sums.seconds;
    const perStep = (now() - runStart) / 1000 / stepsDoneThisRun;
    progress.update({
      epoch: epoch + 1,
      epochs,
      step: step + 1,
      stepsPerEpoch,
      loss: sums.loss / sums.examples,
      reconstruction: sums.reconstruction / sums.examples,
      kl: sums.kl / sums.examples,
      samplesPerSecond: elapsed > 0 ? sums.examples / elapsed : 0,
      etaSeconds: stepsDoneThisRun >= 3 ? perStep * (totalStepsLeft - stepsDoneThisRun) : null,
    });
    if (batch.next.epoch !== epoch) {
      const seconds = (now() - epochStart) / 1000;
      await options.onEpochEnd(
        {
          epoch: epoch + 1,
          loss: sums.loss / sums.examples,
          reconstruction: sums.reconstruction / sums.examples,
          kl: sums.kl / sums.examples,
          seconds,
          samplesPerSecond: seconds > 0 ? sums.examples / seconds : 0,
        },
        batch.next,
      );
      sums = NO_SUMS;
      epochStart = now();
    }
    if (options.shouldStop() && batch.next.epoch < epochs) {
      await options.onInterrupt(batch.next, sums);
      return 'interrupted';
    }
  }
  return 'finished';
}
