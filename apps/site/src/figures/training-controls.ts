/**
 * The controls the live-training figures (<train-figure>, <mnist-train-figure>) share: their URL
 * state's settings fields, the worker's start (which backend trains, and why, said on the page), the
 * play / step / reset buttons, and the learning-rate, beta and seed inputs.
 */
import { choiceField, type Field, numberField, seedField } from '../lib/url-state.ts';
import { workerClient } from '../lib/worker-client.ts';
import type { BackendRequest, TrainBackend } from '../workers/train-protocol.ts';
import { readSeedInput } from './seed-input.ts';
import type { TrainingRunner } from './training-runner.ts';

const BACKENDS = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const satisfies readonly BackendRequest[];

/** The URL fields every training figure has: lr (one of `learningRates`), beta in [0, 10], seed, backend. */
export function trainingSchema({
  learningRates,
  learningRate,
  beta,
  seed,
}: {
  readonly learningRates: readonly number[];
  readonly learningRate: number;
  readonly beta: number;
  readonly seed: number;
}): {
  lr: Field<`${number}`>;
  beta: Field<number>;
  seed: Field<number>;
  backend: Field<BackendRequest>;
} {
  const choices = learningRates.map(String) as readonly string[] as readonly `${number}`[];
  return {
    lr: choiceField({ fallback: String(learningRate) as `${number}`, choices }),
    beta: numberField({ fallback: beta, min: 0, max: 10, digits: 2 }),
    seed: seedField(seed),
    backend: choiceField<BackendRequest>({ fallback: 'auto', choices: BACKENDS }),
  };
}

/** The first message of every training worker (training-worker.ts), and its answer. */
interface InitRequest {
  readonly type: 'init';
  /** Which figure's handler the worker runs. */
  readonly figure: 'toy' | 'mnist';
  readonly backend: BackendRequest;
}
interface ReadyReply {
  readonly type: 'ready';
  readonly backend: TrainBackend;
  readonly why: string;
}

/**
 * Starts a training worker (workers/training-worker.ts) for `figure` on `backend` (or lets it choose,
 * 'auto'); sets data-train-backend on `element` and says in `note` which backend trains and why.
 * Returns the worker's request function.
 */
export async function startTrainingWorker<Request, Reply extends { readonly type: string }>({
  figure,
  backend,
  element,
  note,
}: {
  figure: InitRequest['figure'];
  backend: BackendRequest;
  element: HTMLElement;
  note: Element;
}): Promise<(request: Request) => Promise<Reply>> {
  // One script for both figures: the browser fetches it and its chunks once.
  const worker = new Worker(new URL('../workers/training-worker.ts', import.meta.url), { type: 'module' });
  const send = workerClient<Request | InitRequest, Reply | ReadyReply>(worker);
  const ready = await send({ type: 'init', figure, backend });
  if (ready.type !== 'ready') throw new Error(`the training worker answered '${ready.type}' to 'init'`);
  const { backend: chosen, why } = ready as ReadyReply;
  element.dataset.trainBackend = chosen;
  note.textContent = `Trained in a Web Worker by @ellipse/core on TensorFlow.js's ${chosen} backend: ${why}.`;
  return send as (request: Request) => Promise<Reply>;
}

/** Play toggles playing; Step pauses and takes one step (`stepOnce`); Reset pauses and starts over. */
export function bindRunControls<Request>(
  { play, step, reset }: { play: HTMLButtonElement; step: HTMLButtonElement; reset: HTMLButtonElement },
  runner: Pick<TrainingRunner<Request, unknown>, 'playing' | 'setPlaying'>,
  {
    stepOnce,
    resetRun,
    fail,
  }: { stepOnce: () => Promise<void>; resetRun: () => Promise<void>; fail: (error: unknown) => void },
): void {
  play.addEventListener('click', () => runner.setPlaying(!runner.playing));
  step.addEventListener('click', () => {
    runner.setPlaying(false);
    stepOnce().catch(fail);
  });
  reset.addEventListener('click', () => {
    runner.setPlaying(false);
    resetRun().catch(fail);
  });
}

export interface SettingsInputs {
  readonly lr: HTMLSelectElement;
  readonly beta: HTMLInputElement;
  readonly seed: HTMLInputElement;
  /** Where a rejected value is explained. */
  readonly readout: Element;
}

/** The URL state of the three inputs (lr as its select's value). */
export interface SettingsState {
  readonly value: { readonly lr: `${number}`; readonly beta: number; readonly seed: number };
  set(patch: Partial<{ lr: `${number}`; beta: number; seed: number }>): void;
}

/**
 * Fills the inputs from `state` and keeps it in step with them: a new learning rate or beta (0 to 10)
 * calls `configure`, a new seed (an integer from 0 to 2^32 - 1) calls `reseed`; a value out of range is
 * put back and the read-out says why.
 */
export function bindSettingsInputs(
  { lr, beta, seed, readout }: SettingsInputs,
  state: SettingsState,
  { configure, reseed }: { configure: () => void; reseed: () => void },
): void {
  lr.value = state.value.lr;
  beta.value = String(state.value.beta);
  seed.value = String(state.value.seed);
  lr.addEventListener('change', () => {
    state.set({ lr: lr.value as `${number}` });
    configure();
  });
  beta.addEventListener('change', () => {
    const value = Number(beta.value);
    if (beta.value !== '' && Number.isFinite(value) && value >= 0 && value <= 10) {
      state.set({ beta: value });
      configure();
    } else {
      readout.textContent = `β must be a number from 0 to 10, got '${beta.value}'; keeping ${state.value.beta}.`;
      beta.value = String(state.value.beta);
    }
  });
  seed.addEventListener('change', () => {
    const value = readSeedInput(seed, state.value.seed, readout);
    if (value === null) return;
    state.set({ seed: value });
    reseed();
  });
}
