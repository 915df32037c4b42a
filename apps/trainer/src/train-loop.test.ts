import { describe, expect, it } from 'vitest';
import type { BatchPosition } from './data/batches.ts';
import type { ProgressReporter, ProgressState } from './progress.ts';
import {
  type EpochSums,
  type LoopBatch,
  NonFiniteLossError,
  runTrainLoop,
  type StepResult,
} from './train-loop.ts';

/** Batches of size 10 for `epochs` epochs of `steps` steps, from `start`. */
function* positions(steps: number, start: BatchPosition = { epoch: 0, step: 0 }): Generator<LoopBatch> {
  for (let epoch = start.epoch; ; epoch++) {
    for (let step = epoch === start.epoch ? start.step : 0; step < steps; step++) {
      const next = step + 1 === steps ? { epoch: epoch + 1, step: 0 } : { epoch, step: step + 1 };
      yield { position: { epoch, step }, next, size: 10 };
    }
  }
}

function recorder(): ProgressReporter & { states: ProgressState[] } {
  const states: ProgressState[] = [];
  return { states, update: (s) => states.push(s), log: () => {}, done: () => {} };
}

const constantStep = (): StepResult => ({ loss: 3, reconstruction: 2, kl: 1 });

describe('runTrainLoop', () => {
  it('runs every step of every epoch with the global step, and summarises each epoch', async () => {
    const seen: number[] = [];
    const epochs: { epoch: number; loss: number; next: BatchPosition }[] = [];
    const outcome = await runTrainLoop({
      batches: positions(3),
      epochs: 2,
      stepsPerEpoch: 3,
      step: async (_batch, globalStep) => {
        seen.push(globalStep);
        return { loss: globalStep, reconstruction: globalStep, kl: 0 };
      },
      onEpochEnd: async (summary, next) => {
        epochs.push({ epoch: summary.epoch, loss: summary.loss, next });
      },
      onInterrupt: async () => {},
      shouldStop: () => false,
      progress: recorder(),
    });
    expect(outcome).toBe('finished');
    expect(seen).toEqual([0, 1, 2, 3, 4, 5]);
    // epoch means of the global steps: (0+1+2)/3 and (3+4+5)/3
    expect(epochs).toEqual([
      { epoch: 1, loss: 1, next: { epoch: 1, step: 0 } },
      { epoch: 2, loss: 4, next: { epoch: 2, step: 0 } },
    ]);
  });

  it('resumes mid-epoch with the right global steps and ETA over what is left', async () => {
    const seen: number[] = [];
    const progress = recorder();
    let clock = 0;
    await runTrainLoop({
      batches: positions(4, { epoch: 1, step: 2 }),
      epochs: 2,
      stepsPerEpoch: 4,
      step: async (_b, g) => {
        seen.push(g);
        clock += 1000; // one second a step
        return constantStep();
      },
      onEpochEnd: async () => {},
      onInterrupt: async () => {},
      shouldStop: () => false,
      progress,
      now: () => clock,
    });
    expect(seen).toEqual([6, 7]);
    expect(progress.states.map((s) => `${s.epoch}:${s.step}`)).toEqual(['2:3', '2:4']);
  });

  it('stops on a non-finite term, naming the step and the term, before the epoch hook', async () => {
    let epochHookCalls = 0;
    const run = runTrainLoop({
      batches: positions(5),
      epochs: 1,
      stepsPerEpoch: 5,
      step: async (_b, g) =>
        g === 3 ? { loss: Number.NaN, reconstruction: 1, kl: Number.NaN } : constantStep(),
      onEpochEnd: async () => {
        epochHookCalls++;
      },
      onInterrupt: async () => {},
      shouldStop: () => false,
      progress: recorder(),
    });
    await expect(run).rejects.toThrow(NonFiniteLossError);
    await expect(run).rejects.toThrow(/epoch 1, step 4 \(global step 3\): the loss term is NaN/);
    expect(epochHookCalls).toBe(0);
  });

  it('stops cleanly on request, handing over the position to resume from', async () => {
    let steps = 0;
    let resumeAt: BatchPosition | null = null;
    let partial: EpochSums | null = null;
    const outcome = await runTrainLoop({
      batches: positions(10),
      epochs: 3,
      stepsPerEpoch: 10,
      step: async () => {
        steps++;
        return constantStep();
      },
      onEpochEnd: async () => {},
      onInterrupt: async (next, sums) => {
        resumeAt = next;
        partial = sums;
      },
      shouldStop: () => steps >= 4,
      progress: recorder(),
    });
    expect(outcome).toBe('interrupted');
    expect(resumeAt).toEqual({ epoch: 0, step: 4 });
    expect(partial).toMatchObject({ loss: 4 * 3 * 10, reconstruction: 4 * 2 * 10, kl: 4 * 10, examples: 40 });
  });

  it('resumes the running means of an unfinished epoch from its sums', async () => {
    const summaries: number[] = [];
    await runTrainLoop({
      batches: positions(4, { epoch: 0, step: 2 }),
      epochs: 1,
      stepsPerEpoch: 4,
      step: async () => ({ loss: 1, reconstruction: 1, kl: 0 }),
      // Steps 1-2 had loss 5 on 20 examples: the epoch mean is (5 * 20 + 1 * 20) / 40 = 3.
      initialSums: { loss: 100, reconstruction: 100, kl: 0, examples: 20, seconds: 1 },
      onEpochEnd: async (summary) => {
        summaries.push(summary.loss);
      },
      onInterrupt: async () => {},
      shouldStop: () => false,
      progress: recorder(),
    });
    expect(summaries).toEqual([3]);
  });
});
