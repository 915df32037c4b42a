/**
 * Which tfjs backend trains, and why: WebGPU, else WebGL, else WASM, else CPU (the order of speed for
 * a small MLP on a reader's machine), or the one the URL asks for. A requested backend that cannot
 * start is an error, never a silent fallback; in 'auto' every backend passed over is named with why.
 */
import type { BackendRequest, TrainBackend } from './train-protocol.ts';
import { TRAIN_BACKENDS } from './train-protocol.ts';

/**
 * Starts one backend and makes it tfjs's current one; resolves to null, or to why it cannot run.
 * `acceptSoftware` false (the 'auto' choice): a GPU backend on a software renderer (SwiftShader, a
 * fallback adapter) declines, since it trains slower than WASM (BENCHMARKS.md: 0.06x and 0.4x).
 */
export type BackendStarter = (
  backend: TrainBackend,
  options: { acceptSoftware: boolean },
) => Promise<string | null>;

export interface BackendChoice {
  readonly backend: TrainBackend;
  /** A sentence for the page. */
  readonly why: string;
}

export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';
}

/** `parameter`: the URL's query key that requests a backend, named in the sentences (e.g. 'train.backend'). */
export async function chooseBackend(
  request: BackendRequest,
  start: BackendStarter,
  parameter = 'train.backend',
): Promise<BackendChoice> {
  if (request !== 'auto') {
    const failure = await start(request, { acceptSoftware: true });
    if (failure !== null) {
      throw new BackendUnavailableError(
        `the URL asks for the ${request} backend (${parameter}=${request}), which cannot start here: ${failure}. ` +
          `Remove ${parameter} from the URL to let the page choose.`,
      );
    }
    return { backend: request, why: `requested in the URL (${parameter}=${request})` };
  }
  const passed: string[] = [];
  for (const backend of TRAIN_BACKENDS) {
    const failure = await start(backend, { acceptSoftware: false });
    if (failure === null) {
      const first = passed.length === 0 ? 'the first of WebGPU, WebGL, WASM, CPU that starts here' : '';
      return { backend, why: [first, ...passed].filter((s) => s !== '').join('; ') };
    }
    passed.push(`not ${backend}: ${failure}`);
  }
  throw new BackendUnavailableError(`no TensorFlow.js backend could start: ${passed.join('; ')}`);
}
