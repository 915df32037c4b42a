/**
 * <posterior-figure>: section 6 live. For the chosen test digit it decodes a grid of the latent
 * plane through the shared decoder service and computes (src/math/evidence.ts) the true posterior
 * p(z|x), log p(x) by quadrature, the ELBO of q and KL(q || p(z|x)); 5000 importance samples of q
 * (seeded) give the IWAE bound for every k of the slider. State in the URL:
 * `?post.digit=<n>&post.seed=<n>&post.k=<k>`.
 */
import { posteriorAt } from '../data/model-data.ts';
import { decoders, siteModelData } from '../lib/decoders.ts';
import { whenNearViewport } from '../lib/near-viewport.ts';
import { bindUrlState, integerField, seedField } from '../lib/url-state.ts';
import { computeEvidence, type Evidence } from '../math/evidence.ts';
import { renderIwaeChart } from '../viz/iwae-chart.ts';
import { showDigit } from './digit-slot.ts';
import { formatPoint } from './latent-pointer.ts';
import { drawPosteriorContours, IWAE_KS, renderPosteriorPlane } from './posterior-view.ts';

const POOL = IWAE_KS.at(-1) as number;
const nats = (value: number) => `${value.toFixed(2).replace('-', '−')} nats`;

class PosteriorFigure extends HTMLElement {
  connectedCallback(): void {
    whenNearViewport({
      element: this,
      start: () => {
        this.start().catch((error: unknown) => this.fail(error));
      },
    });
  }

  private find<T extends Element>(selector: string): T {
    const found = this.querySelector<T>(selector);
    if (found === null) throw new Error(`<posterior-figure> lacks its ${selector} element`);
    return found;
  }

  private fail(error: unknown): void {
    this.find('[data-readout]').textContent = `This figure could not start: ${(error as Error).message}`;
    console.error(error);
  }

  private async start(): Promise<void> {
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
    digitInput.max = String(count - 1);
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
        decode: async (z) => (await model.decode(z)).data,
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
      compute().catch((error: unknown) => this.fail(error));
    };
    digitInput.value = String(state.value.digit);
    slider.value = String(kIndex());
    digitInput.addEventListener('change', () => {
      const value = Number(digitInput.value);
      if (!(Number.isInteger(value) && value >= 0 && value < count)) {
        readout.textContent = `Test digit numbers go from 0 to ${count - 1}; ${digitInput.value} is not one.`;
        return;
      }
      chooseDigit(value);
    });
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
      compute().catch((error: unknown) => this.fail(error));
    });
    this.find('[data-seed]').textContent = String(state.value.seed);
    await compute();
    this.dataset.live = 'true';
  }
}

customElements.define('posterior-figure', PosteriorFigure);
