import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../test/run-cli.ts';
import type { ObjectiveResult, ResultsReport } from '../results-markdown.ts';

/**
 * `reproduce --budget small` end to end, as a user runs it (the CLI in a child process, backend auto),
 * into a temporary directory; then the table's structure and sanity, not its exact values.
 * Run by `pnpm --filter trainer test:reproduce` (vitest.reproduce.config.ts): ~10 minutes on 2 cores.
 */

const cli = join(import.meta.dirname, '..', 'cli.ts');
const OBJECTIVES = ['vae', 'iwae', 'score', 'geometric', 'ae', 'avb', 'avb-ac'];

/** The report as reproduce writes it to results.json (toy samples left out). */
type Report = Omit<ResultsReport, 'toy'> & { toy: Omit<ResultsReport['toy'][number], 'samples'>[] };

describe('reproduce --budget small, end to end', () => {
  let report: Report;
  let markdown: string;
  let output: string;
  const row = (objective: string): ObjectiveResult => {
    const found = report.objectives.find((r) => r.objective === objective);
    if (found === undefined) throw new Error(`no row for ${objective}`);
    return found;
  };

  const dir = mkdtempSync(join(tmpdir(), 'ellipse-reproduce-'));
  // Seven runs with checkpoints and ONNX files (~50 MB): removed once checked.
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  beforeAll(async () => {
    const results = join(dir, 'RESULTS.md');
    const runs = join(dir, 'runs');
    const run = await runCli(cli, ['reproduce', '--budget', 'small', '--out', runs, '--results', results]);
    output = run.stdout + run.stderr;
    if (run.code !== 0) throw new Error(`reproduce exited with ${run.code}:\n${output.slice(-4000)}`);
    report = JSON.parse(readFileSync(join(runs, 'results.json'), 'utf8')) as Report;
    markdown = readFileSync(results, 'utf8');
  });

  it('trains and evaluates every objective, each row of the table with its ten cells', () => {
    expect(report.budget).toBe('small');
    expect(report.objectives.map((r) => r.objective)).toEqual(OBJECTIVES);
    // The rows of each section's table, cells counted.
    const section = (heading: string) => {
      const text = markdown.split('\n## ').find((part) => part.startsWith(heading)) ?? '';
      return text.split('\n').filter((line) => line.startsWith('| `'));
    };
    const cells = (line: string) => line.split('|').slice(1, -1);
    const table = section('Dynamically binarised MNIST');
    expect(table.map((line) => cells(line).length)).toEqual(OBJECTIVES.map(() => 10));
    expect(table.map((line) => cells(line)[0]?.trim())).toEqual(OBJECTIVES.map((o) => `\`${o}\``));
    // What full takes: one estimate per objective, in hours.
    const full = section('What `--budget full` takes');
    expect(full.map((line) => cells(line)[3]?.trim())).toEqual(
      OBJECTIVES.map(() => expect.stringMatching(/^\d+\.\d h$/)),
    );
    for (const heading of [
      '## Dynamically binarised MNIST',
      "## AVB's toy problem",
      '## Gradient variance',
      '## What `--budget full` takes',
    ]) {
      expect(markdown).toContain(heading);
    }
    // auto said which backend each objective got and why.
    for (const r of report.objectives) expect(r.backendReason).toMatch(/auto chose/);
    expect(output).toMatch(/reproduce: wrote .*RESULTS\.md/);
  });

  it('reports finite figures where defined, and none where the objective defines none', () => {
    for (const r of report.objectives) {
      const hasElbo = ['vae', 'iwae', 'score', 'geometric'].includes(r.objective);
      expect(r.testElbo === null, r.objective).toBe(!hasElbo);
      expect(r.testNll === null, r.objective).toBe(r.objective === 'ae');
      for (const value of [
        r.testElbo,
        r.testNll,
        r.testReconstruction,
        r.seconds,
        r.trainSeconds,
        r.evalSeconds,
      ]) {
        if (value !== null) expect(Number.isFinite(value), r.objective).toBe(true);
      }
      expect(r.activeUnits).toBeGreaterThanOrEqual(0);
      expect(r.activeUnits).toBeLessThanOrEqual(r.latentSize);
      expect(r.epochs).toBe(1);
      // After one epoch every model with a density is far better than uniform pixels (784 log 2 = 543
      // nats). Not the reconstruction: iwae's q, trained for the k = 50 bound, is broad, and one draw of it
      // reconstructs worse than that.
      if (r.testNll !== null) expect(r.testNll, r.objective).toBeLessThan(543);
      expect(r.testReconstruction, r.objective).toBeGreaterThan(0);
    }
  });

  it('has -log p(x) <= -ELBO for every objective with an ELBO (importance sampling tightens the bound)', () => {
    for (const r of report.objectives) {
      if (r.testElbo === null || r.testNll === null) continue;
      expect(r.testNll, r.objective).toBeLessThanOrEqual(-r.testElbo);
    }
  });

  it("shows the IWAE paper's ordering: iwae with k = 50 reaches a lower -log p(x) than vae at equal epochs", () => {
    expect(row('iwae').setting).toBe('k = 50');
    expect(row('iwae').testNll as number).toBeLessThan(row('vae').testNll as number);
  });

  it("scores AVB's toy problem: every decoder within log 1/4, and avb-ac above the Gaussian vae", () => {
    expect(report.toy.map((t) => t.objective)).toEqual(['vae', 'avb', 'avb-ac']);
    for (const t of report.toy) {
      expect(t.logLikelihoods).toHaveLength(4);
      // The four one-hot points are 4 of the 16 binary vectors: mean log p(x) <= log 1/4 (quadrature error ~1e-3).
      expect(t.meanLogLikelihood).toBeLessThanOrEqual(Math.log(1 / 4) + 0.01);
    }
    const [vae, , ac] = report.toy;
    expect(ac?.meanLogLikelihood).toBeGreaterThan(vae?.meanLogLikelihood as number);
  });

  it('finds the score-function encoder gradient noisier than the reparameterised one, the decoder gradients alike', () => {
    const [reparam, score] = report.variance;
    expect(reparam?.estimator).toBe('reparam');
    expect(score?.estimator).toBe('score');
    expect(score?.encoderMeanVariance).toBeGreaterThan(3 * (reparam?.encoderMeanVariance as number));
    const decoderRatio = (score?.decoderMeanVariance as number) / (reparam?.decoderMeanVariance as number);
    expect(decoderRatio).toBeGreaterThan(0.5);
    expect(decoderRatio).toBeLessThan(2);
  });
});
