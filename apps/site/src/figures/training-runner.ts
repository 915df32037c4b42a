/**
 * What the live-training figures (<train-figure>, <mnist-train-figure>) share: requests to a worker
 * that answers with step records, replies from before a reset dropped, the loss history, the
 * steps-per-second measure and the play loop (their controls: training-controls.ts).
 *
 * The element reports data-busy (a request is in flight), data-playing, data-first-losses (the first
 * 5 losses since the reset), data-last-loss and data-steps-per-second (worker time per step, leaving
 * out each run's first answered steps, when a GPU backend compiles its shaders).
 */
import { prefersReducedMotion } from '../lib/reduced-motion.ts';
import type { LossPoint } from '../viz/train-loss-curve.ts';

/** A worker's answer with steps in it. */
export interface TrainedReply {
  readonly type: 'trained';
  readonly records: readonly { readonly step: number; readonly loss: number }[];
  /** Wall time of the steps in the worker, ms. */
  readonly ms: number;
}

export interface TrainingRunnerOptions<Request, Reply extends { readonly type: string }> {
  readonly element: HTMLElement;
  readonly send: (request: Request) => Promise<Reply>;
  /** Draws a reply of the current run; `losses` is the run's loss history so far. */
  readonly show: (reply: Extract<Reply, TrainedReply>, losses: readonly LossPoint[]) => void;
  /**
   * One round of Play: the request to send (then the loop waits for an animation frame, or under
   * reduced motion, `reduced`, for a task), or a function that plays the round itself (slow motion).
   */
  readonly chunk: (reduced: boolean) => Request | (() => Promise<void>);
  /** Play stopped by an error: show it. */
  readonly fail: (error: unknown) => void;
  /** Play turned on or off (after data-playing is set). */
  readonly playingChanged: (playing: boolean) => void;
}

export interface TrainingRunner<Request, Reply> {
  /** Sends `request` and shows its answer unless a reset came in between. */
  run(request: Request): Promise<void>;
  /** Sends `request` (data-busy meanwhile) and returns the answer, shown or not. */
  request(request: Request): Promise<Reply>;
  /** Bumped by every reset: compare before and after an await to tell whether a reset came between. */
  readonly generation: number;
  /** Starts a new run: clears the history, then sends `request`. */
  reset(request: Request): Promise<void>;
  setPlaying(on: boolean): void;
  readonly playing: boolean;
  /** The latest record shown, or null since the reset. */
  readonly last: TrainedReply['records'][number] | null;
}

export function createTrainingRunner<Request, Reply extends { readonly type: string }>(
  options: TrainingRunnerOptions<Request, Reply>,
): TrainingRunner<Request, Reply> {
  const { element, send } = options;
  let losses: LossPoint[] = [];
  let firstLosses: number[] = [];
  let last: TrainedReply['records'][number] | null = null;
  let stepMs = 0;
  let stepCount = 0;
  let compiled = false;
  let playing = false;
  let inFlight = 0;
  /** Bumped by every reset: a reply to a request sent before it is stale and not shown. */
  let generation = 0;

  const show = (reply: Extract<Reply, TrainedReply>) => {
    for (const record of reply.records) {
      losses.push({ step: record.step, loss: record.loss });
      if (firstLosses.length < 5) firstLosses.push(record.loss);
      last = record;
    }
    if (reply.records.length > 0 && compiled) {
      stepMs += reply.ms;
      stepCount += reply.records.length;
    }
    if (reply.records.length > 0) compiled = true;
    Object.assign(element.dataset, {
      firstLosses: JSON.stringify(firstLosses),
      lastLoss: last === null ? '' : String(last.loss),
      stepsPerSecond: stepMs > 0 ? String((1000 * stepCount) / stepMs) : '',
    });
    options.show(reply, losses);
  };
  const request = (message: Request) => {
    inFlight += 1;
    element.dataset.busy = 'true';
    return send(message).finally(() => {
      inFlight -= 1;
      element.dataset.busy = String(inFlight > 0);
    });
  };
  const run = async (message: Request) => {
    const sentIn = generation;
    const reply = await request(message);
    if (reply.type !== 'trained') throw new Error(`the training worker answered '${reply.type}'`);
    if (sentIn === generation) show(reply as Extract<Reply, TrainedReply>);
  };
  const loop = async () => {
    try {
      while (playing) {
        const reduced = prefersReducedMotion();
        const next = options.chunk(reduced);
        if (typeof next === 'function') {
          await (next as () => Promise<void>)();
          continue;
        }
        await run(next as Request);
        await new Promise((resolve) =>
          reduced ? setTimeout(resolve, 0) : requestAnimationFrame(() => resolve(undefined)),
        );
      }
    } catch (error) {
      runner.setPlaying(false);
      options.fail(error);
    }
  };
  const runner: TrainingRunner<Request, Reply> = {
    run,
    request,
    get generation() {
      return generation;
    },
    reset(message) {
      generation += 1;
      losses = [];
      firstLosses = [];
      last = null;
      stepMs = 0;
      stepCount = 0;
      compiled = false;
      return run(message);
    },
    setPlaying(on) {
      const was = playing;
      playing = on;
      element.dataset.playing = String(on);
      options.playingChanged(on);
      if (on && !was) void loop();
    },
    get playing() {
      return playing;
    },
    get last() {
      return last;
    },
  };
  return runner;
}
