import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { FORMAT_VERSION } from '@ellipse/format';
import { loadRunTestSet } from 'trainer/run-test-set';
import {
  MANIFEST_PATH,
  parseManifest,
  SITE_DATA_VERSION,
  type SiteModel,
  type SiteModelsManifest,
} from '../src/data/manifest.ts';
import { encodeTable } from '../src/data/table-file.ts';
import { collectRun, ELLIPSE_DIGITS, type OutputFile } from './collect-run.ts';
import { SITE_MODEL_SPECS, type SiteModelsOptions, trainerArgs } from './site-model-specs.ts';
import { type FinishedRun, runPool, trainOrReuse } from './train-runs.ts';
import { writeModelsDir } from './write-models-dir.ts';

/** Fails unless every run saw the same test bits (same dataset, seed and binarisation). */
function sameTestSet(a: Float32Array, b: Float32Array, what: string): void {
  if (a.length !== b.length || a.some((v, i) => v !== b[i])) {
    throw new Error(`${what} saw another test set than the first model: give every model the same seed`);
  }
}

/**
 * `pnpm --filter site models`: trains the site's models with the trainer's CLI (up to `jobs` at once),
 * encodes the test set with each exported encoder, and replaces `out` with the ONNX files, tables
 * and manifest.json (see src/data/README.md). Returns the manifest written.
 */
export async function buildSiteModels({
  options,
  cli,
  command,
  log,
}: {
  options: SiteModelsOptions;
  /** Path of the trainer's CLI script. */
  cli: string;
  /** The command line to record in the manifest. */
  command: string;
  log: (line: string) => void;
}): Promise<SiteModelsManifest> {
  const started = performance.now();
  const runsRoot =
    options.runs === null ? await mkdtemp(join(tmpdir(), 'site-models-')) : resolve(options.runs);
  try {
    const runs = SITE_MODEL_SPECS.map((spec) => {
      const runDir = join(runsRoot, spec.name);
      return { spec, label: spec.name, runDir, args: trainerArgs({ spec, options, runDir }) };
    });
    log(
      `models ${runs.map((r) => r.label).join(', ')} (${options.epochs} epochs each, ${options.jobs} at once) in ${runsRoot}`,
    );
    const finished: FinishedRun[] = [];
    await runPool(
      runs.map((run, i) => async () => {
        finished[i] = await trainOrReuse({ cli, run, reuse: options.reuse, log });
      }),
      options.jobs,
    );
    const first = runs[0];
    if (first === undefined) throw new Error('SITE_MODEL_SPECS is empty');
    const test = await loadRunTestSet(first.runDir);
    const models: Partial<Record<string, SiteModel>> = {};
    const files: OutputFile[] = [];
    for (const [i, r] of runs.entries()) {
      sameTestSet(test.values, (await loadRunTestSet(r.runDir)).values, r.spec.name);
      log(
        `[${r.spec.name}] encoding ${test.count} test digits with the exported encoder (ONNX Runtime, wasm)`,
      );
      const collected = await collectRun({
        spec: r.spec,
        runDir: r.runDir,
        test,
        trainerArgs: (finished[i] as FinishedRun).args,
        trainSeconds: (finished[i] as FinishedRun).seconds,
      });
      models[r.spec.name] = collected.model;
      files.push(...collected.files);
    }
    const [height, width] = test.imageShape ?? [0, 0];
    if (test.labels === null || height * width !== test.dataSize) {
      throw new Error(`the test set ${test.name} has no labels or no 28x28 images: the site needs MNIST`);
    }
    const labels = encodeTable({
      path: 'test-labels.bin',
      dtype: 'uint8',
      shape: [test.count],
      values: test.labels,
    });
    const digits = encodeTable({
      path: 'test-digits.bin',
      dtype: 'bits',
      shape: [ELLIPSE_DIGITS, test.dataSize],
      values: test.values.subarray(0, ELLIPSE_DIGITS * test.dataSize),
    });
    // Written only once it passes the site's own parser (src/data/manifest.ts).
    const manifest = parseManifest({
      version: SITE_DATA_VERSION,
      formatVersion: FORMAT_VERSION,
      command,
      createdAt: new Date().toISOString(),
      seconds: (performance.now() - started) / 1000,
      jobs: options.jobs,
      data: {
        dataset: test.name,
        count: test.count,
        imageShape: [height, width],
        binarization: `each grey level p drawn once as Bernoulli(p), seed ${options.seed} (the trainer's evaluation set)`,
        labels: labels.file,
        digits: digits.file,
      },
      models,
    });
    files.push(
      { path: labels.file.path, bytes: labels.bytes },
      { path: digits.file.path, bytes: digits.bytes },
      { path: MANIFEST_PATH, bytes: new TextEncoder().encode(`${JSON.stringify(manifest, null, 1)}\n`) },
    );
    await writeModelsDir(resolve(options.out), files, { keep: ['avb', 'mnist-subset'] }); // `avb-models`, `mnist-subset`
    const total = files.reduce((sum, f) => sum + f.bytes.length, 0);
    log(
      `wrote ${files.length} files, ${(total / 1e6).toFixed(2)} MB, to ${options.out} in ${manifest.seconds.toFixed(0)} s`,
    );
    return manifest;
  } finally {
    if (options.runs === null) await rm(runsRoot, { recursive: true, force: true });
  }
}
