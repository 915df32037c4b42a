/**
 * <points-figure>: section 1 live. Near the viewport it loads the codes (the autoencoder's, and the
 * VAE's means for the disk) and redraws the static plane (points-view.ts) for the chosen shape; the
 * reader moves a cursor with the pointer or the arrow keys (Shift: bigger steps) and the point under
 * it is decoded live by the shared decoder service, so the gaps between codes show what they decode
 * to. State in the URL: `?points.shape=scattered|line|ring|disk&points.z=<z1>,<z2>`.
 */
import type { SiteModelName } from '../data/manifest.ts';
import { decoders, siteModelData } from '../lib/decoders.ts';
import { bindUrlState, choiceField, vectorField } from '../lib/url-state.ts';
import { renderDigitImage, updateDigitImage } from '../viz/digit-image.ts';
import { arrowDirection, directionVector } from '../viz/latent-navigation.ts';
import { drawCursor } from '../viz/latent-plane.ts';
import { POINTS_SHAPES, type PointsShape } from '../viz/points-shapes.ts';
import { pointerToLatent } from './latent-pointer.ts';
import { latestOnly } from './latest-only.ts';
import { LiveFigure } from './live-figure.ts';
import {
  describeCursor,
  type PointsView,
  type PointsViewData,
  pointsExtent,
  renderPointsView,
} from './points-view.ts';

class PointsFigure extends LiveFigure {
  protected async start(): Promise<void> {
    const state = bindUrlState({
      prefix: 'points',
      schema: {
        shape: choiceField<PointsShape>({ fallback: 'scattered', choices: POINTS_SHAPES }),
        z: vectorField({ fallback: [0, 0], length: 2, digits: 2, bound: 50 }),
      },
    });
    const data = await siteModelData();
    const { models } = data.manifest;
    const codesModel = models.ae === undefined ? 'vae' : 'ae';
    const [labels, codesPosteriors, vaePosteriors] = await Promise.all([
      data.labels(),
      data.posteriors(codesModel),
      data.posteriors('vae'),
    ]);
    const viewData: PointsViewData = {
      labels,
      codesPosteriors,
      codesModel,
      codesTitle: (models.ae ?? models.vae).title,
      vaePosteriors,
      vaeTitle: models.vae.title,
    };
    const plot = this.find<HTMLElement>('[data-plot]');
    const readout = this.find('[data-readout]');
    const decodedSlot = this.find<HTMLElement>('[data-decoded]');
    const radios = [...this.querySelectorAll<HTMLInputElement>('input[name="points-shape"]')];
    const extent = pointsExtent(viewData);
    let view: PointsView;
    let z: [number, number] = [state.value.z[0] ?? 0, state.value.z[1] ?? 0];
    // One decode in flight; a fast pointer only ever queues the latest point.
    const decoding = latestOnly(
      async ({ at, model: name }: { at: readonly [number, number]; model: SiteModelName }) => {
        const model = await decoders.model(name);
        const { data: pixels } = await model.decode([[at[0], at[1]]]);
        const label = `the image decoded at z = (${at[0].toFixed(2)}, ${at[1].toFixed(2)})`;
        const shown = decodedSlot.querySelector('svg');
        if (shown === null)
          decodedSlot.replaceChildren(renderDigitImage({ values: pixels }, { document, size: 112, label }));
        else updateDigitImage(shown, { values: pixels }, { label });
        decodedSlot.dataset.decodedAt = at.join(',');
      },
      (error) => this.fail(error),
    );
    const moveTo = (next: readonly [number, number]) => {
      // clamped to the plane, rounded to 0.01 as the URL keeps it (so a link decodes the same z)
      const e = view.plane.scale.extent;
      const at = (v: number) => Math.round(100 * Math.max(-e, Math.min(e, v))) / 100;
      z = [at(next[0]), at(next[1])];
      state.set({ z });
      drawCursor(view.plane, { z });
      readout.textContent = describeCursor(view, labels, z);
      decoding.request({ at: z, model: view.model });
    };
    const draw = () => {
      view = renderPointsView(document, viewData, state.value.shape, z, extent);
      plot.replaceChildren(view.plane.svg);
      plot.dataset.model = view.model;
      view.plane.svg.addEventListener('pointermove', (event) => {
        moveTo(pointerToLatent(view.plane.svg, view.plane.scale, event));
      });
      for (const radio of radios) radio.checked = radio.value === state.value.shape;
      moveTo(z);
    };

    plot.addEventListener('keydown', (event) => {
      const direction = arrowDirection(event.key);
      if (direction === null) return;
      event.preventDefault();
      const step = (view.plane.scale.extent / 40) * (event.shiftKey ? 5 : 1);
      const [u1, u2] = directionVector(direction);
      moveTo([z[0] + step * u1, z[1] + step * u2]);
    });
    for (const radio of radios) {
      radio.addEventListener('change', () => {
        if (!radio.checked) return;
        state.set({ shape: radio.value as PointsShape });
        draw();
      });
    }
    draw();
  }
}

customElements.define('points-figure', PointsFigure);
