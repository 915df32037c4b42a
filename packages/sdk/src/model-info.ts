import {
  decodeMetadata,
  type LikelihoodName,
  ModelFormatError,
  type ModelMetadata,
  type ModelRole,
} from '@ellipse/format';
import type { BackendName, Candidate } from './backend.ts';
import type { ImageShape } from './image.ts';
import { readOnnxMetadata } from './onnx-metadata.ts';

/** One try at creating a session on a backend. */
export interface BackendAttempt {
  readonly backend: BackendName;
  readonly ok: boolean;
  /** Why it was tried; on failure, the error. */
  readonly detail: string;
}

/** The backend that actually runs, and why: never a silent fallback. */
export interface BackendReport {
  readonly name: BackendName;
  /** One sentence: why this backend runs (and what failed before it, if anything). */
  readonly reason: string;
  readonly threads: number;
  readonly threadsReason: string;
  /** Every backend tried, in order. */
  readonly attempts: readonly BackendAttempt[];
  /** Backends not tried, with why. */
  readonly excluded: readonly Candidate[];
}

export interface ModelInfo {
  /** K: the size of z. */
  readonly latentSize: number;
  /** D: values per decoded data point. */
  readonly dataSize: number;
  readonly imageShape: ImageShape | null;
  readonly likelihood: LikelihoodName;
  readonly formatVersion: number;
  /** The decoder's full metadata as exported (dataset, preset, metrics, producer). */
  readonly metadata: ModelMetadata;
  /** The encoder's metadata when an encoder was loaded. */
  readonly encoderMetadata: ModelMetadata | null;
  readonly backend: BackendReport;
}

/** Reads and checks the metadata of a file that must hold one of the given roles. */
export function readModelMetadata(
  bytes: Uint8Array,
  source: string,
  roles: readonly ModelRole[],
): ModelMetadata {
  const properties = readOnnxMetadata(bytes, source);
  let metadata: ModelMetadata;
  try {
    metadata = decodeMetadata(properties);
  } catch (error) {
    // decodeMetadata does not know the file: name it.
    if (!(error instanceof ModelFormatError)) throw error;
    throw new ModelFormatError(`${source}: ${error.message}`);
  }
  if (!roles.includes(metadata.role)) {
    throw new ModelFormatError(
      `${source} holds an Ellipse ${metadata.role}, but ${roles.map((r) => `a ${r}`).join(' or ')} was expected here`,
    );
  }
  return metadata;
}

/** Throws unless the encoder belongs with the decoder (same latent and data sizes). */
export function checkPair(decoder: ModelMetadata, encoder: ModelMetadata): void {
  if (decoder.latentSize !== encoder.latentSize || decoder.dataSize !== encoder.dataSize) {
    throw new ModelFormatError(
      `the encoder (data ${encoder.dataSize} -> latent ${encoder.latentSize}) does not match the decoder ` +
        `(latent ${decoder.latentSize} -> data ${decoder.dataSize}): export both from the same model`,
    );
  }
}
