/**
 * <generative-figure>: section 5 live. Click, drag or use the arrow keys (Shift: bigger steps) on the
 * latent plane and the point is decoded at once; the latent grid, samples from the prior (seeded:
 * "new samples" moves to the next seed) and the interpolation between two chosen test digits'
 * means are decoded by the shared decoder service. State in the URL:
 * `?gen.z=<z1>,<z2>&gen.seed=<n>&gen.a=<digit>&gen.b=<digit>`.
 */

import { decoders, siteModelData } from '../lib/decoders.ts';
import { bindUrlState, integerField, seedField, vectorField } from '../lib/url-state.ts';
import { gridPoints } from '../math/posterior-grid.ts';
import { tileDigits } from '../viz/digit-image.ts';
import { drawPoints, drawPolyline } from '../viz/latent-marks.ts';
import { arrowDirection, directionVector } from '../viz/latent-navigation.ts';
import { drawCursor, type LatentPlane } from '../viz/latent-plane.ts';
import { DigitFigure } from './digit-figure.ts';
import { showDigit } from './digit-slot.ts';
import {
  GENERATIVE_EXTENT,
  INTERPOLATION_STEPS,
  LATENT_GRID,
  PRIOR_SAMPLES,
  renderGenerativePlane,
} from './generative-view.ts';
import { formatPoint, pointerToLatent } from './latent-pointer.ts';
import { latestOnly } from './latest-only.ts';

/** z as the URL keeps it: on the plane, to 0.01 (so a link decodes exactly the point that was shown). */
const onPlane = (v: number) =>
  Math.round(Math.max(-GENERATIVE_EXTENT, Math.min(GENERATIVE_EXTENT, v)) * 100) / 100;

class GenerativeFigure extends DigitFigure {
  protected async start(): Promise<void> {
    const data = await siteModelData();
    const count = data.manifest.data.digits.shape[0] ?? 1;
    const state = bindUrlState({
      prefix: 'gen',
      schema: {
        z: vectorField({ fallback: [0, 0], length: 2, digits: 2, bound: GENERATIVE_EXTENT }),
        seed: seedField(1),
        a: integerField({ fallback: 0, min: 0, max: count - 1 }),
        b: integerField({ fallback: 1, min: 0, max: count - 1 }),
      },
    });
    const [labels, posteriors, model] = await Promise.all([
      data.labels(),
      data.posteriors('vae'),
      decoders.model('vae'),
    ]);
    const plot = this.find<HTMLElement>('[data-plot]');
    const readout = this.find('[data-readout]');
    const decodedSlot = this.find<HTMLElement>('[data-decoded]');
    let z: [number, number] = [state.value.z[0] ?? 0, state.value.z[1] ?? 0];
    const plane: LatentPlane = renderGenerativePlane(
      document,
      { labels, posteriors, count, title: data.manifest.models.vae.title },
      z,
    );
    plot.replaceChildren(plane.svg);

    const decodePoint = latestOnly<[number, number]>(
      async (at) => {
        const pixels = await model.decode([at]);
        const label = `the image decoded at z = ${formatPoint(at)}`;
        showDigit(decodedSlot, { values: pixels.data }, label, 140);
        decodedSlot.dataset.decodedAt = at.join(',');
        readout.textContent = `z = ${formatPoint(at)}: the decoder's image is on the right.`;
      },
      (error) => this.fail(error),
    );
    const moveTo = (next: readonly [number, number]) => {
      z = [onPlane(next[0]), onPlane(next[1])];
      drawCursor(plane, { z });
      state.set({ z });
      decodePoint.request(z);
    };
    plane.svg.addEventListener('pointerdown', (event) => {
      plane.svg.setPointerCapture(event.pointerId);
      moveTo(pointerToLatent(plane.svg, plane.scale, event));
    });
    plane.svg.addEventListener('pointermove', (event) => {
      if (event.buttons !== 0) moveTo(pointerToLatent(plane.svg, plane.scale, event));
    });
    plot.addEventListener('keydown', (event) => {
      const direction = arrowDirection(event.key);
      if (direction === null) return;
      event.preventDefault();
      const [u1, u2] = directionVector(direction);
      const step = event.shiftKey ? 0.5 : 0.1;
      moveTo([z[0] + step * u1, z[1] + step * u2]);
    });
    moveTo(z);

    // the latent grid: decoded once, tiled in the grid's own layout (row 0 at the top = largest z_2)
    const gridDecoded = await model.decode(gridPoints(LATENT_GRID));
    showDigit(
      this.find('[data-grid]'),
      tileDigits(gridDecoded.data, LATENT_GRID.cells ** 2, { columns: LATENT_GRID.cells }),
      `${LATENT_GRID.cells} by ${LATENT_GRID.cells} images decoded on a grid of z from ` +
        `${-LATENT_GRID.halfWidth} to ${LATENT_GRID.halfWidth} on both axes (z₂ decreasing downward)`,
      320,
    );

    const samplesSlot = this.find<HTMLElement>('[data-samples]');
    const seedOut = this.find('[data-seed]');
    const showSamples = async () => {
      const { seed } = state.value;
      const sampled = await model.sample(PRIOR_SAMPLES, { seed });
      drawPoints(plane, sampled.z.data, { className: 'prior-samples', color: '#222', radius: 3 });
      showDigit(
        samplesSlot,
        tileDigits(sampled.x.data, PRIOR_SAMPLES, { columns: 8 }),
        `${PRIOR_SAMPLES} images decoded from z drawn from the prior N(0, I) with seed ${seed}`,
        320,
      );
      seedOut.textContent = String(seed);
    };
    this.find('[data-resample]').addEventListener('click', () => {
      state.set({ seed: (state.value.seed + 1) >>> 0 });
      this.run(showSamples());
    });
    await showSamples();

    const inputs = {
      a: this.find<HTMLInputElement>('[data-endpoint="a"]'),
      b: this.find<HTMLInputElement>('[data-endpoint="b"]'),
    };
    const pathSlot = this.find<HTMLElement>('[data-path]');
    const pathReadout = this.find('[data-path-readout]');
    const showPath = async () => {
      const { a, b } = state.value;
      const mu = (i: number): [number, number] => [
        posteriors[4 * i] as number,
        posteriors[4 * i + 1] as number,
      ];
      const path = await model.interpolate([mu(a)], [mu(b)], INTERPOLATION_STEPS);
      drawPolyline(plane, path.z.data, { className: 'interpolation', color: '#444' });
      showDigit(
        pathSlot,
        tileDigits(path.x.data, INTERPOLATION_STEPS, { columns: INTERPOLATION_STEPS }),
        `${INTERPOLATION_STEPS} images decoded along the straight line from the mean of test digit ${a} ` +
          `(a ${labels[a]}) to that of test digit ${b} (a ${labels[b]})`,
        320,
      );
      pathReadout.textContent =
        `From test digit ${a} (a ${labels[a]}) at μ = ${formatPoint(mu(a))} to test digit ${b} ` +
        `(a ${labels[b]}) at μ = ${formatPoint(mu(b))}.`;
    };
    for (const key of ['a', 'b'] as const) {
      const input = inputs[key];
      input.max = String(count - 1);
      input.value = String(state.value[key]);
      input.addEventListener('change', () => {
        const value = Number(input.value);
        if (!(Number.isInteger(value) && value >= 0 && value < count)) {
          pathReadout.textContent = `Test digit numbers go from 0 to ${count - 1}; ${input.value} is not one.`;
          return;
        }
        state.set(key === 'a' ? { a: value } : { b: value });
        this.run(showPath());
      });
    }
    await showPath();
  }
}

customElements.define('generative-figure', GenerativeFigure);
