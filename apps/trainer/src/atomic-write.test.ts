import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from './atomic-write.ts';

describe('writeFileAtomic', () => {
  it('replaces the file and leaves no temporary file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ellipse-atomic-'));
    const path = join(dir, 'sub', 'a.txt');
    await writeFileAtomic(path, 'one');
    await writeFileAtomic(path, 'two');
    expect(await readFile(path, 'utf8')).toBe('two');
    expect(await readdir(join(dir, 'sub'))).toEqual(['a.txt']);
  });

  it('keeps the old file intact when the write fails', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ellipse-atomic-'));
    const path = join(dir, 'a.txt');
    await writeFile(path, 'good');
    // A directory where the temporary file's parent should be a directory cannot hold it: writing fails.
    await expect(writeFileAtomic(join(path, 'child.txt'), 'x')).rejects.toThrow();
    expect(await readFile(path, 'utf8')).toBe('good');
  });
});
