// `pnpm --filter @ellipse/sdk bench`: cold start and samples/s of the SDK (wasm and webgpu in
// headless Chromium, wasm in Node) against the same decoder on TensorFlow.js (cpu backend, Node);
// JS bundle sizes and wasm bytes fetched. Appends its tables to BENCHMARKS.md at the repository root.
import { execFileSync } from 'node:child_process';
import { appendFile, mkdtemp, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium } from '@ellipse/browser-test/chromium';
import * as tf from '@tensorflow/tfjs-core';
import { loadModel } from '../src/index.ts';
import { type ExampleGlobal, openExample } from '../test/browser/example-page.ts';
import { startExampleSite } from '../test/browser/example-site.ts';
import { trainedModel } from '../test/trained-models.ts';

const SIZES = [1, 64, 1024] as const;
const MIN_MS = 1500;
type Rates = Record<number, number>;

/** samples/s of `run(n)`: one warm-up, then repeats until MIN_MS (at least 3 runs). */
async function rate(run: (n: number) => Promise<unknown>, n: number): Promise<number> {
  await run(n);
  let runs = 0;
  const start = performance.now();
  while (runs < 3 || performance.now() - start < MIN_MS) {
    await run(n);
    runs += 1;
  }
  return (n * runs * 1000) / (performance.now() - start);
}

async function rates(run: (n: number) => Promise<unknown>): Promise<Rates> {
  const out: Rates = {};
  for (const n of SIZES) out[n] = await rate(run, n);
  return out;
}

const preset = { inputSize: 784, imageShape: [28, 28], latentSize: 50, hiddenSizes: [200, 200] } as const;
console.log('exporting the 784-200-200-50 tanh Bernoulli decoder (mnist preset, untrained weights)...');
const model = await trainedModel({ config: preset, steps: 0 });
const dir = await mkdtemp(join(tmpdir(), 'ellipse-sdk-bench-'));
const decoderPath = join(dir, 'decoder.onnx');
await writeFile(decoderPath, model.decoder);

console.log('Node: tfjs cpu baseline...');
await tf.setBackend('cpu');
const tfjsNode = await rates(async (n) => {
  tf.tidy(() => tf.sigmoid(model.vae.decode(tf.randomNormal([n, preset.latentSize]))).dataSync());
});

console.log('Node: SDK wasm...');
const coldRuns = [0, 1, 2].map(() =>
  JSON.parse(
    execFileSync(process.execPath, [join(import.meta.dirname, 'node-cold-start.ts'), decoderPath]).toString(),
  ),
);
const nodeCold = coldRuns.map((r) => r.coldStartMs as number).sort((a, b) => a - b)[1] as number;
const sdk = await loadModel(decoderPath, { backend: 'wasm' });
const sdkNode = await rates((n) => sdk.sample(n, { seed: n }));
await sdk.dispose();

console.log('Chromium: building the example app...');
const site = await startExampleSite({ 'decoder.onnx': model.decoder });
const browser = await launchChromium({ webgpu: true });
const pages: Record<
  string,
  { cold: number; wasmBytes: number; rates: Rates; threads: number; reason: string }
> = {};
for (const backend of ['wasm', 'webgpu'] as const) {
  console.log(`Chromium: ${backend}...`);
  site.server.bytesByType.clear();
  const opened = await openExample(browser, `${site.server.url}?backend=${backend}`); // new context: cold cache
  const wasmBytes = site.server.bytesByType.get('.wasm') ?? 0;
  const measured = await opened.page.evaluate(
    async ({ sizes, minMs }) => {
      const m = (globalThis as unknown as { ellipseExample: ExampleGlobal }).ellipseExample.model!;
      const out: Record<number, number> = {};
      for (const n of sizes) {
        await m.sample(n, { seed: n });
        let runs = 0;
        const start = performance.now();
        while (runs < 3 || performance.now() - start < minMs) {
          await m.sample(n, { seed: n });
          runs += 1;
        }
        out[n] = (n * runs * 1000) / (performance.now() - start);
      }
      return out;
    },
    { sizes: [...SIZES], minMs: MIN_MS },
  );
  const b = opened.info.backend;
  if (b.name !== backend) throw new Error(`asked for ${backend}, ran ${b.name}: ${b.reason}`);
  pages[backend] = {
    cold: opened.timings.coldStartMs,
    wasmBytes,
    rates: measured,
    threads: b.threads,
    reason: b.reason,
  };
  await opened.page.context().close();
}
const chromiumVersion = browser.version();
await browser.close();

const js = [...site.files].filter(([name]) => name.endsWith('.js'));
const bundle = (pattern: RegExp) => {
  const files = js.filter(([name]) => pattern.test(name));
  const raw = files.reduce((sum, [, size]) => sum + size, 0);
  return { raw, files: files.map(([name]) => name) };
};
await site.close();

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const fmt = (value: number) => (value >= 100 ? value.toFixed(0) : value.toPrecision(3));
const row = (name: string, cold: string, r: Rates) => [
  name,
  cold,
  ...SIZES.map((n) => fmt(r[n] as number)),
  ...SIZES.map((n) => `${((r[n] as number) / (tfjsNode[n] as number)).toFixed(2)}x`),
];
/** A Markdown table with padded columns (the layout the repository's formatter keeps). */
const table = (rows: readonly (readonly string[])[]): string[] => {
  const widths = (rows[0] as readonly string[]).map((_, c) =>
    Math.max(...rows.map((r) => (r[c] ?? '').length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, c) => cell.padEnd(widths[c] as number)).join(' | ')} |`;
  return [
    line(rows[0] as readonly string[]),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.slice(1).map(line),
  ];
};
const sdkJs = bundle(/assets\/src-/);
const lines = [
  `### SDK: sampling from an exported decoder (${new Date().toISOString().slice(0, 10)})`,
  '',
  `Command: \`pnpm --filter @ellipse/sdk bench\` (\`node bench/sdk-bench.ts\`). ${new Date().toISOString().slice(0, 10)}, ` +
    `Node ${process.versions.node}, Chromium ${chromiumVersion} headless (WebGPU = SwiftShader, no GPU), ` +
    `${availableParallelism()} cores shared with other jobs: expect noise of +-20%.`,
  '',
  'Model: the `mnist` preset decoder, 50 -> 200 -> 200 -> 784 (tanh, Bernoulli means), exported by the trainer.',
  'Throughput: `sample(n, { seed })` end to end (seeded draws + decode + copy out), samples/s, mean over >= 1.5 s after one warm-up run.',
  'Baseline: the same decoder in TensorFlow.js (`@tensorflow/tfjs-backend-cpu` in Node, `tf.randomNormal` -> decode -> sigmoid -> dataSync); ratio = SDK / baseline.',
  'Cold start: import of the SDK to the first sample (module import, model fetch, wasm compile, session, first run); Node: median of 3 fresh processes; Chromium: a fresh browser context.',
  '',
  ...table([
    ['runtime', 'cold start', 'n=1', 'n=64', 'n=1024', 'vs tfjs n=1', 'n=64', 'n=1024'],
    row('tfjs cpu, Node (baseline)', '-', tfjsNode),
    row('SDK wasm, Node (1 thread)', `${nodeCold.toFixed(0)} ms`, sdkNode),
    ...(['wasm', 'webgpu'] as const).map((b) =>
      row(
        `SDK ${b}, Chromium${b === 'wasm' ? ` (${pages[b]?.threads} threads)` : ''}`,
        `${pages[b]?.cold.toFixed(0)} ms`,
        pages[b]?.rates ?? {},
      ),
    ),
  ]),
  '',
  ...table([
    ['download (Chromium, cold cache)', 'wasm', 'webgpu'],
    ['wasm bytes fetched', mb(pages.wasm?.wasmBytes ?? 0), mb(pages.webgpu?.wasmBytes ?? 0)],
    ['JS: SDK (incl. @ellipse/format)', kb(sdkJs.raw), kb(sdkJs.raw)],
    [
      'JS: onnxruntime-web build (loaded on demand)',
      kb(bundle(/ort\.wasm/).raw),
      kb(bundle(/ort\.webgpu/).raw),
    ],
  ]),
  '',
  `Backends as reported by \`info.backend.reason\`: "${pages.wasm?.reason}"; "${pages.webgpu?.reason}".`,
  '',
];
await appendFile(join(import.meta.dirname, '..', '..', '..', 'BENCHMARKS.md'), `\n${lines.join('\n')}`);
console.log(lines.join('\n'));
model.vae.dispose();
