/**
 * <posterior-figure>: section 6 live. For the chosen test digit it decodes a grid of the latent
 * plane through the shared decoder service and computes (src/math/evidence.ts) the true posterior
 * p(z|x), log p(x) by quadrature, the ELBO of q and KL(q || p(z|x)); 5000 importance samples of q
 * (seeded) give the IWAE bound for every k of the slider. State in the URL:
 * `?post.digit=<n>&post.seed=<n>&post.k=<k>`.
 */
import type { VaeModel } from '@ellipse/sdk';
import { posteriorAt } from '../data/model-data.ts';
import { decoders, siteModelData } from '../lib/decoders.ts';
import { bindUrlState, integerField, seedField } from '../lib/url-state.ts';
import { computeEvidence, type Evidence } from '../math/evidence.ts';
import { renderIwaeChart } from '../viz/iwae-chart.ts';
import { DigitFigure } from './digit-figure.ts';
import { showDigit } from './digit-slot.ts';
import { formatPoint } from './latent-pointer.ts';
import { drawPosteriorContours, IWAE_KS, renderPosteriorPlane } from './posterior-view.ts';

const POOL = IWAE_KS.at(-1) as number;
const SLICE = 1024;

/**
 * Decodes z [N, 2] a slice of rows at a time, giving the page a task boundary between slices: the
 * ~17,000 rows of one digit's grid would otherwise hold the main thread (WASM runs there) for seconds.
 */
async function decodeInSlices(model: VaeModel, z: Float32Array): Promise<Float32Array> {
  const rows = z.length / 2;
  const d = model.info.dataSize;
  const out = new Float32Array(rows * d); // [N, D]
  for (let start = 0; start < rows; start += SLICE) {
    const end = Math.min(rows, start + SLICE);
    out.set((await model.decode(z.subarray(2 * start, 2 * end))).data, start * d);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return out;
}
const nats = (value: number) => `${value.toFixed(2).replace('-', '−')} nats`;

class PosteriorFigure extends DigitFigure {
  protected async start(): Promise<void> {
    const data = await siteModelData();
    const count = data.manifest.data.digits.shape[0] ?? 1;
    const state = bindUrlState({
      prefix: 'post',
      schema: {
        digit: integerField({ fallback: 0, min: 0, max: count - 1 }),
        seed: seedField(1),
        k: integerField({ fallback: 100, min: 1, max: POOL }),
      },
    });
    const [labels, posteriors, digits, model, sdk] = await Promise.all([
      data.labels(),
      data.posteriors('vae'),
      data.digits(),
      decoders.model('vae'),
      import('@ellipse/sdk'),
    ]);
    const plot = this.find<HTMLElement>('[data-plot]');
    const readout = this.find('[data-readout]');
    const digitInput = this.find<HTMLInputElement>('[data-digit-input]');
    const slider = this.find<HTMLInputElement>('[data-k-slider]');
    const kReadout = this.find('[data-k-readout]');
    const chart = this.find<HTMLElement>('[data-chart]');
    const cell = (name: string) => this.find(`[data-value="${name}"]`);
    slider.max = String(IWAE_KS.length - 1);
    let evidence: Evidence | null = null;
    let request = 0;

    const kIndex = () => {
      const wanted = state.value.k;
      let best = 0;
      IWAE_KS.forEach((k, i) => {
        if (Math.abs(Math.log(k / wanted)) < Math.abs(Math.log((IWAE_KS[best] as number) / wanted))) best = i;
      });
      return best;
    };
    const showK = () => {
      if (evidence === null) return;
      const k = IWAE_KS[Number(slider.value)] as number;
      const point = evidence.iwae.find((p) => p.k === k);
      if (point === undefined) return;
      chart.replaceChildren(
        renderIwaeChart(
          { points: evidence.iwae, logEvidence: evidence.logEvidence, elbo: evidence.elbo, selectedK: k },
          { document },
        ),
      );
      const error = point.standardError === null ? '' : ` ± ${(2 * point.standardError).toFixed(2)}`;
      kReadout.textContent =
        `k = ${k}: E[L_k] ≈ ${nats(point.mean)}${error} (mean of ${point.groups} independent bound` +
        `${point.groups === 1 ? '' : 's'}), ${nats(evidence.logEvidence - point.mean)} below log p(x).`;
      slider.setAttribute('aria-valuetext', `k = ${k}`);
    };

    const compute = async () => {
      const mine = ++request;
      const { digit, seed } = state.value;
      const q = posteriorAt(posteriors, digit);
      const label = labels[digit] as number;
      const x = digits.subarray(digit * 784, (digit + 1) * 784);
      const plane = renderPosteriorPlane(document, q, label);
      plot.replaceChildren(plane.svg);
      showDigit(this.find('[data-digit]'), { values: x }, `test digit ${digit}, a ${label} (binarised)`);
      readout.textContent = `Decoding a grid of the plane for test digit ${digit} (a ${label})…`;
      this.dataset.state = 'computing';
      const eps = sdk.normalDraws(seed, 2 * POOL); // [POOL, 2], eps ~ N(0, I), same seed, same samples
      const result = await computeEvidence({
        decode: (z) => decodeInSlices(model, z),
        x,
        q: { mu: [...q.mu], sigma: [...q.sigma] },
        eps,
        ks: IWAE_KS,
        focusCells: 128,
      });
      if (mine !== request) return;
      evidence = result;
      drawPosteriorContours(plane, result.posterior);
      cell('log-evidence').textContent = nats(result.logEvidence);
      cell('elbo').textContent = nats(result.elbo);
      cell('reconstruction').textContent = nats(result.reconstruction);
      cell('kl-prior').textContent = nats(result.klPrior);
      cell('kl-posterior').textContent = nats(result.klPosterior);
      cell('gap').textContent = `${result.identityGap.toExponential(1)} nats`;
      const g = result.posterior.grid;
      readout.textContent =
        `Test digit ${digit}, a ${label}: q(z|x) has μ = ${formatPoint(q.mu)}, σ = ${formatPoint(q.sigma, 3)}. ` +
        `log p(x) = ${nats(result.logEvidence)} = ELBO ${nats(result.elbo)} + KL(q ‖ p(z|x)) ${nats(result.klPosterior)}. ` +
        `The true posterior was found by decoding ${result.decodedRows.toLocaleString('en')} points ` +
        `(a ${g.cells} × ${g.cells} grid of side ${(2 * g.halfWidth).toFixed(2)} around it).`;
      this.dataset.state = 'ready';
      this.dataset.digit = String(digit);
      showK();
    };

    const chooseDigit = (value: number) => {
      digitInput.value = String(value);
      state.set({ digit: value });
      this.run(compute());
    };
    slider.value = String(kIndex());
    this.bindDigitInput(digitInput, { count, initial: state.value.digit, choose: chooseDigit });
    plot.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (step === 0) return;
      event.preventDefault();
      chooseDigit((state.value.digit + step + count) % count);
    });
    slider.addEventListener('input', () => {
      state.set({ k: IWAE_KS[Number(slider.value)] as number });
      showK();
    });
    this.find('[data-resample]').addEventListener('click', () => {
      state.set({ seed: (state.value.seed + 1) >>> 0 });
      this.find('[data-seed]').textContent = String(state.value.seed);
      this.run(compute());
    });
    this.find('[data-seed]').textContent = String(state.value.seed);
    await compute();
  }
}

customElements.define('posterior-figure', PosteriorFigure);
