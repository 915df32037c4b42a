import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { OutputFile } from './collect-run.ts';

/**
 * Writes `files` into a fresh sibling of `out`, then swaps it in with renames, so `out` is either
 * the old directory or the complete new one, never a mix (an interrupted run leaves the old one).
 * `keep` names subdirectories of the old `out` that another command owns (e.g. `avb`, written by
 * `avb-models`): they move into the new directory unchanged.
 */
export async function writeModelsDir(
  out: string,
  files: readonly OutputFile[],
  { keep = [] }: { readonly keep?: readonly string[] } = {},
): Promise<void> {
  const fresh = `${out}.new-${process.pid}`;
  const old = `${out}.old-${process.pid}`;
  await rm(fresh, { recursive: true, force: true });
  for (const file of files) {
    const path = join(fresh, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.bytes);
  }
  for (const name of keep) {
    await rename(join(out, name), join(fresh, name)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  await rename(out, old).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  await rename(fresh, out);
  await rm(old, { recursive: true, force: true });
}
