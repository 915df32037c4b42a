import { hasGaussianEncoder, isAdversarial, mixSeed } from '@ellipse/core';
import { writeFileAtomic } from '../atomic-write.ts';
import type { CommandContext } from '../command-context.ts';
import {
  AVB_PROPOSAL_SAMPLES,
  type EvaluatedModel,
  type Evaluation,
  evaluate,
  type TestTerms,
} from '../evaluate.ts';
import { createStatusLine, formatBar, formatDuration } from '../progress.ts';
import type { RunPaths } from '../run-directory.ts';
import type { RunOptions } from '../run-options.ts';

/** Evaluates with a progress line, writes evaluation.json and prints the figures. */
export async function evaluateRun({
  model,
  testValues,
  options,
  paths,
  context,
  testTerms,
}: {
  model: EvaluatedModel;
  testValues: Float32Array;
  /** The last epoch's test terms of this model on testValues, reused (see evaluate). */
  testTerms?: TestTerms;
  options: Pick<RunOptions, 'importanceSamples' | 'evalImages' | 'seed' | 'objective'>;
  paths: RunPaths;
  context: CommandContext;
}): Promise<Evaluation> {
  const { progressSink, log } = context;
  const started = performance.now();
  const gaussian = hasGaussianEncoder(options.objective);
  const nll = `-log p(x) with k = ${options.importanceSamples} importance samples on ${options.evalImages ?? 'all'} test images`;
  log(
    gaussian
      ? `evaluating: test ELBO on every test example, ${nll}`
      : isAdversarial(options.objective)
        ? `evaluating: reconstruction and the discriminator's KL estimate on every test example (no ELBO: ` +
          `the implicit encoder has samples but no density q(z|x)); ${nll}, the proposal a Gaussian fitted to ` +
          `${AVB_PROPOSAL_SAMPLES} encoder samples of each image (as the AVB paper does)`
        : `evaluating: -log p(x | mu(x)) on every test example; no ELBO and no -log p(x): ` +
          `the '${options.objective}' encoder is a point, with no density q(z|x) to bound or importance-sample with`,
  );
  const status = createStatusLine(progressSink, { print: log });
  const evaluation = await evaluate({
    model,
    objective: options.objective,
    values: testValues,
    importanceSamples: options.importanceSamples,
    nllImages: options.evalImages,
    seed: mixSeed(options.seed, 0xe7a1),
    ...(testTerms === undefined ? {} : { testTerms }),
    onProgress: (done, total) => {
      const seconds = (performance.now() - started) / 1000;
      const eta = (seconds / done) * (total - done);
      status.update(
        `importance sampling ${formatBar(done, total, 20)} ${done}/${total} images, eta ${formatDuration(eta)}`,
        {
          final: done === total,
        },
      );
    },
  });
  status.done();
  const seconds = (performance.now() - started) / 1000;
  await writeFileAtomic(paths.evaluation, `${JSON.stringify({ ...evaluation, seconds }, null, 2)}\n`);
  log(
    (evaluation.testElbo !== null
      ? `test ELBO ${evaluation.testElbo.toFixed(2)} nats, `
      : evaluation.testKl !== null
        ? `test reconstruction ${evaluation.testReconstruction.toFixed(2)} nats, KL estimate ${evaluation.testKl.toFixed(2)} nats, `
        : `test reconstruction -log p(x | mu(x)) ${evaluation.testReconstruction.toFixed(2)} nats, `) +
      (evaluation.testNll === null
        ? ''
        : `-log p(x) ~= ${evaluation.testNll.toFixed(2)} nats (k = ${evaluation.importanceSamples}, ${evaluation.nllImages} images), `) +
      `${evaluation.activeUnits}/${evaluation.latentSize} active units (${seconds.toFixed(0)} s) -> ${paths.evaluation}`,
  );
  return evaluation;
}
