// Nothing lost: the trainer is killed with SIGKILL (no handler runs) inside epochs and inside checkpoint
// writes, at points drawn from a seeded generator and reached by counting steps and writes (never by
// timing), then resumed each time. The checkpoint on disk is whole after every kill, and the finished run
// is bit-identical to an uninterrupted one.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulberry32 } from '@ellipse/core';
import { describe, expect, it } from 'vitest';
import { loadCheckpoint } from './checkpoint.ts';
import { main } from './cli.ts';
import { runPaths } from './run-directory.ts';

const cli = join(import.meta.dirname, 'cli.ts');
const killSwitch = join(import.meta.dirname, '..', 'test', 'kill-switch.ts');
/** toy2d: 20 steps an epoch (10,000 points, batch 500), 3 epochs, a cheap final evaluation. */
const RUN = [
  '--preset',
  'toy2d',
  '--backend',
  'cpu',
  '--batch-size',
  '500',
  '--importance-samples',
  '20',
  '--eval-images',
  '50',
];
const EPOCHS = ['--epochs', '3'];

function runCli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', killSwitch, cli, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, ...env },
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

const withoutTimings = (dir: string) =>
  readFileSync(runPaths(dir).metrics, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const { seconds: _s, samplesPerSecond: _r, ...rest } = JSON.parse(line);
      return rest;
    });

describe('SIGKILL at random points, then resume', () => {
  it('never leaves a half-written checkpoint, and finishes bit-identical to an uninterrupted run', async () => {
    const straight = mkdtempSync(join(tmpdir(), 'ellipse-kill-straight-'));
    const killed = mkdtempSync(join(tmpdir(), 'ellipse-kill-'));
    const quiet = { progressSink: { isTTY: false, write: () => {} }, log: () => {}, shouldStop: () => false };
    expect(await main(['train', ...RUN, ...EPOCHS, '--out', straight], quiet)).toBe(0);

    const random = mulberry32(Number(process.env.ELLIPSE_FUZZ_SEED ?? 20261129));
    const draw = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
    // Counted within each process: a resumed one starts at the saved position.
    const kills: Record<string, string>[] = [
      { ELLIPSE_TEST_KILL_AT_STEP: String(draw(21, 39)) }, // in epoch 2 (epoch 1 is saved)
      { ELLIPSE_TEST_KILL_IN_WRITE: `1:${random().toFixed(3)}` }, // part-way through saving epoch 2
      { ELLIPSE_TEST_KILL_IN_WRITE: '1:1' }, // every byte written, not yet renamed
      { ELLIPSE_TEST_KILL_AT_STEP: String(draw(1, 19)) }, // in epoch 2 again
      { ELLIPSE_TEST_KILL_IN_WRITE: `2:${random().toFixed(3)}` }, // saving epoch 3
    ];
    const checkpoint = runPaths(killed).checkpoint;
    for (const env of kills) {
      const args = existsSync(checkpoint)
        ? ['train', '--resume', killed]
        : ['train', ...RUN, ...EPOCHS, '--out', killed];
      const result = await runCli(args, env);
      expect(result.signal, `${JSON.stringify(env)}: ${result.stderr.slice(-500)}`).toBe('SIGKILL');
      // Whatever was on disk is whole: it decodes, CRC and all.
      expect(existsSync(checkpoint), JSON.stringify(env)).toBe(true);
      const saved = await loadCheckpoint(checkpoint);
      expect(saved.header.position.step).toBe(0); // only epoch ends are saved by a killed run
    }
    // The last write was killed half-way: a temporary file is left beside the whole checkpoint...
    expect(readdirSync(killed).some((name) => name.includes('.tmp-'))).toBe(true);
    const finished = await runCli(['train', '--resume', killed], {});
    expect(finished.code, finished.stderr.slice(-500)).toBe(0);
    // ...and the resumed run removed it.
    expect(readdirSync(killed).filter((name) => name.includes('.tmp-'))).toEqual([]);

    expect(withoutTimings(killed)).toEqual(withoutTimings(straight));
    const a = await loadCheckpoint(runPaths(straight).checkpoint);
    const b = await loadCheckpoint(checkpoint);
    expect(b.weights).toEqual(a.weights);
    expect(b.adamMoments).toEqual(a.adamMoments);
    expect(b.header.adamStep).toBe(a.header.adamStep);
    const evaluation = (dir: string) => {
      const { testElbo, testNll } = JSON.parse(readFileSync(runPaths(dir).evaluation, 'utf8'));
      return { testElbo, testNll };
    };
    expect(evaluation(killed)).toEqual(evaluation(straight));
  }, 300_000);
});
