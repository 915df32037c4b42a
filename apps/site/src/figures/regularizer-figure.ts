/**
 * <regularizer-figure>: section 4 live. Near the viewport it loads every shipped model's per-epoch
 * ellipses (src/lib/decoders.ts: siteModelData) and redraws the static figure (regularizer-view.ts)
 * for the epoch on the scrubber and the digit picked by pointer or arrow keys on any plane; the
 * contours' marks and the read-out table follow. State in the URL: `?reg.epoch=<1..E>&reg.digit=<i>`.
 */
import { SITE_MODEL_NAMES } from '../data/manifest.ts';
import { siteModelData } from '../lib/decoders.ts';
import { motionDuration } from '../lib/reduced-motion.ts';
import { bindUrlState, integerField } from '../lib/url-state.ts';
import { arrowDirection, nearestCode, stepCode } from '../viz/latent-navigation.ts';
import { drawCursor } from '../viz/latent-plane.ts';
import { pointerToLatent } from './latent-pointer.ts';
import { LiveFigure } from './live-figure.ts';
import {
  modelExtent,
  type PlaneView,
  type RegularizerModel,
  type RegularizerViewData,
  readoutRow,
  renderContours,
  renderModelPlane,
  renderReadoutTable,
} from './regularizer-view.ts';

class RegularizerFigure extends LiveFigure {
  protected async start(): Promise<void> {
    const count = Number(this.dataset.count);
    const epochs = Number(this.dataset.epochs);
    const state = bindUrlState({
      prefix: 'reg',
      schema: {
        epoch: integerField({ fallback: epochs, min: 1, max: epochs }),
        digit: integerField({ fallback: 0, min: 0, max: Math.max(0, count - 1) }),
      },
    });
    const data = await siteModelData();
    const models: RegularizerModel[] = [];
    for (const name of SITE_MODEL_NAMES) {
      const model = data.manifest.models[name];
      if (model !== undefined) models.push({ name, title: model.title, ellipses: await data.ellipses(name) });
    }
    const view: RegularizerViewData = { models, labels: await data.labels(), count, epochs };
    const extents = new Map(models.map((model) => [model.name, modelExtent(model)]));
    const slider = this.find<HTMLInputElement>('[data-epoch]');
    const epochLabel = this.find('[data-epoch-label]');
    const readout = this.find('[data-readout]');
    let planes: PlaneView[] = [];

    const showSelection = () => {
      const { digit, epoch } = state.value;
      for (const { plane, ellipses, model } of planes) {
        const ellipse = ellipses[digit];
        if (ellipse === undefined) continue;
        drawCursor(plane, model.name === 'ae' ? { z: ellipse.mu } : { z: ellipse.mu, sigma: ellipse.sigma });
        plane.svg.closest<HTMLElement>('[data-plot]')?.setAttribute('data-selected', String(digit));
      }
      const of = (name: string) => planes.find((p) => p.model.name === name);
      this.find('[data-contours="kl"]').replaceChildren(
        renderContours(document, 'kl', of('vae')?.ellipses[digit]).svg,
      );
      this.find('[data-contours="geometric"]').replaceChildren(
        renderContours(document, 'geometric', of('geometric')?.ellipses[digit]).svg,
      );
      const rows = [of('vae'), of('geometric')].flatMap((p) => {
        const ellipse = p?.ellipses[digit];
        return p === undefined || ellipse === undefined ? [] : [readoutRow(p.model, ellipse)];
      });
      const label = view.labels[digit];
      const table = renderReadoutTable(document, rows, epoch);
      const caption = table.querySelector('caption');
      if (caption !== null) caption.textContent = `Test digit ${digit}, a ${label}: ${caption.textContent}`;
      readout.replaceChildren(table);
    };

    const select = (digit: number) => {
      if (digit === state.value.digit) return;
      state.set({ digit });
      showSelection();
    };

    const drawEpoch = () => {
      const { epoch } = state.value;
      slider.value = String(epoch);
      epochLabel.textContent = String(epoch);
      planes = models.map((model) => {
        const drawn = renderModelPlane(document, view, model, state.value, extents.get(model.name));
        const slot = this.find<HTMLElement>(`[data-plot="${model.name}"]`);
        slot.replaceChildren(drawn.plane.svg);
        drawn.plane.svg.addEventListener('pointermove', (event) => {
          select(
            nearestCode(drawn.centres, pointerToLatent(drawn.plane.svg, drawn.plane.scale, event)).index,
          );
        });
        return drawn;
      });
      showSelection();
    };

    for (const model of models) {
      const slot = this.find<HTMLElement>(`[data-plot="${model.name}"]`);
      slot.addEventListener('keydown', (event) => {
        const direction = arrowDirection(event.key);
        const plane = planes.find((p) => p.model.name === model.name);
        if (direction === null || plane === undefined) return;
        event.preventDefault();
        select(stepCode(plane.centres, state.value.digit, direction));
      });
    }
    slider.addEventListener('input', () => {
      stop();
      state.set({ epoch: Number(slider.value) });
      drawEpoch();
    });

    // Play: one epoch every 700 ms from the first (or the current, if not the last) to the last. Under
    // prefers-reduced-motion the figure jumps to the last epoch instead of animating.
    const play = this.find<HTMLButtonElement>('[data-play]');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = () => {
      clearTimeout(timer);
      timer = undefined;
      play.setAttribute('aria-pressed', 'false');
      play.textContent = 'Play the epochs';
    };
    const show = (epoch: number) => {
      state.set({ epoch });
      drawEpoch();
    };
    const step = () => {
      show(state.value.epoch + 1);
      if (state.value.epoch >= epochs) stop();
      else timer = setTimeout(step, motionDuration(700));
    };
    play.addEventListener('click', () => {
      if (timer !== undefined) {
        stop();
      } else if (motionDuration(700) === 0) {
        show(epochs);
      } else {
        if (state.value.epoch >= epochs) show(1);
        play.setAttribute('aria-pressed', 'true');
        play.textContent = 'Pause';
        timer = setTimeout(step, motionDuration(700));
      }
    });
    drawEpoch();
  }
}

customElements.define('regularizer-figure', RegularizerFigure);
