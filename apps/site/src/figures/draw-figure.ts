/**
 * <draw-figure>: section 7 live. The reader draws a digit on a 28x28 pad (pointer: mouse, pen or
 * touch; keyboard: arrow keys move the pen, Space puts it down or lifts it) or picks a test digit;
 * at the end of each stroke the drawing is centred by mass and the encoder (SDK `encode`, through the
 * shared decoder service) places its q(z|x) among the test digits' ellipses; its centre is decoded.
 * State in the URL: `?draw.x=<the drawing, binarised, base64url>` (a link redraws and re-encodes it).
 */
import { decoders, siteModelData } from '../lib/decoders.ts';
import { bindUrlState, type Field } from '../lib/url-state.ts';
import { greyLevels } from '../viz/digit-image.ts';
import type { LatentPlane } from '../viz/latent-plane.ts';
import { posteriorMeans } from '../viz/posterior-tables.ts';
import { DigitFigure } from './digit-figure.ts';
import { centreByMass, PAD, padFromUrl, padToUrl, strokeSegment } from './digit-pad.ts';
import { showDigit } from './digit-slot.ts';
import { drawDrawnEllipse, renderDrawPlane } from './draw-view.ts';
import { formatPoint } from './latent-pointer.ts';

/** The labels of the example digits offered (the first test digit of each). */
const EXAMPLE_LABELS = [0, 2, 3, 4, 7] as const;
const CELL = 10; // canvas px per pad pixel
const NEIGHBOURS = 10;

const drawingField: Field<string> = {
  fallback: '',
  parse(raw) {
    padFromUrl(raw); // throws with the reason when the link is damaged
    return raw;
  },
  format: (value) => value,
};

class DrawFigure extends DigitFigure {
  protected async start(): Promise<void> {
    const state = bindUrlState({ prefix: 'draw', schema: { x: drawingField } });
    const data = await siteModelData();
    const count = data.manifest.data.digits.shape[0] ?? 1;
    const [labels, posteriors, digits, model] = await Promise.all([
      data.labels(),
      data.posteriors('vae'),
      data.digits(),
      decoders.model('vae'),
    ]);
    const canvas = this.find<HTMLCanvasElement>('[data-pad]');
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('this browser gives no 2-D canvas for the drawing pad');
    const readout = this.find('[data-readout]');
    const plot = this.find<HTMLElement>('[data-plot]');
    const plane: LatentPlane = renderDrawPlane(document, { labels, posteriors, count });
    plot.replaceChildren(plane.svg);
    const means = posteriorMeans(posteriors.subarray(0, 4 * count));
    let pixels: Float32Array = new Float32Array(PAD * PAD);
    let pen: [number, number] = [14, 14];
    let penDown = false;
    let showPen = false;
    let encodes = 0;

    const paint = () => {
      const grey = greyLevels({ values: pixels }); // 255 = paper, 0 = ink
      for (let i = 0; i < grey.length; i += 1) {
        const g = grey[i] as number;
        context.fillStyle = `rgb(${g},${g},${g})`;
        context.fillRect((i % PAD) * CELL, Math.floor(i / PAD) * CELL, CELL, CELL);
      }
      if (showPen) {
        context.strokeStyle = penDown ? '#bd1f01' : '#3f90da';
        context.lineWidth = 2;
        context.strokeRect(Math.floor(pen[0]) * CELL + 1, Math.floor(pen[1]) * CELL + 1, CELL - 2, CELL - 2);
      }
    };

    /** Encodes `input` (what the encoder sees), outlines its ellipse, decodes its centre. */
    const place = async (input: Float32Array, what: string) => {
      const mine = ++encodes;
      state.set({ x: padToUrl(input) });
      if (input.every((v) => v === 0)) {
        plane.overlay.querySelector('g.drawn-ellipse')?.remove();
        readout.textContent = 'The pad is empty: draw a digit, or pick one below.';
        return;
      }
      const { mu, sigma } = await model.encode(input); // one row [1, 784]
      const q = {
        mu: [mu.data[0], mu.data[1]] as [number, number],
        sigma: [sigma.data[0], sigma.data[1]] as [number, number],
      };
      const decoded = await model.decode([q.mu]);
      if (mine !== encodes) return;
      drawDrawnEllipse(plane, q);
      showDigit(this.find('[data-input]'), { values: input }, `${what}, as the encoder sees it`);
      showDigit(
        this.find('[data-decoded]'),
        { values: decoded.data },
        `the image decoded at the centre μ = ${formatPoint(q.mu)}`,
      );
      const nearest = Array.from({ length: count }, (_, i) => i)
        .map((i) => ({
          i,
          d: Math.hypot((means[2 * i] as number) - q.mu[0], (means[2 * i + 1] as number) - q.mu[1]),
        }))
        .sort((a, b) => a.d - b.d)
        .slice(0, NEIGHBOURS);
      const votes = new Map<number, number>();
      for (const { i } of nearest) votes.set(labels[i] as number, (votes.get(labels[i] as number) ?? 0) + 1);
      const [top, n] = [...votes.entries()].sort((a, b) => b[1] - a[1])[0] as [number, number];
      readout.textContent =
        `${what}: q(z|x) has centre μ = ${formatPoint(q.mu)} and axes σ = ${formatPoint(q.sigma, 3)}. ` +
        `Of the ${NEIGHBOURS} test digits whose centres are nearest, ${n} are ${top}s.`;
      this.dataset.encoded = String(Number(this.dataset.encoded ?? '0') + 1);
      this.dataset.mu = q.mu.map((v) => v.toFixed(5)).join(',');
    };
    const placeDrawing = () => this.run(place(centreByMass(pixels), 'Your drawing'));

    // pointer: mouse, pen and touch alike (touch-action: none on the pad)
    const toPad = (event: PointerEvent): [number, number] => {
      const box = canvas.getBoundingClientRect();
      return [((event.clientX - box.left) * PAD) / box.width, ((event.clientY - box.top) * PAD) / box.height];
    };
    let last: [number, number] | null = null;
    canvas.addEventListener('pointerdown', (event) => {
      canvas.setPointerCapture(event.pointerId);
      last = toPad(event);
      strokeSegment(pixels, last, last);
      showPen = false;
      paint();
    });
    canvas.addEventListener('pointermove', (event) => {
      if (last === null) return;
      const next = toPad(event);
      strokeSegment(pixels, last, next);
      last = next;
      paint();
    });
    const endStroke = () => {
      if (last === null) return;
      last = null;
      placeDrawing();
    };
    canvas.addEventListener('pointerup', endStroke);
    canvas.addEventListener('pointercancel', endStroke);

    // keyboard: arrows move the pen (drawing while it is down), Space toggles it, Enter places the digit
    canvas.addEventListener('keydown', (event) => {
      const moves: Record<string, [number, number]> = {
        ArrowLeft: [-1, 0],
        ArrowRight: [1, 0],
        ArrowUp: [0, -1],
        ArrowDown: [0, 1],
      };
      const move = moves[event.key];
      showPen = true;
      if (move !== undefined) {
        event.preventDefault();
        const next: [number, number] = [
          Math.max(0.5, Math.min(PAD - 0.5, pen[0] + move[0])),
          Math.max(0.5, Math.min(PAD - 0.5, pen[1] + move[1])),
        ];
        if (penDown) strokeSegment(pixels, pen, next);
        pen = next;
      } else if (event.key === ' ') {
        event.preventDefault();
        penDown = !penDown;
        if (penDown) strokeSegment(pixels, pen, pen);
        else placeDrawing();
      } else if (event.key === 'Enter') {
        event.preventDefault();
        placeDrawing();
      } else {
        return;
      }
      paint();
    });
    canvas.addEventListener('blur', () => {
      showPen = false;
      paint();
    });

    this.find('[data-clear]').addEventListener('click', () => {
      pixels = new Float32Array(PAD * PAD);
      paint();
      this.run(place(pixels, 'An empty pad'));
    });
    const examples = this.find<HTMLElement>('[data-examples]');
    for (const label of EXAMPLE_LABELS) {
      const index = Array.from(labels.subarray(0, count)).indexOf(label);
      if (index < 0) continue;
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = `a ${label} (test digit ${index})`;
      button.dataset.example = String(index);
      button.addEventListener('click', () => {
        pixels = Float32Array.from(digits.subarray(index * PAD * PAD, (index + 1) * PAD * PAD));
        paint();
        this.run(place(pixels, `Test digit ${index}, a ${label}`));
      });
      examples.append(button);
    }

    if (state.value.x !== '') {
      pixels = padFromUrl(state.value.x);
      paint();
      await place(pixels, 'The drawing in the link');
    } else {
      paint();
      readout.textContent = 'Draw a digit on the pad (or pick one below): its ellipse appears on the plane.';
    }
  }
}

customElements.define('draw-figure', DrawFigure);
