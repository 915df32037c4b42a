export { ModelFormatError } from '@ellipse/format';

/**
 * A call to the SDK was given a value it cannot use (wrong shape, NaN, a count that is not a positive
 * integer, a disposed model). `value` holds the offending value; the message says what was expected.
 */
export class SdkError extends Error {
  override readonly name: string = 'SdkError';
  readonly value: unknown;
  constructor(message: string, value?: unknown) {
    super(message);
    this.value = value;
  }
}

/** The backend that was asked for cannot run here; the message gives the reason of every attempt. */
export class BackendUnavailableError extends SdkError {
  override readonly name: string = 'BackendUnavailableError';
}

/** A size (n, steps, rows) would allocate more than the SDK's limit; `limit` is the largest accepted. */
export class SizeLimitError extends SdkError {
  override readonly name: string = 'SizeLimitError';
  readonly limit: number;
  constructor(message: string, value: unknown, limit: number) {
    super(message, value);
    this.limit = limit;
  }
}
