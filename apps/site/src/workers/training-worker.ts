/**
 * The one worker script both live-training figures start, each its own instance
 * (new Worker(new URL('../workers/training-worker.ts', import.meta.url), { type: 'module' })): one
 * bundle, so a reader who opens both figures downloads TensorFlow.js and its backends once. The first
 * message, 'init', names the figure; every later message of the instance goes to that figure's handler.
 */
import { handleMnistRequest } from './mnist-handler.ts';
import type { MnistReply, MnistRequest } from './mnist-protocol.ts';
import { serveRequests } from './serve-requests.ts';
import { handleToyRequest } from './toy-handler.ts';
import type { TrainReply, TrainRequest } from './train-protocol.ts';

type Handler = (request: TrainRequest | MnistRequest) => Promise<TrainReply | MnistReply>;

let handler: Handler | null = null;

serveRequests<TrainRequest | MnistRequest, TrainReply | MnistReply>(
  async (request) => {
    if (request.type === 'init') {
      handler = (request.figure === 'mnist' ? handleMnistRequest : handleToyRequest) as Handler;
    }
    if (handler === null) throw new Error(`'${request.type}' before 'init': the worker serves no figure yet`);
    return handler(request);
  },
  (message) => ({ type: 'error', message }),
);
