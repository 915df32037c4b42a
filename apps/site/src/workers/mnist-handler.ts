/**
 * What a training worker (training-worker.ts) does for <mnist-train-figure>: it answers
 * mnist-protocol.ts's messages. It fetches the shipped subset (/models/mnist-subset/) and the test
 * digits (/models/), each checked, once; TensorFlow.js and @ellipse/core train in the worker, off the
 * main thread. One figure per worker: the state is the module's.
 */
import { openMnistSubset } from '../data/mnist-subset.ts';
import { fetchFromSite, openModelData } from '../data/model-data.ts';
import { MNIST_TEST_DIGITS } from '../figures/mnist-train-settings.ts';
import type { MnistReply, MnistRequest } from './mnist-protocol.ts';
import { createMnistSession, type MnistSession, type MnistStepRecord } from './mnist-session.ts';
import { startBackend } from './start-backend.ts';
import { chooseBackend } from './train-backend.ts';

interface Data {
  readonly images: Uint8Array;
  readonly trainCount: number;
  readonly testImages: Uint8Array;
  readonly testLabels: Uint8Array;
}

let data: Promise<Data> | null = null;
let session: MnistSession | null = null;

async function loadData(): Promise<Data> {
  const fetchBytes = fetchFromSite('/models/');
  const [subset, models] = await Promise.all([
    openMnistSubset({ fetchBytes }),
    openModelData({ fetchBytes }),
  ]);
  const [digits, labels] = await Promise.all([models.digits(), models.labels()]);
  const count = Math.min(MNIST_TEST_DIGITS, digits.length / 784);
  return {
    images: subset.images,
    trainCount: subset.manifest.data.count,
    testImages: digits.subarray(0, count * 784),
    testLabels: labels.slice(0, count),
  };
}

async function trained(records: readonly MnistStepRecord[], ms: number): Promise<MnistReply> {
  const run = session as MnistSession;
  const { trainCount, testLabels } = await (data as Promise<Data>);
  return {
    type: 'trained',
    records,
    snapshot: await run.snapshot(),
    trainCount,
    testCount: testLabels.length,
    stepsPerEpoch: run.stepsPerEpoch,
    testLabels,
    ms,
  };
}

export async function handleMnistRequest(request: MnistRequest): Promise<MnistReply> {
  switch (request.type) {
    case 'init': {
      const { backend, why } = await chooseBackend(request.backend, startBackend, 'mnist.backend');
      return { type: 'ready', backend, why };
    }
    case 'reset': {
      session?.dispose();
      session = null;
      data ??= loadData();
      const { images, testImages } = await data;
      const { seed, learningRate, beta } = request;
      session = createMnistSession({ images, testImages, seed, learningRate, beta });
      return trained([], 0);
    }
    default: {
      if (session === null) throw new Error(`'${request.type}' before 'reset': the worker has no model yet`);
      if (request.type === 'configure') {
        session.configure(request);
        return trained([], 0);
      }
      const start = performance.now();
      const records = await session.step(request.count);
      return trained(records, performance.now() - start);
    }
  }
}
