import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN_OPTIONS, OPTION_TABLE, optionsHelp, resolveRunOptions } from './run-options.ts';

describe('resolveRunOptions', () => {
  it('returns the defaults with no config and no flags', () => {
    expect(resolveRunOptions({}, {})).toEqual(DEFAULT_RUN_OPTIONS);
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
    expect(() => resolveRunOptions({}, { backend: 'cuda' })).toThrow(/expected one of auto, tensorflow-gpu/);
  });

  it('rejects unknown or ill-typed config keys, naming the file', () => {
    expect(() => resolveRunOptions({ epoch: 3 }, {}, 'run.json')).toThrow(/run.json: unknown key 'epoch'/);
    expect(() => resolveRunOptions({ beta: 'high' }, {}, 'run.json')).toThrow(/run.json: 'beta': got "high"/);
  });

  it('documents every option with its default', () => {
    const help = optionsHelp();
    for (const spec of OPTION_TABLE) expect(help).toContain(`--${spec.flag}`);
    expect(help).toMatch(/--eval-images .*\[default: 500\]/);
    expect(help).toMatch(/--dataset .*\[default: auto\]/);
  });
});
