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
import { collectRun, ELLIPSE_DIGITS, type OutputFile, readTrainedRun } from './collect-run.ts';
import {
  REFERENCE_PRESET,
  SITE_MODEL_SPECS,
  type SiteModelSpec,
  type SiteModelsOptions,
  trainerArgs,
} from './site-model-specs.ts';
import { type FinishedRun, runPool, type TrainerRun, trainOrReuse } from './train-runs.ts';
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
      return { spec, runDir, args: trainerArgs({ spec, options, runDir }) };
    });
    const vaeSpec = SITE_MODEL_SPECS.find((spec) => spec.name === 'vae') as SiteModelSpec;
    const referenceDir = join(runsRoot, 'reference');
    const referenceArgs = trainerArgs({
      spec: vaeSpec,
      options,
      runDir: referenceDir,
      preset: REFERENCE_PRESET,
    });
    const labelled: TrainerRun[] = [
      ...runs.map((r) => ({ label: r.spec.name, args: r.args, runDir: r.runDir })),
      ...(options.reference ? [{ label: 'reference', args: referenceArgs, runDir: referenceDir }] : []),
    ];
    log(
      `models ${labelled.map((r) => r.label).join(', ')} (${options.epochs} epochs each, ${options.jobs} at once) in ${runsRoot}`,
    );
    // The largest run first, so the pool does not end on it alone.
    const order = [...labelled.keys()].reverse();
    const finished: FinishedRun[] = [];
    await runPool(
      order.map((i) => async () => {
        finished[i] = await trainOrReuse({ cli, run: labelled[i] as TrainerRun, reuse: options.reuse, log });
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
      ...(options.reference
        ? {
            reference: await readTrainedRun({
              runDir: referenceDir,
              trainerArgs: (finished[runs.length] as FinishedRun).args,
              trainSeconds: (finished[runs.length] as FinishedRun).seconds,
            }),
          }
        : {}),
    });
    files.push(
      { path: labels.file.path, bytes: labels.bytes },
      { path: digits.file.path, bytes: digits.bytes },
      { path: MANIFEST_PATH, bytes: new TextEncoder().encode(`${JSON.stringify(manifest, null, 1)}\n`) },
    );
    await writeModelsDir(resolve(options.out), files);
    const total = files.reduce((sum, f) => sum + f.bytes.length, 0);
    log(
      `wrote ${files.length} files, ${(total / 1e6).toFixed(2)} MB, to ${options.out} in ${manifest.seconds.toFixed(0)} s`,
    );
    return manifest;
  } finally {
    if (options.runs === null) await rm(runsRoot, { recursive: true, force: true });
  }
}
