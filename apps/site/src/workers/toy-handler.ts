/**
 * What a training worker (training-worker.ts) does for <train-figure>: it answers train-protocol.ts's
 * messages. TensorFlow.js, its backends and @ellipse/core load in the worker, off the main thread, so
 * the page stays responsive while the VAE trains. One figure per worker: the state is the module's.
 */
import { startBackend } from './start-backend.ts';
import { chooseBackend } from './train-backend.ts';
import type { TrainingSet, TrainReply, TrainRequest } from './train-protocol.ts';
import { createTrainSession, type StepRecord, type TrainSession, trainingPoints } from './train-session.ts';

let session: TrainSession | null = null;
let points: Float32Array = new Float32Array(0);
let data: { dataset: TrainingSet['dataset']; seed: number } = { dataset: 'moons', seed: 0 };

async function trained(records: readonly StepRecord[], ms: number): Promise<TrainReply> {
  const snapshot = await (session as TrainSession).snapshot();
  return { type: 'trained', records, snapshot, points, ms };
}

export async function handleToyRequest(request: TrainRequest): Promise<TrainReply> {
  switch (request.type) {
    case 'init': {
      const { backend, why } = await chooseBackend(request.backend, startBackend);
      return { type: 'ready', backend, why };
    }
    case 'reset': {
      session?.dispose();
      session = null;
      const { dataset, drawn, seed, learningRate, beta } = request;
      data = { dataset, seed };
      points = trainingPoints(dataset, seed, drawn);
      session = createTrainSession({ points, seed, learningRate, beta });
      return trained([], 0);
    }
    default: {
      if (session === null) throw new Error(`'${request.type}' before 'reset': the worker has no model yet`);
      if (request.type === 'step') {
        const start = performance.now();
        const records = await session.step(request.count);
        return trained(records, performance.now() - start);
      }
      if (request.type === 'trace') return { type: 'traced', trace: await session.trace() };
      if (request.type === 'configure') {
        session.configure(request);
      } else {
        const next = trainingPoints(data.dataset, data.seed, request.drawn);
        session.setPoints(next);
        points = next;
      }
      return trained([], 0);
    }
  }
}
