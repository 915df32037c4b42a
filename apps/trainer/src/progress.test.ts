import { describe, expect, it } from 'vitest';
import {
  createProgressReporter,
  formatBar,
  formatDuration,
  formatProgress,
  type ProgressState,
} from './progress.ts';

const state: ProgressState = {
  epoch: 2,
  epochs: 10,
  step: 150,
  stepsPerEpoch: 600,
  loss: 101.234,
  reconstruction: 80.5,
  kl: 20.734,
  samplesPerSecond: 4321.6,
  etaSeconds: 3725,
};

describe('progress', () => {
  it('formats durations and bars', () => {
    expect(formatDuration(59.6)).toBe('1:00');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatBar(150, 600, 8)).toBe('[##......]');
    expect(formatBar(0, 0, 3)).toBe('[...]');
  });

  it('formats every field of the status line', () => {
    expect(formatProgress(state, 4)).toBe(
      'epoch 2/10  [#...]  step 150/600  loss 101.23  recon 80.50  kl 20.73  4322 samples/s  eta 1:02:05',
    );
  });

  it('redraws in place on a terminal and keeps logged lines above the status', () => {
    const out: string[] = [];
    const reporter = createProgressReporter({ isTTY: true, write: (t) => out.push(t) });
    reporter.update(state);
    reporter.log('epoch 1: test ELBO -99.1');
    reporter.done();
    const text = out.join('');
    expect(text.startsWith('\r\x1b[2Kepoch 2/10')).toBe(true);
    expect(text).toContain('\r\x1b[2Kepoch 1: test ELBO -99.1\nepoch 2/10');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('prints plain lines at most once per interval when piped, and always the last step', () => {
    const out: string[] = [];
    let clock = 0;
    const reporter = createProgressReporter(
      { isTTY: false, write: (t) => out.push(t) },
      { plainIntervalMs: 1000, now: () => clock },
    );
    reporter.update({ ...state, step: 1 });
    clock = 500;
    reporter.update({ ...state, step: 2 });
    clock = 1500;
    reporter.update({ ...state, step: 3 });
    reporter.update({ ...state, step: 600 });
    expect(out.map((line) => line.match(/step (\d+)/)?.[1])).toEqual(['1', '3', '600']);
    expect(out.every((line) => !line.includes('\r'))).toBe(true);
  });
});
