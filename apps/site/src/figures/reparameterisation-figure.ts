/**
 * <reparameterisation-figure>: section 3 live. "Sample ε" (the button, or Space / Enter / E on the
 * focused plane) takes the next ε of a seeded N(0, I) stream (the SDK's normalDraws: same seed, same
 * ε on every machine), animates ε → σ ⊙ ε → μ + σ ⊙ ε for the chosen digit's q(z|x), and decodes the
 * z live. Under prefers-reduced-motion the point jumps to z. State in the URL:
 * `?reparam.digit=<n>&reparam.seed=<n>&reparam.draws=<n>` (a link replays the same draws).
 */
import { posteriorAt } from '../data/model-data.ts';
import { decoders, siteModelData } from '../lib/decoders.ts';
import { motionDuration } from '../lib/reduced-motion.ts';
import { bindUrlState, integerField, seedField } from '../lib/url-state.ts';
import { type ReparameterisedDraw, reparameterise, stagePoint } from '../math/reparameterise.ts';
import { tileDigits } from '../viz/digit-image.ts';
import { drawPoints } from '../viz/latent-marks.ts';
import type { LatentPlane } from '../viz/latent-plane.ts';
import { DigitFigure } from './digit-figure.ts';
import { showDigit } from './digit-slot.ts';
import { formatPoint } from './latent-pointer.ts';
import {
  drawReparameterisedDraws,
  renderReparameterisationPlane,
  STAGE_COLORS,
} from './reparameterisation-view.ts';

const MAX_DRAWS = 200;
const STRIP = 8;

class ReparameterisationFigure extends DigitFigure {
  protected async start(): Promise<void> {
    const data = await siteModelData();
    const count = data.manifest.data.digits.shape[0] ?? 1;
    const state = bindUrlState({
      prefix: 'reparam',
      schema: {
        digit: integerField({ fallback: 0, min: 0, max: count - 1 }),
        seed: seedField(1),
        draws: integerField({ fallback: 0, min: 0, max: MAX_DRAWS }),
      },
    });
    const [labels, posteriors, model, sdk] = await Promise.all([
      data.labels(),
      data.posteriors('vae'),
      decoders.model('vae'),
      import('@ellipse/sdk'),
    ]);
    const plot = this.find<HTMLElement>('[data-plot]');
    const readout = this.find('[data-readout]');
    const decodedSlot = this.find<HTMLElement>('[data-decoded]');
    const stripSlot = this.find<HTMLElement>('[data-strip]');
    const digitInput = this.find<HTMLInputElement>('[data-digit-input]');
    let plane: LatentPlane;
    let draws: ReparameterisedDraw[] = [];
    let animation = 0;

    const q = () => posteriorAt(posteriors, state.value.digit);
    const describe = (draw: ReparameterisedDraw, n: number) =>
      `Draw ${n}: ε = ${formatPoint(draw.eps)}, σ ⊙ ε = ${formatPoint(draw.scaled)}, ` +
      `z = μ + σ ⊙ ε = ${formatPoint(draw.z)}.`;

    /** Decodes every z drawn so far: the latest large, the last few in a strip (newest first). */
    const decodeDraws = async () => {
      const latest = draws.at(-1);
      if (latest === undefined) {
        decodedSlot.replaceChildren();
        stripSlot.replaceChildren();
        return;
      }
      const shown = draws.slice(-STRIP).reverse();
      const decoded = await model.decode(shown.flatMap((d) => d.z));
      showDigit(
        decodedSlot,
        { values: decoded.data.subarray(0, 784) },
        `the image decoded at z = ${formatPoint(latest.z)}`,
        140,
      );
      decodedSlot.dataset.decodedAt = latest.z.map((v) => v.toFixed(4)).join(',');
      showDigit(
        stripSlot,
        tileDigits(decoded.data, shown.length, { columns: STRIP }),
        `the images decoded at the last ${shown.length} drawn z, newest first`,
        320,
      );
    };

    /** Moves the marker from ε to σ ⊙ ε to z (or jumps, under reduced motion), then shows the draw. */
    const animate = (draw: ReparameterisedDraw) =>
      new Promise<void>((resolve) => {
        const duration = motionDuration(1400);
        const mine = ++animation;
        const started = performance.now();
        const frame = (now: number) => {
          if (mine !== animation) return resolve();
          const t = duration === 0 ? 2 : (2 * (now - started)) / duration;
          drawPoints(plane, stagePoint(draw, t), { className: 'stage-marker', color: '#111', radius: 5 });
          if (t < 2) requestAnimationFrame(frame);
          else resolve();
        };
        requestAnimationFrame(frame);
      });

    const redraw = () => {
      const posterior = q();
      const label = labels[state.value.digit] as number;
      plane = renderReparameterisationPlane(document, posterior, label);
      plot.replaceChildren(plane.svg);
      const eps = sdk.normalDraws(state.value.seed, 2 * state.value.draws); // [draws, 2], eps ~ N(0, I)
      draws = Array.from({ length: state.value.draws }, (_, i) => reparameterise(posterior, eps, i));
      drawReparameterisedDraws(plane, draws);
      const latest = draws.at(-1);
      if (latest !== undefined)
        drawPoints(plane, latest.z, { className: 'stage-marker', color: '#111', radius: 5 });
      readout.textContent =
        latest === undefined
          ? `Test digit ${state.value.digit}, a ${label}: μ = ${formatPoint(posterior.mu)}, σ = ${formatPoint(posterior.sigma, 3)}. Press “Sample ε”.`
          : describe(latest, draws.length);
      this.dataset.draws = String(draws.length);
      return decodeDraws();
    };

    const sample = async () => {
      if (state.value.draws >= MAX_DRAWS) {
        readout.textContent = `That is ${MAX_DRAWS} draws: press “Clear” to start again.`;
        return;
      }
      state.set({ draws: state.value.draws + 1 });
      const eps = sdk.normalDraws(state.value.seed, 2 * state.value.draws);
      const draw = reparameterise(q(), eps, state.value.draws - 1);
      draws = [...draws, draw];
      drawReparameterisedDraws(plane, draws.slice(0, -1));
      drawPoints(plane, draw.eps, { className: 'stage-eps', color: STAGE_COLORS.eps, radius: 4.5 });
      readout.textContent = describe(draw, draws.length);
      await animate(draw);
      drawReparameterisedDraws(plane, draws);
      this.dataset.draws = String(draws.length);
      await decodeDraws();
    };

    this.find('[data-sample]').addEventListener('click', () => this.run(sample()));
    this.find('[data-clear]').addEventListener('click', () => {
      state.set({ draws: 0 });
      this.run(redraw());
    });
    plot.addEventListener('keydown', (event) => {
      if (event.key === ' ' || event.key === 'Enter' || event.key === 'e' || event.key === 'E') {
        event.preventDefault();
        this.run(sample());
      }
    });
    this.bindDigitInput(digitInput, {
      count,
      initial: state.value.digit,
      choose: (digit) => {
        state.set({ digit, draws: 0 });
        this.run(redraw());
      },
    });
    await redraw();
  }
}

customElements.define('reparameterisation-figure', ReparameterisationFigure);
