import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeMetadata } from '@ellipse/format';
import { describe, expect, it } from 'vitest';
import { encodeIdxUint8 } from '../test/idx-fixture.ts';
import { runCli as runCliAt } from '../test/run-cli.ts';
import { loadCheckpoint } from './checkpoint.ts';
import { main } from './cli.ts';
import type { CommandContext } from './command-context.ts';
import { loadMnist } from './data/mnist.ts';
import { decodeModel } from './export/onnx-graph.ts';
import { runPaths } from './run-directory.ts';

const cli = join(import.meta.dirname, 'cli.ts');
const runCli = (args: string[], onStderr?: (text: string, kill: () => void) => void) =>
  runCliAt(cli, args, onStderr);
/** A small, fast run: toy2d, 2 epochs of 100 steps, cheap evaluation. */
const TOY = ['--preset', 'toy2d', '--backend', 'cpu', '--importance-samples', '20', '--eval-images', '50'];

function context(stopAfterLines = Number.POSITIVE_INFINITY) {
  const lines: string[] = [];
  let updates = 0;
  const ctx: CommandContext = {
    // A terminal sink sees every progress update, so `stopAfterLines` counts training steps.
    progressSink: { isTTY: true, write: (text) => (updates += text.includes('step ') ? 1 : 0) },
    log: (line) => lines.push(line),
    shouldStop: () => updates >= stopAfterLines,
  };
  return { ctx, lines };
}

/** A directory in the MNIST file layout with the first 200 train and 50 test images of the real MNIST. */
async function tinyMnist(): Promise<string> {
  const dir = tempDir();
  for (const [split, prefix, count] of [
    ['train', 'train', 200],
    ['test', 't10k', 50],
  ] as const) {
    const { values, labels } = await loadMnist({ split });
    const pixels = Array.from(values.subarray(0, count * 784), (v) => Math.round(v * 255));
    writeFileSync(join(dir, `${prefix}-images-idx3-ubyte`), encodeIdxUint8([count, 28, 28], pixels));
    writeFileSync(
      join(dir, `${prefix}-labels-idx1-ubyte`),
      encodeIdxUint8([count], labels?.subarray(0, count) ?? []),
    );
  }
  return dir;
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'ellipse-cli-'));
}

function metricLines(dir: string): Record<string, number>[] {
  return readFileSync(runPaths(dir).metrics, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line));
}

/** Runs the real CLI process; resolves with its exit code and output. */
describe('trainer CLI', () => {
  it('trains, evaluates and exports a toy model into the run directory', async () => {
    const out = tempDir();
    const { ctx, lines } = context();
    expect(await main(['train', ...TOY, '--epochs', '2', '--out', out], ctx)).toBe(0);
    const paths = runPaths(out);
    for (const file of [
      paths.checkpoint,
      paths.metrics,
      paths.evaluation,
      paths.decoderOnnx,
      paths.encoderOnnx,
      paths.run,
    ]) {
      expect(existsSync(file), file).toBe(true);
    }
    const metrics = metricLines(out);
    expect(metrics.map((m) => m.epoch)).toEqual([1, 2]);
    const evaluation = JSON.parse(readFileSync(paths.evaluation, 'utf8'));
    // The importance-sampled bound is at least as tight as the ELBO: -log p(x) <= -ELBO (up to MC noise).
    expect(evaluation.testNll).toBeLessThan(-evaluation.testElbo + 0.5);
    expect(JSON.parse(readFileSync(paths.run, 'utf8')).backend.name).toBe('cpu');
    expect(lines[0]).toMatch(/^backend: cpu on CPU/);
    expect(lines[2]).toBe(
      'model: toy2d preset, 2-64-64-2 tanh, gaussian decoder; ' +
        'objective vae: ELBO, reparameterised gradients, L = 1, KL weight 1; Adam 0.001, batch 100, 2 epochs; 32-bit floats',
    );
    expect(existsSync(paths.ellipsesJson(2))).toBe(true); // 2-D latent: posterior ellipses per epoch
    const { ellipses } = JSON.parse(readFileSync(paths.ellipsesJson(2), 'utf8'));
    expect(ellipses).toHaveLength(1000);
    expect(ellipses[0].sigma).toHaveLength(2);
  });

  /**
   * Trains `args` for 2 epochs straight, and again stopped mid-epoch 1 (after 30 progress updates)
   * then resumed; expects every figure but the timings, the weights and the Adam state to be equal.
   */
  async function expectResumeExact(args: string[]): Promise<{ straight: string; lines: string[] }> {
    const straight = tempDir();
    const split = tempDir();
    const { ctx, lines } = context();
    expect(await main(['train', ...args, '--epochs', '2', '--out', straight], ctx)).toBe(0);
    expect(await main(['train', ...args, '--epochs', '2', '--out', split], context(30).ctx)).toBe(130);
    const stopped = await loadCheckpoint(runPaths(split).checkpoint);
    expect(stopped.header.position).toEqual({ epoch: 0, step: 30 });
    expect(await main(['train', '--resume', split], context().ctx)).toBe(0);
    const withoutTimings = (lines: Record<string, number>[]) =>
      lines.map(({ seconds: _s, samplesPerSecond: _r, ...rest }) => rest);
    expect(withoutTimings(metricLines(split))).toEqual(withoutTimings(metricLines(straight)));
    const a = await loadCheckpoint(runPaths(straight).checkpoint);
    const b = await loadCheckpoint(runPaths(split).checkpoint);
    expect(b.weights).toEqual(a.weights);
    expect(b.adamMoments).toEqual(a.adamMoments);
    expect(b.header.adamStep).toBe(a.header.adamStep);
    return { straight, lines };
  }

  it.each([['vae'], ['ae'], ['iwae', '--k', '2'], ['avb']])(
    '--objective %s resumes from a checkpoint exactly as an uninterrupted run with the same seed',
    async (...objective) => {
      await expectResumeExact([...TOY, '--objective', ...objective]);
    },
    300_000,
  );

  it('--objective ae: trains with no regulariser, evaluates what is defined, exports a point encoder', async () => {
    const out = tempDir();
    const { ctx, lines } = context();
    expect(await main(['train', ...TOY, '--objective', 'ae', '--epochs', '1', '--out', out], ctx)).toBe(0);
    const paths = runPaths(out);
    expect(lines[2]).toContain(
      'objective ae: reconstruction -log p(x | mu(x)) only, deterministic encoder, no regulariser',
    );
    const [metrics] = metricLines(out);
    expect(metrics).toMatchObject({ trainKl: 0, testElbo: null, testKl: null });
    expect(metrics?.trainLoss).toBe(metrics?.trainReconstruction);
    expect(lines.join('\n')).toMatch(/no ELBO and no -log p\(x\): the 'ae' encoder is a point/);
    const evaluation = JSON.parse(readFileSync(paths.evaluation, 'utf8'));
    expect(evaluation).toMatchObject({ objective: 'ae', testElbo: null, testNll: null, testKl: null });
    expect(evaluation.testReconstruction).toBeTypeOf('number');
    const { ellipses } = JSON.parse(readFileSync(paths.ellipsesJson(1), 'utf8'));
    expect(ellipses[0].sigma).toEqual([0, 0]);
    const encoder = decodeModel(readFileSync(paths.encoderOnnx));
    const props = Object.fromEntries((encoder.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? '']));
    expect(decodeMetadata(props)).toMatchObject({ role: 'encoder', objective: 'ae' });
    expect(decodeMetadata(props).metrics).not.toHaveProperty('testElbo');
    expect(encoder.graph?.node?.map((n) => n.opType)).toContain('Log');
  });

  it('trains on --backend onnxruntime, says so, and resumes a stopped run bit for bit', async () => {
    const onnx = [...TOY.slice(0, 2), '--backend', 'onnxruntime', ...TOY.slice(4)];
    const { straight, lines } = await expectResumeExact(onnx);
    expect(lines[0]).toMatch(
      /^backend: onnxruntime on CPU \(ONNX Runtime, one intra-op thread: faster than one per core for this step, see BENCHMARKS.md; evaluation on tfjs wasm\), 1 thread \(asked for onnxruntime: the whole training step as one ONNX graph/,
    );
    // it learned: the test ELBO of the toy data rose over the two epochs
    const [first, second] = metricLines(straight);
    expect(second?.testElbo).toBeGreaterThan(first?.testElbo as number);
  });

  it('Ctrl-C in a real process saves a checkpoint and exits with 130', async () => {
    const out = tempDir();
    let killed = false;
    const result = await runCli(['train', ...TOY, '--epochs', '3', '--out', out], (stderr, kill) => {
      if (stderr.includes('step 1/100') && !killed) {
        killed = true;
        kill();
      }
    });
    expect(result.code).toBe(130);
    expect(result.stderr).toContain('stopping after this step');
    expect(result.stdout).toMatch(
      /stopped: checkpoint saved at epoch \d+, step \d+; continue with: .*--resume/,
    );
    // Stopped within the first epoch, not at its end: the step loop lets the signal in.
    const { position } = (await loadCheckpoint(runPaths(out).checkpoint)).header;
    expect(position.epoch).toBe(0);
    expect(position.step).toBeGreaterThan(0);
  });

  it('exports ONNX files whose metadata names the model', async () => {
    const out = tempDir();
    expect(await main(['train', ...TOY, '--epochs', '1', '--out', out], context().ctx)).toBe(0);
    const { ctx } = context();
    expect(await main(['export', out], ctx)).toBe(0);
    const model = decodeModel(readFileSync(runPaths(out).decoderOnnx));
    const props = Object.fromEntries((model.metadataProps ?? []).map((p) => [p.key ?? '', p.value ?? '']));
    const metadata = decodeMetadata(props);
    expect(metadata).toMatchObject({
      role: 'decoder',
      latentSize: 2,
      preset: 'toy2d',
      dataset: 'toy:pinwheel',
    });
    expect(metadata.metrics.testElbo).toBeTypeOf('number');
  });

  it('eval, export and sample work on a run directory in a fresh process', async () => {
    const out = tempDir();
    const data = await tinyMnist();
    const train = ['--preset', 'mnist2d', '--dataset', 'idx', '--data-dir', data, '--backend', 'cpu'];
    const quick = ['--epochs', '1', '--importance-samples', '10', '--eval-images', '10', '--out', out];
    expect(await main(['train', ...train, ...quick], context().ctx)).toBe(0);
    const png = join(out, 'grid.png');
    const sample = await runCli([
      'sample',
      out,
      '--count',
      '4',
      '--seed',
      '0',
      '--png',
      png,
      '--backend',
      'cpu',
    ]);
    expect(sample.stderr).toBe('');
    expect(sample.code).toBe(0);
    expect(sample.stdout).toMatch(/^backend: cpu on CPU/);
    expect([...readFileSync(png).subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    const evaluated = await runCli(['eval', out, '--importance-samples', '5', '--backend', 'cpu']);
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toMatch(/-log p\(x\) ~= [\d.]+ nats \(k = 5, 50 images\)/); // all 50 test images
    const exported = await runCli(['export', out, '--backend', 'wasm']);
    expect(exported.code).toBe(0);
    expect(exported.stdout).toMatch(/backend: wasm[\s\S]*exported .*decoder\.onnx/);
  }, 120_000);

  describe('bad input: exit code 1 and one line naming the problem and the fix', () => {
    it.each([
      [
        ['train', '--preset', 'cifar'],
        /--preset: got "cifar", expected one of mnist, mnist2d, mnist2d-site, toy2d/,
      ],
      [['train', '--epochs', '0'], /--epochs: got "0", expected an integer >= 1/],
      [
        ['train', '--dataset', 'idx', '--data-dir', '/nonexistent'],
        /train-images-idx3-ubyte.*does not exist/,
      ],
      [['eval', '/nonexistent-run'], /cannot read checkpoint .*checkpoint.ckpt \(ENOENT\)/],
      [['frobnicate'], /unknown command 'frobnicate'/],
      [
        ['train', '--objective', 'gan'],
        /--objective: got "gan", expected one of vae, geometric, score, ae, iwae, avb, avb-ac/,
      ],
      [['train', '--objective', 'iwae', '--k', '0'], /--k: got "0", expected an integer >= 1/],
      [['train', '--estimator', 'score'], /OptionError: unknown flag '--estimator'/],
      [['sample', '/nonexistent-run', '--count', '0'], /--count: got "0", expected an integer >= 1/],
      // The cases that once escaped as raw TypeError / RangeError / Node's argument-parser hint:
      [
        ['train', '--latnet-size', '8'],
        /OptionError: unknown flag '--latnet-size': did you mean --latent-size\?/,
      ],
      [['train', '--learning-rate', '-1'], /OptionError: --learning-rate: got "-1", expected a number > 0/],
    ])('%j', async (args, message) => {
      const result = await runCli([...args, '--backend', 'cpu']);
      expect(result.code).toBe(1);
      const errorLines = result.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('error:'));
      expect(errorLines).toHaveLength(1);
      expect(errorLines[0]).toMatch(message);
    });

    it.each([
      [
        ['train', '--latent-size', '1000000000'],
        'OptionError: --latent-size: got "1000000000", expected an integer >= 1 and <= 32768',
      ],
      [
        ['train', '--batch-size', '262144', '--samples', '262144'],
        'ConfigError: --samples = 262144 with a batch',
      ],
      [['eval', '/nonexistent-run', '--epochs', '3'], 'OptionError: eval does not take --epochs'],
      [['export', 'run-a', 'run-b'], "OptionError: export takes <run dir> besides flags, got also 'run-b'"],
      [
        ['sample', '/nonexistent-run', '--count', '1e9'],
        'OptionError: --count: got "1e9", expected an integer >= 1 and <= 262144',
      ],
      [['train', '--resume', 'run-a', '--config', 'run.json'], 'OptionError: --resume continues run-a'],
    ])('%j (in process) throws %s before reading or allocating anything', async (args, message) => {
      const out = tempDir();
      const error = await main(
        [...args, '--backend', 'cpu', ...(args[0] === 'train' ? ['--out', out] : [])],
        context().ctx,
      ).catch((caught: unknown) => caught as Error);
      expect(`${(error as Error).name}: ${(error as Error).message}`).toContain(message);
      expect(existsSync(runPaths(out).checkpoint)).toBe(false);
    });

    it('a corrupt data file is named, and nothing in the run directory is damaged', async () => {
      const dir = tempDir();
      // Image headers that promise 9 images of unknown size (the dimensions are cut off), in both splits;
      // valid labels, so the images are the only problem (they are read in parallel).
      for (const split of ['train', 't10k']) {
        writeFileSync(join(dir, `${split}-images-idx3-ubyte`), new Uint8Array([0, 0, 8, 3, 0, 0, 0, 9]));
        writeFileSync(join(dir, `${split}-labels-idx1-ubyte`), encodeIdxUint8([9], new Uint8Array(9)));
      }
      const out = join(dir, 'run');
      const result = await runCli([
        'train',
        '--dataset',
        'idx',
        '--data-dir',
        dir,
        '--backend',
        'cpu',
        '--out',
        out,
      ]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/error: DataError: .*-images-idx3-ubyte: .*truncated/);
      expect(existsSync(runPaths(out).checkpoint)).toBe(false);
    });

    it('resuming with a changed model option is refused, and the checkpoint is left intact', async () => {
      const out = tempDir();
      expect(await main(['train', ...TOY, '--epochs', '1', '--out', out], context().ctx)).toBe(0);
      const before = readFileSync(runPaths(out).checkpoint);
      await expect(main(['train', '--resume', out, '--latent-size', '3'], context().ctx)).rejects.toThrow(
        /only --epochs and --backend may change \(got --latent-size\)/,
      );
      expect(readFileSync(runPaths(out).checkpoint)).toEqual(before);
    });

    it.each([['score'], ['avb-ac']])(
      '--objective %s without --samples >= 2 is refused before the run directory is written',
      async (objective) => {
        const out = join(tempDir(), 'run');
        await expect(
          main(['train', ...TOY, '--objective', objective, '--out', out], context().ctx),
        ).rejects.toThrow(`--objective ${objective} needs --samples >= 2`);
        expect(existsSync(out)).toBe(false);
      },
    );

    it('an output directory that cannot be created is named with the fix', async () => {
      const file = join(tempDir(), 'a-file');
      writeFileSync(file, 'not a directory');
      const result = await runCli(['train', ...TOY, '--epochs', '1', '--out', join(file, 'run')]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /error: .*cannot write the run directory .*a-file\/run \(ENOTDIR\): choose another with --out/,
      );
    });
  });
});
