/**
 * `pnpm --filter trainer bench`: training throughput of the `mnist` preset (784-200-200-50 tanh,
 * Bernoulli, L = 1) at batch 100, on every tfjs backend that initialises here, next to the same model
 * in PyTorch (Debian's torch with OpenBLAS, best of 1 and 2 threads; see pytorch-peer.ts) timed in the
 * same run. Prints a Markdown table and appends it to
 * BENCHMARKS.md at the repository root.
 *
 * Usage: node bench/train-throughput.ts [--seconds 15] [--no-write] [--only wasm,onnxruntime]
 */
import { appendFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Architecture, architecture, createAdam, createVae, PRESETS } from '@ellipse/core';
import { initBackend } from '../src/backend/index.ts';
import { createOnnxStepEngine } from '../src/backend/onnx-step/onnx-step-engine.ts';
import { onnxStepCoverage } from '../src/backend/onnx-step/step-graph.ts';
import { binarizeDynamic } from '../src/data/binarize.ts';
import { loadMnist } from '../src/data/mnist.ts';
import { type StepBatch, type StepEngine, tfjsStepEngine } from '../src/step-engine.ts';
import { vaeStep } from '../src/training-model.ts';
import { measureGemmPeakGflops } from './gemm-peak.ts';
import { bestPeer, measurePytorchPeer, PEER_ENVIRONMENT, type PeerMeasurement } from './pytorch-peer.ts';

const { values: flags } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' },
    'no-write': { type: 'boolean', default: false },
    /** Comma-separated subset of the backends, e.g. wasm,onnxruntime (default: all). */
    only: { type: 'string' },
  },
});
const only = flags.only?.split(',') ?? null;
const TFJS_BACKENDS = ['cpu', 'wasm', 'webgpu', 'tensorflow', 'tensorflow-gpu'];
const seconds = Number(flags.seconds);
const BATCH = 100;
const config = PRESETS.mnist;

/**
 * FLOPs of one training example: forward 2 * sum(in * out) over every dense layer (a multiply-add is
 * two FLOPs), and the backward pass about twice the forward (gradients for weights and inputs).
 */
function trainingFlopsPerExample(architecture: Architecture): number {
  const layers = [
    ...architecture.encoderHidden,
    architecture.encoderMu,
    architecture.encoderLogVar,
    ...architecture.decoder,
  ];
  return 3 * layers.reduce((sum, layer) => sum + 2 * layer.inputSize * layer.outputSize, 0);
}

interface Row {
  readonly name: string;
  readonly device: string;
  readonly samplesPerSecond: number | null;
  readonly note: string;
}

const unavailable = (name: string, error: unknown): Row => ({
  name,
  device: '-',
  samplesPerSecond: null,
  note: `not available: ${(error as Error).message.split('\n')[0]}`,
});

/** Real MNIST batches [BATCH, 784], binarised as the trainer does. */
function trainingBatches(images: Float32Array): StepBatch[] {
  return Array.from({ length: 20 }, (_, i) => ({
    values: binarizeDynamic(images.subarray(i * BATCH * 784, (i + 1) * BATCH * 784), {
      seed: 1,
      epoch: 0,
      step: i,
    }),
    size: BATCH,
    beta: 1,
    seed: i + 1,
  }));
}

/** Steps for `seconds` after 5 warm-up steps (kernels compiled, shaders built, sessions created). */
async function timeSteps(
  engine: StepEngine,
  batches: readonly StepBatch[],
): Promise<{ rate: number; note: string }> {
  const batch = (i: number) => batches[i % batches.length] as StepBatch;
  for (let i = 0; i < 5; i++) await engine.step(batch(i));
  let steps = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) await engine.step(batch(steps++));
  const elapsed = (performance.now() - start) / 1000;
  await engine.dispose();
  return { rate: (steps * BATCH) / elapsed, note: `${steps} steps` };
}

function model() {
  const vae = createVae({ config, seed: 1 });
  return { vae, adam: createAdam({ variables: vae.variables, learningRate: 1e-3 }) };
}

async function measureTfjs(backend: string, batches: readonly StepBatch[]): Promise<Row> {
  let initialized: Awaited<ReturnType<typeof initBackend>>;
  try {
    initialized = await initBackend(backend);
  } catch (error) {
    return unavailable(backend, error);
  }
  const { vae, adam } = model();
  const engine = tfjsStepEngine({ config, step: vaeStep(vae, adam, { objective: 'vae', samples: 1, k: 1 }) });
  const { rate, note } = await timeSteps(engine, batches);
  vae.dispose();
  adam.dispose();
  const threads = initialized.threads === null ? '' : `, ${initialized.threads} thread(s)`;
  return {
    name: initialized.name,
    device: `${initialized.device.description}${threads}`,
    samplesPerSecond: rate,
    note,
  };
}

/** The whole-step ONNX graph on onnxruntime-node's CPU execution provider with `threads` intra-op threads. */
async function measureOnnx(threads: number, batches: readonly StepBatch[]): Promise<Row> {
  const name = 'onnxruntime';
  try {
    await initBackend('onnxruntime', {
      onnxStep: onnxStepCoverage({ objective: 'vae' }),
    });
  } catch (error) {
    return unavailable(name, error);
  }
  const { vae, adam } = model();
  const ort = await import('onnxruntime-node');
  const engine = await createOnnxStepEngine({
    ort,
    vae,
    adam,
    samples: 1,
    regularizer: 'kl',
    learningRate: 1e-3,
    executionProvider: 'cpu',
    threads,
  });
  const { rate, note } = await timeSteps(engine, batches);
  vae.dispose();
  adam.dispose();
  return {
    name,
    device: `CPU, onnxruntime-node ${ort.env.versions.node}, ${threads} thread(s)`,
    samplesPerSecond: rate,
    note: `${note}; whole step as one graph`,
  };
}

function peerRows(measurement: PeerMeasurement): Row[] {
  if (measurement.results.length === 0) {
    return [{ name: 'PyTorch (peer)', device: '-', samplesPerSecond: null, note: 'not available' }];
  }
  const best = bestPeer(measurement);
  return measurement.results.map((r) => ({
    name: 'PyTorch (peer)',
    device: `CPU, ${r.threads} thread(s), torch ${r.torch}, BLAS ${r.blas.find((b) => b.includes('openblas')) ?? (r.blas.join(' + ') || 'none found')}`,
    samplesPerSecond: r.samplesPerSecond,
    note: r === best ? 'same model, same batch; the baseline (best thread count)' : 'same model, same batch',
  }));
}

const flopsPerExample = trainingFlopsPerExample(architecture(config));

const peak = await measureGemmPeakGflops(await import('onnxruntime-node'));

const batches = trainingBatches((await loadMnist({ split: 'train' })).values);
const peer = await measurePytorchPeer(seconds);
for (const note of peer.notes) console.error(`bench: ${note}`);
const rows: Row[] = peerRows(peer);
for (const backend of TFJS_BACKENDS.filter((b) => only === null || only.includes(b))) {
  rows.push(await measureTfjs(backend, batches));
}
if (only === null || only.includes('onnxruntime')) {
  for (const threads of [1, 2]) rows.push(await measureOnnx(threads, batches));
}
const auto = await initBackend('auto', {
  onnxStep: onnxStepCoverage({ objective: 'vae' }),
});
const baseline = bestPeer(peer)?.samplesPerSecond ?? null;
const wasm = rows.find((r) => r.name === 'wasm')?.samplesPerSecond ?? null;
const ratio = (value: number | null, base: number | null) =>
  value === null || base === null ? '-' : `${(value / base).toFixed(2)}x`;
const table = [
  `### Trainer: training throughput, mnist preset, batch ${BATCH} (${new Date().toISOString().slice(0, 10)})`,
  '',
  `Command: \`pnpm --filter trainer bench\` (${seconds} s per backend, after 5 warm-up steps). Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'CPU'}, no GPU.`,
  `FLOPs per training example: ${(flopsPerExample / 1e6).toFixed(2)} M (3 x forward). Ratios are to the faster PyTorch row and to wasm, measured in this same run.`,
  `One core's attainable fp32 peak: ${peak.toFixed(0)} GFLOP/s, measured in this run (a 512^3 MatMul on ONNX Runtime's MLAS, 1 thread, best of 1 s; bench/gemm-peak.ts); "of peak" divides GFLOP/s by it.`,
  `PyTorch peer environment: ${Object.entries(PEER_ENVIRONMENT(1))
    .map(([k, v]) => `${k}=${k.endsWith('THREADS') ? 'the thread count' : v}`)
    .join(', ')} (bench/pytorch-peer.ts says why); our backends run in the bench's own environment.`,
  ...peer.notes.map((note) => `Peer: ${note}.`),
  `What \`--backend auto\` picks here for this objective: ${auto.name} (${auto.reason}).`,
  '',
  '| backend | device | samples/s | GFLOP/s | of 1-core peak | vs PyTorch (same run) | vs wasm | note |',
  '|---|---|---:|---:|---:|---:|---:|---|',
  ...rows.map((r) =>
    [
      r.name,
      r.device,
      r.samplesPerSecond === null ? '-' : Math.round(r.samplesPerSecond).toString(),
      r.samplesPerSecond === null ? '-' : ((r.samplesPerSecond * flopsPerExample) / 1e9).toFixed(1),
      r.samplesPerSecond === null
        ? '-'
        : `${((100 * r.samplesPerSecond * flopsPerExample) / 1e9 / peak).toFixed(0)}%`,
      ratio(r.samplesPerSecond, baseline),
      ratio(r.samplesPerSecond, wasm),
      r.note,
    ]
      .join(' | ')
      .replace(/^/, '| ')
      .concat(' |'),
  ),
  '',
].join('\n');
console.log(table);
if (!flags['no-write']) {
  await appendFile(join(import.meta.dirname, '..', '..', '..', 'BENCHMARKS.md'), `\n${table}`);
  console.log('appended to BENCHMARKS.md');
}
