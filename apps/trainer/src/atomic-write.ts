import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';

const TEMPORARY_SUFFIX = '.tmp-';
/** `<name>.tmp-<pid>-<8 hex digits>`: a temporary file of writeFileAtomic. */
const TEMPORARY = /\.tmp-\d+-[0-9a-f]{8}$/;

/**
 * Removes the temporary files that writeFileAtomic left in `dir` when its process was killed mid-write
 * (SIGKILL, power loss): never the files they were meant to replace, which are whole. Returns their names.
 */
export async function removeStaleTemporaries(dir: string): Promise<string[]> {
  const stale = (await readdir(dir)).filter((name) => TEMPORARY.test(name));
  await Promise.all(stale.map((name) => rm(join(dir, name), { force: true })));
  return stale;
}

/**
 * Writes `data` to `path` so that a reader sees either the old file or the whole new one, never a
 * torn write: write a temporary file beside it, flush it to disk, then rename it over the target.
 */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}${TEMPORARY_SUFFIX}${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
