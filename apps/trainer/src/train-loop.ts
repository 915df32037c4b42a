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
  readonly step: (batch: B, globalStep: number) => StepResult;
  /** Called after every epoch (test ELBO, checkpoint, artifacts); awaited before the next epoch. */
  readonly onEpochEnd: (summary: EpochSummary, next: BatchPosition) => Promise<void>;
  /** Called when `shouldStop()` turns true mid-epoch, with the position to resume from (save a checkpoint). */
  readonly onInterrupt: (next: BatchPosition) => Promise<void>;
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
  let sums = { loss: 0, reconstruction: 0, kl: 0, examples: 0 };
  let epochStart = now();
  const runStart = now();
  let stepsDoneThisRun = 0;
  let totalStepsLeft: number | null = null;

  for (const batch of options.batches) {
    const { epoch, step } = batch.position;
    if (epoch >= epochs) break;
    totalStepsLeft ??= (epochs - epoch) * stepsPerEpoch - step;
    const globalStep = epoch * stepsPerEpoch + step;
    const result = options.step(batch, globalStep);
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
    };
    stepsDoneThisRun += 1;
    const elapsed = (now() - epochStart) / 1000;
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
      sums = { loss: 0, reconstruction: 0, kl: 0, examples: 0 };
      epochStart = now();
      // onEpochEnd has saved a checkpoint at `next` already.
      if (options.shouldStop() && batch.next.epoch < epochs) return 'interrupted';
    } else if (options.shouldStop()) {
      await options.onInterrupt(batch.next);
      return 'interrupted';
    }
  }
  return 'finished';
}
