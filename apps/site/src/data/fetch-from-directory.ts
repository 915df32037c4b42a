import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FetchBytes } from './model-data.ts';
import { ModelDataError } from './model-data-error.ts';

/** A FetchBytes over a directory on disk (Node only: the build, tests and scripts), e.g. public/models. */
export function fetchFromDirectory(directory: string): FetchBytes {
  return async (path) => {
    try {
      return new Uint8Array(await readFile(join(directory, path)));
    } catch (error) {
      throw new ModelDataError(
        path,
        `cannot be read from ${directory} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
      );
    }
  };
}
