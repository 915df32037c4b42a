/**
 * A data file or dataset is missing, malformed or inconsistent. The message names the file, the
 * offending value and what to do about it; `path` and `value` are also kept for callers.
 */
export class DataError extends Error {
  override readonly name = 'DataError';
  readonly path: string;
  readonly value: unknown;

  constructor(options: { path: string; value?: unknown; problem: string; fix: string }) {
    super(`${options.path}: ${options.problem}; ${options.fix}`);
    this.path = options.path;
    this.value = options.value;
  }
}
