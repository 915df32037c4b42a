import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN_OPTIONS, OPTION_TABLE, optionsHelp, resolveRunOptions } from './run-options.ts';

describe('resolveRunOptions', () => {
  it('returns the defaults with no config and no flags', () => {
    expect(resolveRunOptions({}, {})).toEqual(DEFAULT_RUN_OPTIONS);
    // objectives the ONNX step does not cover train on tfjs, ~5x slower an epoch: a fifth of the epochs
    expect(resolveRunOptions({}, { objective: 'geometric' }).epochs).toBe(100);
    expect(resolveRunOptions({}, { objective: 'iwae' }).epochs).toBe(20);
    expect(resolveRunOptions({ objective: 'ae' }, {}).epochs).toBe(20);
    expect(resolveRunOptions({ objective: 'ae', epochs: 7 }, {}).epochs).toBe(7);
    expect(resolveRunOptions({}, { objective: 'avb', epochs: '3' }).epochs).toBe(3);
  });

  it('applies the config file, then flags over it', () => {
    const options = resolveRunOptions(
      { epochs: 3, preset: 'mnist2d', evalImages: null },
      { epochs: '5', 'learning-rate': '3e-4', 'eval-images': '200', 'latent-size': 'auto' },
    );
    expect(options.epochs).toBe(5);
    expect(options.preset).toBe('mnist2d');
    expect(options.learningRate).toBe(3e-4);
    expect(options.evalImages).toBe(200);
    expect(options.latentSize).toBeNull();
    expect(resolveRunOptions({}, { 'eval-images': 'all' }).evalImages).toBeNull();
  });

  it('names the flag, the value and what was expected', () => {
    expect(() => resolveRunOptions({}, { epochs: '2.5' })).toThrow(
      '--epochs: got "2.5", expected an integer >= 1',
    );
    expect(() => resolveRunOptions({}, { 'learning-rate': '0' })).toThrow(
      '--learning-rate: got "0", expected a number > 0',
    );
    expect(() => resolveRunOptions({}, { preset: 'cifar' })).toThrow(
      /--preset: got "cifar", expected one of mnist, mnist2d, mnist2d-site, toy2d/,
    );
    expect(() => resolveRunOptions({}, { backend: 'cuda' })).toThrow(
      /expected one of auto, onnxruntime-cuda, tensorflow-gpu/,
    );
  });

  it('rejects sizes over their limit before anything is allocated, naming the limit', () => {
    // 2^28 float32 values (1 GiB) / 784 pixels = 342392 rows -> 2^18 (by hand).
    expect(resolveRunOptions({}, { 'batch-size': '262144' }).batchSize).toBe(262144);
    expect(() => resolveRunOptions({}, { 'batch-size': '262145' })).toThrow(
      '--batch-size: got "262145", expected an integer >= 1 and <= 262144 (the limit, see --help)',
    );
    expect(() => resolveRunOptions({}, { 'latent-size': '1000000000' })).toThrow(
      '--latent-size: got "1000000000", expected an integer >= 1 and <= 32768',
    );
    expect(() => resolveRunOptions({ importanceSamples: 2 ** 21 }, {}, 'run.json')).toThrow(
      "run.json: 'importanceSamples': got 2097152, expected an integer >= 1 and <= 1048576",
    );
    expect(() => resolveRunOptions({}, { seed: String(2 ** 32) })).toThrow(/<= 4294967295/);
    expect(() => resolveRunOptions({}, { 'learning-rate': '-1' })).toThrow(
      '--learning-rate: got "-1", expected a number > 0',
    );
    expect(optionsHelp()).toMatch(/--batch-size .*\[default: 100, max 262144\]/);
  });

  it('rejects unknown or ill-typed config keys, naming the file', () => {
    expect(() => resolveRunOptions({ epoch: 3 }, {}, 'run.json')).toThrow(/run.json: unknown key 'epoch'/);
    expect(() => resolveRunOptions({ beta: 'high' }, {}, 'run.json')).toThrow(/run.json: 'beta': got "high"/);
  });

  it('documents every option with its default', () => {
    const help = optionsHelp();
    for (const spec of OPTION_TABLE) expect(help).toContain(`--${spec.flag}`);
    expect(help).toMatch(/--eval-images .*\[default: 500, max 262144\]/);
    expect(help).toMatch(/--dataset .*\[default: auto\]/);
  });
});
