// Shared settings of the trainer's property tests (fast-check).
import type fc from 'fast-check';
import { expect } from 'vitest';

/** 1,000 cases per entry point in CI with a fixed seed; ELLIPSE_FUZZ_RUNS / ELLIPSE_FUZZ_SEED for more. */
export const FUZZ: fc.Parameters<unknown> = {
  numRuns: Number(process.env.ELLIPSE_FUZZ_RUNS ?? 1000),
  seed: Number(process.env.ELLIPSE_FUZZ_SEED ?? 20261129),
};

/** Runs `body`; returns its value, or the error it threw. */
export async function outcome<T>(body: () => Promise<T> | T): Promise<T | Error> {
  try {
    return await body();
  } catch (error) {
    return error as Error;
  }
}

/** `error` is an instance of one of `types` and its message contains every one of `mentions`. */
export function expectNamed(
  error: Error,
  types: readonly (new (...args: never[]) => Error)[],
  mentions: readonly string[],
): void {
  expect(
    types.some((type) => error instanceof type),
    `${error.name}: ${error.message}`,
  ).toBe(true);
  for (const mention of mentions) expect(error.message).toContain(mention);
}
