import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { removeStaleTemporaries, writeFileAtomic } from './atomic-write.ts';

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

  it('removes the temporaries a killed writer left, and nothing else', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ellipse-atomic-'));
    await writeFile(join(dir, 'checkpoint.ckpt'), 'whole');
    await writeFile(join(dir, 'checkpoint.ckpt.tmp-4242-0a1b2c3d'), 'half');
    await writeFile(join(dir, 'notes.tmp-draft'), 'mine');
    expect(await removeStaleTemporaries(dir)).toEqual(['checkpoint.ckpt.tmp-4242-0a1b2c3d']);
    expect((await readdir(dir)).sort()).toEqual(['checkpoint.ckpt', 'notes.tmp-draft']);
  });
});
