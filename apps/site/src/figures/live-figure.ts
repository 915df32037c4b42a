/**
 * The base of the figures-a custom elements (<points-figure>, <ellipses-figure>, <regularizer-figure>):
 * the static SVG is in the element from the build; `start()` runs once, when the element comes near
 * the viewport (src/lib/near-viewport.ts), and a failure is shown in the figure's read-out, never
 * swallowed. A started figure sets `data-live="true"` (the Chromium tests wait for it).
 */
import { whenNearViewport } from '../lib/near-viewport.ts';

export abstract class LiveFigure extends HTMLElement {
  /** Loads the data and makes the figure interactive. */
  protected abstract start(): Promise<void>;

  connectedCallback(): void {
    whenNearViewport({
      element: this,
      start: () => {
        this.start()
          .then(() => {
            this.dataset.live = 'true';
          })
          .catch((error: unknown) => this.fail(error));
      },
    });
  }

  /** The element of this figure matching `selector`; throws if the markup lacks it. */
  protected find<T extends Element>(selector: string): T {
    const found = this.querySelector<T>(selector);
    if (found === null) throw new Error(`<${this.localName}> lacks its ${selector} element`);
    return found;
  }

  /** Shows `error` in the figure's read-out (and the console). */
  protected fail(error: unknown): void {
    const readout = this.querySelector('[data-readout]');
    if (readout !== null) readout.textContent = `This figure could not start: ${(error as Error).message}`;
    console.error(error);
  }
}
