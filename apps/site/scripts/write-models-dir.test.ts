// @vitest-environment node
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeModelsDir } from './write-models-dir.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('writeModelsDir', () => {
  it('replaces the directory whole, but moves the subdirectories it is told to keep into the new one', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'site-models-')), 'models');
    await mkdir(join(out, 'avb'), { recursive: true });
    await writeFile(join(out, 'avb', 'avb-toy.json'), '{"kept":true}');
    await writeFile(join(out, 'stale.json'), '{}');

    await writeModelsDir(out, [{ path: 'vae/decoder.onnx', bytes: bytes('new') }], {
      keep: ['avb', 'absent'],
    });

    expect(readdirSync(out).sort()).toEqual(['avb', 'vae']); // stale.json gone, avb kept
    expect(readFileSync(join(out, 'avb', 'avb-toy.json'), 'utf8')).toBe('{"kept":true}');
    expect(readFileSync(join(out, 'vae', 'decoder.onnx'), 'utf8')).toBe('new');
    expect(readdirSync(join(out, '..'))).toEqual(['models']); // no temporaries left beside it
  });
});
