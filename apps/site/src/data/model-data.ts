import { crc32 } from './crc32.ts';
import {
  MANIFEST_PATH,
  type OnnxFile,
  parseManifest,
  type SiteModelName,
  type SiteModelsManifest,
} from './manifest.ts';
import { ModelDataError, parseJsonFile } from './model-data-error.ts';
import { decodeTable, type TableFile } from './table-file.ts';

/** Reads one file under /models/ by its relative path; rejects with ModelDataError when it cannot. */
export type FetchBytes = (path: string) => Promise<Uint8Array>;

/** q(z|x) = N(mu, diag sigma^2) in the 2-D latent plane. */
export interface Posterior {
  readonly mu: readonly [number, number];
  readonly sigma: readonly [number, number];
}

/** Row `i` of a [N, 4] posterior table (rows mu_1, mu_2, sigma_1, sigma_2). */
export function posteriorAt(table: Float32Array, i: number): Posterior {
  const at = (j: number) => table[4 * i + j] as number;
  return { mu: [at(0), at(1)], sigma: [at(2), at(3)] };
}

/** The checked contents of /models/: every read validates length, CRC-32 and values. */
export interface ModelData {
  readonly manifest: SiteModelsManifest;
  /** uint8 [10000]: test labels. */
  labels(): Promise<Uint8Array>;
  /** 0/1 [1000 * 784]: pixels of the first 1000 test digits, as the models saw them. */
  digits(): Promise<Uint8Array>;
  /** float32 [10000 * 4]: q(z|x) of every test digit after training (see posteriorAt). */
  posteriors(model: SiteModelName): Promise<Float32Array>;
  /** float32 [epochs * 1000 * 4]: q(z|x) of the first 1000 test digits after each epoch. */
  ellipses(model: SiteModelName): Promise<Float32Array>;
  /** The bytes of the model's decoder or encoder ONNX file, checked against the manifest. */
  onnx(model: SiteModelName, role: 'decoder' | 'encoder'): Promise<Uint8Array>;
}

/** A FetchBytes over the page's `fetch`, for files served under `base` (default '/models/'). */
export function fetchFromSite(base: string | URL = '/models/'): FetchBytes {
  return async (path) => {
    const url = new URL(path, new URL(base, globalThis.location?.href ?? 'http://localhost/'));
    let response: Response;
    try {
      response = await fetch(url);
    } catch (error) {
      throw new ModelDataError(
        path,
        `could not be fetched from ${url} (${(error as Error).message})`,
        'check the site is served with its /models/ folder',
      );
    }
    if (!response.ok) {
      throw new ModelDataError(
        path,
        `fetching ${url} failed: HTTP ${response.status}`,
        'check the site is served with its /models/ folder',
      );
    }
    return new Uint8Array(await response.arrayBuffer());
  };
}

/**
 * Reads and validates manifest.json through `fetchBytes`; the returned object reads each table on
 * first use (and once). Throws ModelDataError for a missing, malformed or damaged file.
 */
export async function openModelData({ fetchBytes }: { fetchBytes: FetchBytes }): Promise<ModelData> {
  const raw = parseJsonFile(await fetchBytes(MANIFEST_PATH), MANIFEST_PATH);
  const manifest = parseManifest(raw);
  const cache = new Map<string, Promise<Float32Array | Uint8Array>>();
  const once = <T extends Float32Array | Uint8Array>(path: string, read: () => Promise<T>): Promise<T> => {
    const hit = cache.get(path) ?? read();
    cache.set(path, hit);
    return hit as Promise<T>;
  };
  const table = <T extends Float32Array | Uint8Array>(file: TableFile) =>
    once(file.path, async () => decodeTable(await fetchBytes(file.path), file).values as T);
  const model = (name: SiteModelName) => {
    const entry = manifest.models[name];
    if (entry === undefined) {
      throw new ModelDataError(
        MANIFEST_PATH,
        `has no '${name}' model (it has ${Object.keys(manifest.models).join(', ')})`,
      );
    }
    return entry;
  };
  const checkedOnnx = async (file: OnnxFile): Promise<Uint8Array> => {
    const bytes = await fetchBytes(file.path);
    if (bytes.length !== file.bytes || crc32(bytes) !== file.crc32) {
      throw new ModelDataError(
        file.path,
        `is damaged: ${bytes.length} bytes with CRC-32 ${crc32(bytes).toString(16)}, the manifest says ${file.bytes} bytes, ${file.crc32.toString(16)}`,
      );
    }
    return bytes;
  };
  return {
    manifest,
    labels: () => table<Uint8Array>(manifest.data.labels),
    digits: () => table<Uint8Array>(manifest.data.digits),
    posteriors: async (name) => table<Float32Array>(model(name).posteriors),
    ellipses: async (name) => table<Float32Array>(model(name).ellipses),
    onnx: async (name, role) => once(model(name)[role].path, () => checkedOnnx(model(name)[role])),
  };
}
