/**
 * <avb-figure>: section 11 live. Loads the toy problem's three models (/models/avb/, checked by
 * avb-data.ts) into @ellipse/sdk and draws, per input, n samples z ~ q(z|x) with the seed: the
 * Gaussian VAE's through its encoder (z = mu + sigma * eps, beside its ellipses), AVB's through its
 * implicit encoder z = f(x, eps) (a cloud, no ellipse), with adaptive contrast or without. The same
 * seed draws the same samples on every machine (the SDK's seeded eps). State in the URL:
 * `?avb.seed=<n>&avb.n=<n>&avb.contrast=1|0&avb.input=0..4` (0: every input; 1-4: one emphasised).
 * Keys on a focused plane: ← → choose the emphasised input, R draws new samples (the next seed).
 */
import type { VaeModel } from '@ellipse/sdk';
import { fetchFromSite } from '../data/model-data.ts';
import { decoders, pageState } from '../lib/decoders.ts';
import { bindUrlState, booleanField, choiceField, integerField, seedField } from '../lib/url-state.ts';
import { renderAvbPlane } from '../viz/avb-clouds.ts';
import { AVB_INPUTS, type AvbModelName, type AvbToy, openAvbToy } from './avb-data.ts';
import {
  AVB_DEFAULT_SAMPLES,
  AVB_DEFAULT_SEED,
  AVB_INPUT_NAMES,
  AVB_SAMPLE_CHOICES,
  inputSeed,
  oneHot,
} from './avb-settings.ts';
import { latestOnly } from './latest-only.ts';
import { LiveFigure } from './live-figure.ts';

/** What the figure drew last: per model shown, per input, the samples [n, 2] interleaved. */
export interface AvbDrawn {
  readonly seed: number;
  readonly n: number;
  readonly models: Readonly<Partial<Record<AvbModelName, readonly (readonly number[])[]>>>;
}

const avbUrl = `${import.meta.env.BASE_URL.replace(/\/?$/, '/')}models/avb/`;

/** The plane descriptions: what a sighted reader sees, for screen readers. */
function describePlane(toy: AvbToy, name: AvbModelName, n: number): string {
  const model = toy.data.models[name];
  const shape =
    model.posteriors === null
      ? 'clouds of samples in whatever shape the implicit encoder makes, no ellipse'
      : 'four ellipses (one and two sigma) over their samples';
  return `${model.title}: ${n} samples of q(z|x) for each of the four inputs, ${shape}; exact log p(x) ${model.meanLogLikelihood.toFixed(3)} nats (best possible ${toy.data.bestLogLikelihood.toFixed(3)}).`;
}

class AvbFigure extends LiveFigure {
  /** The samples drawn last (the Chromium tests read them to fit Gaussians). */
  drawn: AvbDrawn | null = null;

  protected async start(): Promise<void> {
    const state = bindUrlState({
      prefix: 'avb',
      schema: {
        seed: seedField(AVB_DEFAULT_SEED),
        n: choiceField({
          fallback: String(AVB_DEFAULT_SAMPLES),
          choices: AVB_SAMPLE_CHOICES.map(String),
        }),
        contrast: booleanField(true),
        input: integerField({ fallback: 0, min: 0, max: AVB_INPUTS }),
      },
    });
    const sdkLoading = import('@ellipse/sdk');
    const toy = await openAvbToy(fetchFromSite(avbUrl));
    const vaePlot = this.find<HTMLElement>('[data-plot="vae"]');
    const avbPlot = this.find<HTMLElement>('[data-plot="avb"]');
    const avbTitle = this.find('[data-avb-title]');
    const readout = this.find('[data-readout]');
    const backendNote = this.find('[data-backend]');
    const contrast = this.find<HTMLInputElement>('[data-contrast]');
    const samples = this.find<HTMLSelectElement>('[data-samples]');
    const seedInput = this.find<HTMLInputElement>('[data-seed-input]');

    // Every model on the page's decoding backend once one runs (else the page's request: ?site.backend).
    const status = decoders.status;
    const backend = status.state === 'ready' ? status.backend.name : pageState.value.backend;
    const loaded = new Map<AvbModelName, Promise<VaeModel>>();
    const model = (name: AvbModelName): Promise<VaeModel> => {
      let found = loaded.get(name);
      if (found === undefined) {
        found = Promise.all([toy.onnx(name, 'decoder'), toy.onnx(name, 'encoder')]).then(
          async ([decoder, encoder]) => (await sdkLoading).loadModel(decoder, { backend, encoder }),
        );
        loaded.set(name, found);
      }
      return found;
    };

    /** The read-out: the shipped numbers for the current state, shown before any sampling runs. */
    const describe = (): void => {
      const { contrast: on, input, seed } = state.value;
      const n = Number(state.value.n);
      const right: AvbModelName = on ? 'avb-ac' : 'avb';
      const highlight = input === 0 ? null : input - 1;
      const vae = toy.data.models.vae;
      const avb = toy.data.models[right];
      const focus =
        highlight === null
          ? ''
          : ` Input ${AVB_INPUT_NAMES[highlight]}: log p(x) ${vae.logLikelihoods[highlight]?.toFixed(3)} (VAE) vs ` +
            `${avb.logLikelihoods[highlight]?.toFixed(3)} (${avb.title}); kurtosis z of its samples ` +
            `${vae.kurtosisZ[highlight]?.toFixed(1)} vs ${avb.kurtosisZ[highlight]?.toFixed(1)}.`;
      readout.textContent =
        `${n} samples per input, seed ${seed}: exact log p(x) ${vae.meanLogLikelihood.toFixed(3)} nats for the VAE, ` +
        `${avb.meanLogLikelihood.toFixed(3)} for ${avb.title}; the best possible is log 1/4 = ${toy.data.bestLogLikelihood.toFixed(3)}.${focus}`;
    };

    const draw = async (): Promise<void> => {
      describe();
      const { seed, contrast: on, input } = state.value;
      const n = Number(state.value.n);
      const right: AvbModelName = on ? 'avb-ac' : 'avb';
      const drawn: Partial<Record<AvbModelName, number[][]>> = {};
      for (const name of ['vae', right] as const) {
        const m = await model(name);
        const clouds: number[][] = [];
        for (let i = 0; i < AVB_INPUTS; i += 1) {
          clouds.push(Array.from((await m.encodeSamples(oneHot(i), n, { seed: inputSeed(seed, i) })).z.data));
        }
        drawn[name] = clouds;
      }
      const highlight = input === 0 ? null : input - 1;
      const plane = (name: AvbModelName) =>
        renderAvbPlane(
          { clouds: drawn[name] as number[][], ellipses: toy.data.models[name].posteriors },
          {
            document,
            id: `avb-${name}`,
            title: toy.data.models[name].title,
            description: describePlane(toy, name, n),
            highlight,
          },
        ).svg;
      vaePlot.replaceChildren(plane('vae'));
      avbPlot.replaceChildren(plane(right));
      avbTitle.textContent = toy.data.models[right].title;
      this.drawn = { seed, n, models: drawn };
      const report = (await model('vae')).info.backend;
      backendNote.textContent =
        `Samples drawn live by @ellipse/sdk on ${report.name === 'webgpu' ? 'WebGPU' : 'WebAssembly (WASM)'}. ` +
        `Why: ${report.reason}.`;
      this.dataset.seed = String(seed);
      this.dataset.n = String(n);
      this.dataset.drawn = right;
    };
    const redraw = latestOnly(draw, (error) => this.fail(error));
    /** A state change: the read-out at once, the samples when the sampler is free. */
    const update = (): void => {
      describe();
      redraw.request(undefined);
    };

    contrast.checked = state.value.contrast;
    samples.value = state.value.n;
    seedInput.value = String(state.value.seed);
    const setSeed = (seed: number) => {
      seedInput.value = String(seed);
      state.set({ seed });
      update();
    };
    contrast.addEventListener('change', () => {
      state.set({ contrast: contrast.checked });
      update();
    });
    samples.addEventListener('change', () => {
      state.set({ n: samples.value });
      update();
    });
    seedInput.addEventListener('change', () => {
      const seed = Number(seedInput.value);
      if (Number.isInteger(seed) && seed >= 0 && seed <= 0xffff_ffff) setSeed(seed);
      else seedInput.value = String(state.value.seed);
    });
    this.find('[data-resample]').addEventListener('click', () => setSeed((state.value.seed + 1) >>> 0));
    for (const plot of [vaePlot, avbPlot]) {
      plot.addEventListener('keydown', (event) => {
        const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
        if (step !== 0) {
          event.preventDefault();
          state.set({ input: (state.value.input + step + AVB_INPUTS + 1) % (AVB_INPUTS + 1) });
          update();
        } else if (event.key === 'r' || event.key === 'R') {
          event.preventDefault();
          setSeed((state.value.seed + 1) >>> 0);
        }
      });
    }
    await draw();
  }
}

customElements.define('avb-figure', AvbFigure);
