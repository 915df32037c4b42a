/** Largest seed: seeds are unsigned 32-bit integers (core's mixSeed and mulberry32). */
const MAX_SEED = 0xffff_ffff;

/**
 * The seed typed into `input`, or null when it is not an integer from 0 to 2^32 - 1: then the input is
 * put back to `current` and `readout` says why, naming the value.
 */
export function readSeedInput(input: HTMLInputElement, current: number, readout: Element): number | null {
  const value = Number(input.value);
  if (input.value !== '' && Number.isInteger(value) && value >= 0 && value <= MAX_SEED) return value;
  readout.textContent = `The seed must be an integer from 0 to ${MAX_SEED}, got '${input.value}'; keeping ${current}.`;
  input.value = String(current);
  return null;
}
