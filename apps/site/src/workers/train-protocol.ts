/**
 * The messages between <train-figure> (main thread) and its worker (training-worker.ts, toy-handler.ts). The page pulls:
 * it asks for `count` steps and asks again only when the answer came, so pausing stops the updates
 * after at most one chunk, and a busy worker never queues work the reader no longer wants.
 */
import type { ToyDatasetName } from '@ellipse/core';
import type { StepRecord, StepTrace, TrainSettings, TrainSnapshot } from './train-session.ts';

export const TRAIN_BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
/** tfjs backends, in the order tried: WebGPU, else WebGL, else WASM, else the pure-JS CPU one. */
export type TrainBackend = (typeof TRAIN_BACKENDS)[number];
export type BackendRequest = 'auto' | TrainBackend;

/** Page -> worker. */
export type TrainRequest =
  | { readonly type: 'init'; readonly figure: 'toy'; readonly backend: BackendRequest }
  /** A new run from the seed: the toy set plus the drawn points, fresh weights and Adam, step 0. */
  | ({ readonly type: 'reset'; readonly seed: number } & TrainingSet & TrainSettings)
  | { readonly type: 'step'; readonly count: number }
  /** The next step taken apart (slow motion), weights unchanged; a 'step' of count 1 then applies it. */
  | { readonly type: 'trace' }
  | ({ readonly type: 'configure' } & TrainSettings)
  /** The reader drew points: the same toy set plus these, weights kept. */
  | { readonly type: 'drawn'; readonly drawn: Float32Array };

/** What the worker trains on: core's toy set `dataset` (256 points from the seed) and the reader's points. */
export interface TrainingSet {
  readonly dataset: ToyDatasetName;
  /** [M, 2] row-major, M >= 0. */
  readonly drawn: Float32Array;
}

/** Worker -> page. */
export type TrainReply =
  | { readonly type: 'ready'; readonly backend: TrainBackend; readonly why: string }
  /** The answer to 'reset', 'points' (records empty) and 'step': the new records and a snapshot. */
  | {
      readonly type: 'trained';
      readonly records: readonly StepRecord[];
      readonly snapshot: TrainSnapshot;
      /** The training points now, [N, 2] row-major. */
      readonly points: Float32Array;
      /** Wall time of the steps in the worker, ms (0 with no steps). */
      readonly ms: number;
    }
  /** The answer to 'trace'. */
  | { readonly type: 'traced'; readonly trace: StepTrace }
  | { readonly type: 'error'; readonly message: string };
