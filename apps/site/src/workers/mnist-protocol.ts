/**
 * The messages between <mnist-train-figure> (main thread) and its worker (training-worker.ts, mnist-handler.ts), pulled
 * like the toy figure's (train-protocol.ts): one request in flight, the page asks again when answered.
 */
import type { MnistSnapshot, MnistStepRecord } from './mnist-session.ts';
import type { BackendRequest, TrainBackend } from './train-protocol.ts';
import type { TrainSettings } from './train-session.ts';

/** Page -> worker. */
export type MnistRequest =
  | { readonly type: 'init'; readonly figure: 'mnist'; readonly backend: BackendRequest }
  /** A new run from the seed: fresh weights and Adam, step 0 (the data load on the first). */
  | ({ readonly type: 'reset'; readonly seed: number } & TrainSettings)
  | { readonly type: 'step'; readonly count: number }
  | ({ readonly type: 'configure' } & TrainSettings);

/** Worker -> page. */
export type MnistReply =
  | { readonly type: 'ready'; readonly backend: TrainBackend; readonly why: string }
  /** The answer to 'reset', 'configure' (records empty) and 'step'. */
  | {
      readonly type: 'trained';
      readonly records: readonly MnistStepRecord[];
      readonly snapshot: MnistSnapshot;
      /** Training images, test images and steps per epoch of the run. */
      readonly trainCount: number;
      readonly testCount: number;
      readonly stepsPerEpoch: number;
      /** The digit of each test image whose ellipse is drawn, [T]. */
      readonly testLabels: Uint8Array;
      /** Wall time of the steps in the worker, ms (0 with no steps). */
      readonly ms: number;
    }
  | { readonly type: 'error'; readonly message: string };
