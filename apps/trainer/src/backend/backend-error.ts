/**
 * The one error of backend choice: an unknown backend name, or a requested backend that cannot
 * initialise. The message names the offending value and says what to do; `value` repeats it for
 * callers that want to branch on it.
 */
export class BackendError extends Error {
  override readonly name = 'BackendError';
  readonly value: string;

  constructor(value: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.value = value;
  }
}

/** How to install the optional libtensorflow bindings; quoted by every error that needs them. */
export const INSTALL_HINTS = {
  'tensorflow-gpu':
    'install it with `pnpm --filter trainer add @tensorflow/tfjs-node-gpu` (Linux x64 only; needs an NVIDIA GPU ' +
    'with CUDA 11.2 and cuDNN 8.1 installed; its install script downloads libtensorflow, so it needs internet ' +
    'access beyond the npm registry)',
  tensorflow:
    'install it with `pnpm --filter trainer add @tensorflow/tfjs-node` (its install script downloads ' +
    'libtensorflow, so it needs internet access beyond the npm registry)',
} as const;
