/**
 * <estimators-figure>: issue 11's estimator lab, live. Near the viewport it sets TensorFlow.js's CPU
 * backend (said on the page, with why), builds core's toy2d model from the seed and draws DRAWS
 * estimates of one encoder parameter's gradient with each of core's estimators (estimators-view.ts);
 * the histograms fill in as they come (at once under reduced motion). State in the URL:
 * `?est.L=<2|4|...|64>&est.seed=<n>&est.baseline=<1|0>` (the score function's leave-one-out baseline
 * on or off). Keys: the controls, or ArrowUp / ArrowDown (Right / Left) on
 * the focused plot to double / halve L.
 */
import { prefersReducedMotion } from '../lib/reduced-motion.ts';
import { bindUrlState, booleanField, choiceField, seedField } from '../lib/url-state.ts';
import type { LabModel } from './estimators-lab.ts';
import {
  DEFAULT_SAMPLES,
  DEFAULT_SEED,
  DRAWS,
  isSampleChoice,
  SAMPLE_CHOICES,
  type SampleChoice,
} from './estimators-settings.ts';
import { latestOnly } from './latest-only.ts';
import { LiveFigure } from './live-figure.ts';
import { readSeedInput } from './seed-input.ts';

/** Thrown by the progress hook of a run that a newer request replaced. */
class Superseded extends Error {
  override name = 'Superseded';
}

const nextFrame = (): Promise<void> => new Promise((resolve) => requestAnimationFrame(() => resolve()));

class EstimatorsFigure extends LiveFigure {
  protected async start(): Promise<void> {
    const state = bindUrlState({
      prefix: 'est',
      schema: {
        L: choiceField({ fallback: DEFAULT_SAMPLES, choices: SAMPLE_CHOICES }),
        seed: seedField(DEFAULT_SEED),
        baseline: booleanField(true),
      },
    });
    // TensorFlow.js and core load only now (near the viewport); core registers tfjs's gradients on
    // import (its package.json lists that file in `sideEffects`, so bundlers keep it).
    const [tf, { createLabModel, disposeLabModel }, { computeLab, labReadout, renderLab }] =
      await Promise.all([
        import('@tensorflow/tfjs-core'),
        import('./estimators-lab.ts'),
        import('./estimators-view.ts'),
        import('@tensorflow/tfjs-backend-cpu'),
      ]);
    await tf.setBackend('cpu');
    this.find('[data-backend]').textContent =
      `Computed in this page by @ellipse/core on TensorFlow.js's ${tf.getBackend()} backend, chosen because ` +
      'the model is tiny (2-64-64-2, one data point): the work is many small operations that a GPU or ' +
      'WASM backend would not speed up, and this one needs nothing more to download.';
    const samples = this.find<HTMLSelectElement>('[data-samples]');
    const seed = this.find<HTMLInputElement>('[data-seed]');
    const baseline = this.find<HTMLInputElement>('[data-baseline]');
    const plot = this.find<HTMLElement>('[data-plot]');
    const readout = this.find('[data-readout]');
    samples.value = state.value.L;
    seed.value = String(state.value.seed);
    baseline.checked = state.value.baseline;
    let model: LabModel | null = null;
    let generation = 0;

    const run = async ({ id }: { id: number }) => {
      const L = Number(state.value.L);
      const s = state.value.seed;
      const setting = {
        samples: L,
        seed: s,
        baseline: state.value.baseline ? 'leave-one-out' : 'none',
      } as const;
      if (model === null || model.seed !== s) {
        if (model !== null) disposeLabModel(model);
        model = createLabModel(s);
      }
      this.dataset.state = 'computing';
      readout.textContent = `Drawing ${DRAWS} estimates with each estimator, L = ${L}…`;
      const animate = !prefersReducedMotion();
      const result = await computeLab(model, setting, async (series) => {
        await nextFrame();
        if (id !== generation) throw new Superseded();
        if (animate) plot.replaceChildren(renderLab(document, series));
      });
      plot.replaceChildren(renderLab(document, result.series));
      this.dataset.computedL = String(L);
      this.dataset.computedBaseline = setting.baseline;
      this.dataset.ratio = String(result.ratio);
      this.dataset.agree = String(result.comparison.agree);
      this.dataset.state = 'done';
      readout.textContent = labReadout(result, setting);
    };
    const jobs = latestOnly(run, (error) => {
      if (!(error instanceof Superseded)) this.fail(error);
    });
    const request = () => {
      generation += 1;
      jobs.request({ id: generation });
    };
    const setSamples = (L: SampleChoice) => {
      samples.value = L;
      state.set({ L });
      request();
    };
    samples.addEventListener('change', () => {
      if (isSampleChoice(samples.value)) setSamples(samples.value);
    });
    baseline.addEventListener('change', () => {
      state.set({ baseline: baseline.checked });
      request();
    });
    seed.addEventListener('change', () => {
      const value = readSeedInput(seed, state.value.seed, readout);
      if (value === null) return;
      state.set({ seed: value });
      request();
    });
    plot.addEventListener('keydown', (event) => {
      const step = { ArrowUp: 1, ArrowRight: 1, ArrowDown: -1, ArrowLeft: -1 }[event.key];
      if (step === undefined) return;
      event.preventDefault();
      const next = SAMPLE_CHOICES[SAMPLE_CHOICES.indexOf(state.value.L) + step];
      if (next !== undefined) setSamples(next);
    });
    request();
  }
}

customElements.define('estimators-figure', EstimatorsFigure);
