// The whole trainer on WebGPU (Dawn in Node; a software adapter in CI): train, checkpoint, evaluate,
// export. WebGPU in Node has no synchronous readback, so any dataSync() left on these paths fails here.
// Set ELLIPSE_SKIP_WEBGPU=1 to skip it knowingly on a machine without a WebGPU driver.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { main } from './cli.ts';
import { runPaths } from './run-directory.ts';

const skip = process.env.ELLIPSE_SKIP_WEBGPU === '1';

describe.skipIf(skip)('trainer on webgpu', () => {
  it('trains toy2d for an epoch, evaluates and exports, all on WebGPU', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ellipse-webgpu-'));
    const lines: string[] = [];
    const code = await main(
      [
        'train',
        '--preset',
        'toy2d',
        '--backend',
        'webgpu',
        '--epochs',
        '1',
        '--batch-size',
        '1000',
        '--importance-samples',
        '10',
        '--eval-images',
        '20',
        '--out',
        out,
      ],
      {
        progressSink: { isTTY: false, write: () => {} },
        log: (line) => lines.push(line),
        shouldStop: () => false,
      },
    );
    expect(code).toBe(0);
    expect(tf.getBackend()).toBe('webgpu');
    expect(lines[0]).toMatch(/^backend: webgpu on /);
    const paths = runPaths(out);
    for (const file of [paths.checkpoint, paths.evaluation, paths.decoderOnnx, paths.ellipsesJson(1)]) {
      expect(existsSync(file), file).toBe(true);
    }
    const evaluation = JSON.parse(readFileSync(paths.evaluation, 'utf8'));
    expect(Number.isFinite(evaluation.testElbo)).toBe(true);
    expect(Number.isFinite(evaluation.testNll)).toBe(true);
  }, 180_000);
});
