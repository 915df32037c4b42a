/** A command-line flag's value as an integer >= 1 (`fallback` when the flag is absent); throws naming the flag and value. */
export function positiveInteger(raw: string | undefined, flag: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`--${flag}: got ${JSON.stringify(raw)}, expected an integer >= 1`);
  }
  return value;
}
