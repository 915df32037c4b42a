/**
 * `pnpm --filter trainer bench`: training throughput of the `mnist` preset (784-200-200-50 tanh,
 * Bernoulli, L = 1) at batch 100, on every tfjs backend that initialises here, next to the same model
 * in PyTorch (Debian's torch with OpenBLAS, best of 1 and 2 threads; see pytorch-peer.ts) timed in the
 * same run. Prints a Markdown table and appends it to
 * BENCHMARKS.md at the repository root.
 *
 * Usage: node bench/train-throughput.ts [--seconds 15] [--no-write]
 */
import { appendFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Architecture, architecture, createAdam, createVae, PRESETS, trainStep } from '@ellipse/core';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../src/backend/index.ts';
import { binarizeDynamic } from '../src/data/binarize.ts';
import { loadMnist } from '../src/data/mnist.ts';
import { bestPeer, measurePytorchPeer, type PeerMeasurement } from './pytorch-peer.ts';

const { values: flags } = parseArgs({
  options: { seconds: { type: 'string', default: '15' }, 'no-write': { type: 'boolean', default: false } },
});
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

async function measureTfjs(backend: string, images: Float32Array): Promise<Row> {
  let initialized: Awaited<ReturnType<typeof initBackend>>;
  try {
    initialized = await initBackend(backend);
  } catch (error) {
    return {
      name: backend,
      device: '-',
      samplesPerSecond: null,
      note: `not available: ${(error as Error).message.split('\n')[0]}`,
    };
  }
  const vae = createVae({ config, seed: 1 });
  const adam = createAdam({ variables: vae.variables, learningRate: 1e-3 });
  const batches = Array.from({ length: 20 }, (_, i) =>
    binarizeDynamic(images.subarray(i * BATCH * 784, (i + 1) * BATCH * 784), { seed: 1, epoch: 0, step: i }),
  );
  const step = async (i: number) => {
    const x = tf.tensor2d(batches[i % batches.length] as Float32Array, [BATCH, 784]);
    await trainStep({ vae, optimizer: adam, x, estimator: 'reparam', samples: 1, seed: i + 1 });
    x.dispose();
  };
  for (let i = 0; i < 5; i++) await step(i); // warm-up: kernels compiled, shaders built
  let steps = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) await step(steps++);
  const elapsed = (performance.now() - start) / 1000;
  vae.dispose();
  adam.dispose();
  const threads = initialized.threads === null ? '' : `, ${initialized.threads} thread(s)`;
  return {
    name: initialized.name,
    device: `${initialized.device.description}${threads}`,
    samplesPerSecond: (steps * BATCH) / elapsed,
    note: `${steps} steps`,
  };
}

function peerRows(measurement: PeerMeasurement): Row[] {
  if (measurement.results.length === 0) {
    return [{ name: 'PyTorch (peer)', device: '-', samplesPerSecond: null, note: 'not available' }];
  }
  const best = bestPeer(measurement);
  return measurement.results.map((r) => ({
    name: 'PyTorch (peer)',
    device: `CPU, ${r.threads} thread(s), torch ${r.torch}, BLAS ${r.blas.map((b) => basename(b)).join(' + ')}`,
    samplesPerSecond: r.samplesPerSecond,
    note: r === best ? 'same model, same batch; the baseline (best thread count)' : 'same model, same batch',
  }));
}

const flopsPerExample = trainingFlopsPerExample(architecture(config));

const images = (await loadMnist({ split: 'train' })).values;
const peer = await measurePytorchPeer(seconds);
for (const note of peer.notes) console.error(`bench: ${note}`);
const rows: Row[] = peerRows(peer);
for (const backend of ['cpu', 'wasm', 'webgpu', 'tensorflow', 'tensorflow-gpu'])
  rows.push(await measureTfjs(backend, images));
const baseline = bestPeer(peer)?.samplesPerSecond ?? null;
const wasm = rows.find((r) => r.name === 'wasm')?.samplesPerSecond ?? null;
const ratio = (value: number | null, base: number | null) =>
  value === null || base === null ? '-' : `${(value / base).toFixed(2)}x`;
const table = [
  `### Trainer: training throughput, mnist preset, batch ${BATCH} (${new Date().toISOString().slice(0, 10)})`,
  '',
  `Command: \`pnpm --filter trainer bench\` (${seconds} s per backend, after 5 warm-up steps). Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'CPU'}, no GPU.`,
  `FLOPs per training example: ${(flopsPerExample / 1e6).toFixed(2)} M (3 x forward). Ratios are to the faster PyTorch row and to wasm, measured in this same run.`,
  ...peer.notes.map((note) => `Peer: ${note}.`),
  '',
  '| backend | device | samples/s | GFLOP/s | vs PyTorch (same run) | vs wasm | note |',
  '|---|---|---:|---:|---:|---:|---|',
  ...rows.map((r) =>
    [
      r.name,
      r.device,
      r.samplesPerSecond === null ? '-' : Math.round(r.samplesPerSecond).toString(),
      r.samplesPerSecond === null ? '-' : ((r.samplesPerSecond * flopsPerExample) / 1e9).toFixed(1),
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
