/**
 * <ellipses-figure>: section 2 live. Near the viewport it loads the VAE's posteriors, labels and the
 * 1000 test digits (src/lib/decoders.ts: siteModelData), redraws the same plane as the static one
 * (ellipses-view.ts) and lets the reader pick an ellipse by pointer or arrow keys; the picked digit is
 * shown with its reconstruction, decoded live at its centre mu(x) by the shared decoder service.
 * State in the URL: `?ellipses.digit=<index>`.
 */
import { decoders, siteModelData } from '../lib/decoders.ts';
import { bindUrlState, integerField } from '../lib/url-state.ts';
import { renderDigitImage, updateDigitImage } from '../viz/digit-image.ts';
import { arrowDirection, nearestCode, stepCode } from '../viz/latent-navigation.ts';
import { drawCursor } from '../viz/latent-plane.ts';
import { describeEllipse, type EllipsesView, renderEllipsesView } from './ellipses-view.ts';
import { pointerToLatent } from './latent-pointer.ts';
import { latestOnly } from './latest-only.ts';
import { LiveFigure } from './live-figure.ts';

const PIXELS = 784;

class EllipsesFigure extends LiveFigure {
  protected async start(): Promise<void> {
    const count = Number(this.dataset.count);
    const title = this.dataset.title ?? 'the VAE';
    const state = bindUrlState({
      prefix: 'ellipses',
      schema: { digit: integerField({ fallback: 0, min: 0, max: Math.max(0, count - 1) }) },
    });
    const data = await siteModelData();
    const [labels, posteriors, digits] = await Promise.all([
      data.labels(),
      data.posteriors('vae'),
      data.digits(),
    ]);
    const plot = this.find<HTMLElement>('[data-plot]');
    const readout = this.find('[data-readout]');
    const digitSlot = this.find('[data-digit]');
    const reconstructionSlot = this.find<HTMLElement>('[data-reconstruction]');
    const view: EllipsesView = renderEllipsesView(
      document,
      { labels, posteriors, count, title },
      state.value.digit,
    );
    plot.replaceChildren(view.plane.svg);

    let selected = -1;
    // The reconstruction: one decode in flight; a fast pointer only ever queues the latest ellipse.
    const reconstructing = latestOnly(
      async (index: number) => {
        const ellipse = view.ellipses[index];
        if (ellipse === undefined) return;
        const model = await decoders.model('vae');
        const { data: decoded } = await model.decode([[ellipse.mu[0], ellipse.mu[1]]]);
        const label = `the decoder's image at the centre of test digit ${index}, a ${ellipse.label}`;
        const old = reconstructionSlot.querySelector('svg');
        if (old === null) {
          reconstructionSlot.replaceChildren(
            renderDigitImage({ values: decoded }, { document, size: 112, label }),
          );
        } else updateDigitImage(old, { values: decoded }, { label });
        reconstructionSlot.dataset.decodedFor = String(index);
        if (index === selected) readout.textContent = describeEllipse(index, ellipse);
      },
      (error) => this.fail(error),
    );
    const pick = (index: number) => {
      if (index === selected) return;
      const ellipse = view.ellipses[index];
      if (ellipse === undefined) return;
      selected = index;
      state.set({ digit: index });
      drawCursor(view.plane, { z: ellipse.mu, sigma: ellipse.sigma });
      plot.dataset.selected = String(index);
      const label = `test digit ${index}, a ${ellipse.label}`;
      const pixels = { values: digits.subarray(index * PIXELS, (index + 1) * PIXELS) };
      const shown = digitSlot.querySelector('svg');
      if (shown === null) digitSlot.replaceChildren(renderDigitImage(pixels, { document, size: 112, label }));
      else updateDigitImage(shown, pixels, { label });
      readout.textContent = `${describeEllipse(index, ellipse)} Decoding its centre…`;
      reconstructing.request(index);
    };

    view.plane.svg.addEventListener('pointermove', (event) => {
      pick(nearestCode(view.centres, pointerToLatent(view.plane.svg, view.plane.scale, event)).index);
    });
    plot.addEventListener('keydown', (event) => {
      const direction = arrowDirection(event.key);
      if (direction === null) return;
      event.preventDefault();
      pick(stepCode(view.centres, Math.max(0, selected), direction));
    });
    pick(state.value.digit);
  }
}

customElements.define('ellipses-figure', EllipsesFigure);
