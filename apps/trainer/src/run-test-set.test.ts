import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { presetConfig } from '@ellipse/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Dataset } from './data/dataset.ts';
import { loadMnist } from './data/mnist.ts';
import { runPaths } from './run-directory.ts';
import { DEFAULT_RUN_OPTIONS, type RunOptions } from './run-options.ts';
import { loadRunTestSet } from './run-test-set.ts';

/** A run directory holding only the run.json that `train` writes first. */
function runDir(options: Partial<RunOptions>, preset = 'mnist2d-site'): string {
  const dir = mkdtempSync(join(tmpdir(), 'ellipse-run-test-set-'));
  const run = { options: { ...DEFAULT_RUN_OPTIONS, preset, ...options }, config: presetConfig(preset) };
  writeFileSync(runPaths(dir).run, JSON.stringify(run));
  return dir;
}

describe('loadRunTestSet', () => {
  let grey: Dataset;
  beforeAll(async () => {
    grey = await loadMnist({ split: 'test' });
  });

  it('binarises MNIST test digits once, as evaluation does: bits whose mean is the grey mean', async () => {
    const test = await loadRunTestSet(runDir({ binarize: 'dynamic', seed: 1 }));
    expect(test.count).toBe(10_000);
    expect(test.labels).toEqual(grey.labels);
    expect(test.values.every((v) => v === 0 || v === 1)).toBe(true);
    // E[Bernoulli(p)] = p: over 7.84M pixels the means agree to ~1e-4 (std ~ sqrt(0.1 / 7.84e6)).
    const mean = (values: Float32Array) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(Math.abs(mean(test.values) - mean(grey.values))).toBeLessThan(1e-3);
    // Pixels that are 0 (or 1) in grey stay 0 (or 1).
    expect(
      grey.values.every((p, i) => (p === 0 ? test.values[i] === 0 : p === 1 ? test.values[i] === 1 : true)),
    ).toBe(true);
  }, 180_000);

  it('gives the same bits for the same seed and other bits for another', async () => {
    const a = await loadRunTestSet(runDir({ seed: 1 }));
    const b = await loadRunTestSet(runDir({ seed: 1 }));
    const c = await loadRunTestSet(runDir({ seed: 2 }));
    expect(b.values).toEqual(a.values);
    const differing = a.values.filter((v, i) => v !== c.values[i]).length;
    expect(differing).toBeGreaterThan(100_000);
  }, 180_000);

  it('keeps grey levels when the run did not binarise', async () => {
    const test = await loadRunTestSet(runDir({ binarize: 'none' }));
    expect(test.values).toEqual(grey.values);
  }, 180_000);

  it('names the missing run.json and what to give instead', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ellipse-run-test-set-'));
    await expect(loadRunTestSet(empty)).rejects.toThrow(
      new RegExp(`cannot read ${join(empty, 'run.json')}.*give the directory of a run made by 'train'`),
    );
  });
});
