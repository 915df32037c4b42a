import { expect } from 'vitest';

/** Awaits `promise`, expects it to reject with a `type` whose message matches `pattern`; returns the error. */
export async function rejects(
  promise: Promise<unknown>,
  type: new (...args: never[]) => Error,
  pattern: RegExp,
): Promise<Error> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(type);
  expect((error as Error).message).toMatch(pattern);
  return error as Error;
}
