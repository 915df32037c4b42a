/**
 * A figure's pure function was given a value it cannot draw or compute with (wrong size, NaN, a
 * count that is not a positive integer). `value` holds the offending value; the message says what to pass.
 */
export class VizError extends Error {
  override readonly name: string = 'VizError';
  readonly value: unknown;
  constructor(message: string, value?: unknown) {
    super(message);
    this.value = value;
  }
}
