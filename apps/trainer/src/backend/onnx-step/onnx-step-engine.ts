/**
 * The ONNX Runtime step engine: each training step is one run of the generated graph (step-graph.ts)
 * on onnxruntime-node, loss and gradients, then one pass of Adam (flat-adam.ts) over flat buffers [P]
 * (weights, gradient, Adam m and v) that live on the host. The graph reads the weights from views of
 * the weight buffer and writes every gradient into its view of the gradient buffer (pre-allocated
 * outputs): a step allocates no buffer of weights' size, copies none, and Adam updates in place. The noise eps is core's seeded
 * standardNormalNoise, fed as an input, so a step sees exactly the noise the tfjs engine would, and a
 * resumed run continues bit for bit.
 * `sync` writes the buffers back as core's named weights and Adam state (checkpoints, evaluation and
 * export read those, unchanged).
 */
import { type Adam, assertFiniteRows, type Regularizer, standardNormalNoise, type Vae } from '@ellipse/core';
import type * as Ort from 'onnxruntime-node';
import type { StepEngine } from '../../step-engine.ts';
import { createFlatAdam } from './flat-adam.ts';
import { adamStateOf, flatLayout, packFlat, unpackFlat } from './flat-layout.ts';
import { buildStepGraph, gradientName, STEP_NAMES } from './step-graph.ts';

/** What the engine uses of onnxruntime-node (injected: loaded dynamically by the backend). */
export type OrtModule = Pick<typeof Ort, 'InferenceSession' | 'Tensor'>;

/** ONNX Runtime execution providers the trainer uses: its CPU one, or CUDA on an NVIDIA GPU. */
export type ExecutionProvider = 'cpu' | 'cuda';

export interface OnnxStepEngineOptions {
  readonly ort: OrtModule;
  /** The model and optimiser to start from (e.g. restored from a checkpoint) and to sync back to. */
  readonly vae: Vae;
  readonly adam: Adam;
  /** L: samples of z per example (reparameterised). */
  readonly samples: number;
  readonly regularizer: Regularizer;
  readonly learningRate: number;
  readonly executionProvider: ExecutionProvider;
  /** Intra-op threads of the CPU execution provider. */
  readonly threads: number;
}

/** Noise eps [L, N, K] as the tfjs engine draws it (core's standardNormalNoise, same seed). */
function stepNoise(shape: readonly number[], seed: number): Float32Array {
  const eps = standardNormalNoise(shape, seed);
  try {
    return eps.dataSync() as Float32Array;
  } finally {
    eps.dispose();
  }
}

/**
 * Builds the engine from vae's weights and adam's state (a fresh Adam has no moments yet: zeros).
 * One graph and session per batch size (the last batch of an epoch may be smaller).
 */
export async function createOnnxStepEngine(options: OnnxStepEngineOptions): Promise<StepEngine> {
  const { ort, vae, adam, samples, regularizer } = options;
  const { config } = vae;
  const layout = flatLayout(config);
  const state = await adam.getState();
  const fresh = Object.keys(state.moments).length === 0;
  const adamFlat = createFlatAdam({ size: layout.size, learningRate: options.learningRate });
  const { params, gradient, m, v } = adamFlat;
  params.set(packFlat(layout, await vae.getWeights()));
  m.set(packFlat(layout, state.moments, { suffix: '/m', missingAsZeros: fresh }));
  v.set(packFlat(layout, state.moments, { suffix: '/v', missingAsZeros: fresh }));
  let t = state.step;

  /** Tensors over views of a flat buffer, one per weight: `key(name)` -> [shape] at its offset. */
  const views = (buffer: Float32Array, key: (name: string) => string) =>
    Object.fromEntries(
      layout.entries.map(({ name, offset, size, shape }) => [
        key(name),
        new ort.Tensor('float32', buffer.subarray(offset, offset + size), [...shape]),
      ]),
    );
  const weightFeeds = views(params, (name) => name);
  const scalarFetch = () => new ort.Tensor('float32', new Float32Array(1), []);
  const fetches: Record<string, Ort.Tensor> = {
    ...views(gradient, gradientName),
    [STEP_NAMES.loss]: scalarFetch(),
    [STEP_NAMES.reconstruction]: scalarFetch(),
    [STEP_NAMES.kl]: scalarFetch(),
  };

  const sessions = new Map<number, Promise<Ort.InferenceSession>>();
  const sessionFor = (batchSize: number): Promise<Ort.InferenceSession> => {
    let session = sessions.get(batchSize);
    if (session === undefined) {
      const { bytes } = buildStepGraph({ config, batchSize, samples, regularizer });
      session = ort.InferenceSession.create(bytes, {
        executionProviders: [options.executionProvider],
        intraOpNumThreads: options.threads,
        interOpNumThreads: 1,
        executionMode: 'sequential',
        graphOptimizationLevel: 'all',
      });
      sessions.set(batchSize, session);
    }
    return session;
  };

  return {
    async step({ values, size, beta, seed }) {
      assertFiniteRows(values, config.inputSize, 'the batch');
      const session = await sessionFor(size);
      const eps = [samples, size, config.latentSize];
      await session.run(
        {
          ...weightFeeds,
          [STEP_NAMES.x]: new ort.Tensor('float32', values, [size, config.inputSize]),
          [STEP_NAMES.eps]: new ort.Tensor('float32', stepNoise(eps, seed), eps),
          [STEP_NAMES.beta]: new ort.Tensor('float32', Float32Array.of(beta), []),
        },
        fetches,
      );
      const scalar = (name: string) => ((fetches[name] as Ort.Tensor).data as Float32Array)[0] as number;
      adamFlat.step(t + 1);
      t += 1;
      return {
        loss: scalar(STEP_NAMES.loss),
        reconstruction: scalar(STEP_NAMES.reconstruction),
        kl: scalar(STEP_NAMES.kl),
      };
    },
    async sync() {
      vae.setWeights(unpackFlat(layout, params));
      adam.setState(adamStateOf(layout, m, v, t));
    },
    async dispose() {
      for (const session of sessions.values()) await (await session).release();
      sessions.clear();
    },
  };
}
