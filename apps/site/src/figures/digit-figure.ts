/**
 * The live figures of sections 3, 5, 6 and 7 on top of the shared LiveFigure (near-viewport start,
 * named failures): jobs started by the reader's controls report failures the same way, and a number
 * input chooses one of the shipped test digits.
 */
import { LiveFigure } from './live-figure.ts';

export abstract class DigitFigure extends LiveFigure {
  /** Runs a job started by a control; a failure is shown in the read-out (LiveFigure.fail). */
  protected run(job: Promise<void>): void {
    job.catch((error: unknown) => this.fail(error));
  }

  /**
   * Wires a number input that chooses one of `count` test digits: its value starts at `initial`, and
   * a valid change calls `choose`; an invalid one is named in the read-out.
   */
  protected bindDigitInput(
    input: HTMLInputElement,
    { count, initial, choose }: { count: number; initial: number; choose: (digit: number) => void },
  ): void {
    input.max = String(count - 1);
    input.value = String(initial);
    input.addEventListener('change', () => {
      const value = Number(input.value);
      if (!(Number.isInteger(value) && value >= 0 && value < count)) {
        this.find('[data-readout]').textContent =
          `Test digit numbers go from 0 to ${count - 1}; ${input.value} is not one.`;
        return;
      }
      choose(value);
    });
  }
}
