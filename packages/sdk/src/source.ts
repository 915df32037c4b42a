import { SdkError } from './errors.ts';

/** Where a model comes from: a URL (absolute, or relative to the page), bytes, or in Node a file path. */
export type ModelSource = string | URL | ArrayBuffer | Uint8Array;

export interface LoadedBytes {
  readonly bytes: Uint8Array;
  /** How the source is named in messages. */
  readonly name: string;
}

const isNode = (): boolean =>
  typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string';

function isUrl(text: string): boolean {
  return /^(https?|blob|data|file):/i.test(text);
}

async function readFile(path: string | URL): Promise<Uint8Array> {
  // A variable specifier keeps bundlers from trying to pack node:fs into a web build.
  const fsModule = 'node:fs/promises';
  const fs = (await import(/* @vite-ignore */ fsModule)) as typeof import('node:fs/promises');
  return new Uint8Array(await fs.readFile(path));
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new SdkError(`could not fetch the model at ${url}: ${(error as Error).message}`, url);
  }
  if (!response.ok) {
    throw new SdkError(
      `fetching the model at ${url} failed: HTTP ${response.status} ${response.statusText}`,
      url,
    );
  }
  return new Uint8Array(await response.arrayBuffer());
}

/** The bytes of a model; in Node, strings that are not http(s)/blob/data URLs are file paths. */
export async function loadBytes(source: ModelSource): Promise<LoadedBytes> {
  if (source instanceof Uint8Array) return { bytes: source, name: 'the given bytes' };
  if (source instanceof ArrayBuffer) return { bytes: new Uint8Array(source), name: 'the given ArrayBuffer' };
  const text = String(source);
  if (typeof source !== 'string' && !(source instanceof URL)) {
    throw new SdkError(
      `model source must be a URL, a path, an ArrayBuffer or a Uint8Array, got ${text}`,
      source,
    );
  }
  if (isNode() && (/^file:/i.test(text) || !isUrl(text))) {
    const path = /^file:/i.test(text) ? new URL(text) : text;
    try {
      return { bytes: await readFile(path), name: text };
    } catch (error) {
      throw new SdkError(`could not read the model file ${text}: ${(error as Error).message}`, source);
    }
  }
  return { bytes: await fetchBytes(text), name: text };
}
