/**
 * Named errors of @ellipse/core. Every message names the offending value and what was expected,
 * so a caller can fix the input without reading the source.
 */

/** A configuration value is out of range or unknown (latent size <= 0, unknown preset, ...). */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** A tensor or array has the wrong rank or size. */
export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

/** An input contains NaN or +/-Infinity where finite numbers are required. */
export class NonFiniteError extends Error {
  override readonly name = 'NonFiniteError';
}

/** Formats a shape for messages: [100, 784]. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
