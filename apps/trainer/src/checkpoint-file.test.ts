import { describe, expect, it } from 'vitest';
import { CheckpointError, decodeCheckpoint, encodeCheckpoint } from './checkpoint-file.ts';

const tensors = {
  'encoder/hidden0/kernel': { shape: [2, 3], values: new Float32Array([1, 2, 3, 4, 5, 6.5]) },
  'encoder/hidden0/bias': { shape: [3], values: new Float32Array([-1, 0, 1e-30]) },
};

describe('checkpoint file', () => {
  it('round-trips header and tensors exactly', () => {
    const bytes = encodeCheckpoint({ epoch: 3, note: 'é' }, tensors);
    expect(new TextDecoder().decode(bytes.subarray(0, 8))).toBe('ELPSCKP2');
    const { header, tensors: back } = decodeCheckpoint<{ epoch: number; note: string }>(bytes, 'x.ckpt');
    expect(header).toEqual({ epoch: 3, note: 'é' });
    expect(back).toEqual(tensors);
  });

  it('lays the floats out after a 4-byte-aligned header, in little-endian order', () => {
    const bytes = encodeCheckpoint({}, { w: { shape: [1], values: new Float32Array([1]) } });
    // float32 1.0 is 0x3f800000: little-endian bytes 00 00 80 3f at the end of the file.
    expect([...bytes.subarray(-4)]).toEqual([0x00, 0x00, 0x80, 0x3f]);
    expect(bytes.length % 4).toBe(0);
  });

  it('names the file and the problem for a foreign or truncated file', () => {
    expect(() => decodeCheckpoint(new TextEncoder().encode('hello world!!'), 'a.ckpt')).toThrow(
      /a.ckpt is not a valid Ellipse checkpoint: it does not start with 'ELPSCKP2'/,
    );
    const bytes = encodeCheckpoint({}, tensors);
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 8), 'b.ckpt')).toThrow(CheckpointError);
    expect(() => decodeCheckpoint(bytes.subarray(0, bytes.length - 8), 'b.ckpt')).toThrow(/cut short/);
  });

  it('catches any flipped bit by its CRC-32, and still reads version 1 files (no CRC)', () => {
    const bytes = encodeCheckpoint({ epoch: 3 }, tensors);
    for (const at of [16, 20, bytes.length - 1]) {
      const flipped = bytes.slice();
      flipped[at] = (flipped[at] as number) ^ 0x10;
      expect(() => decodeCheckpoint(flipped, 'c.ckpt')).toThrow(
        /c.ckpt .*CRC-32 is [0-9a-f]+, the file says/,
      );
    }
    // Version 1: the same JSON from byte 12, then the floats 4-byte aligned.
    const json = new TextEncoder().encode(
      JSON.stringify({ epoch: 3, tensors: [{ name: 'w', shape: [2], offset: 0 }] }),
    );
    const dataStart = Math.ceil((12 + json.length) / 4) * 4;
    const v1 = new Uint8Array(dataStart + 8);
    v1.set(new TextEncoder().encode('ELPSCKP1'));
    new DataView(v1.buffer).setUint32(8, json.length, true);
    v1.set(json, 12);
    new Float32Array(v1.buffer, dataStart, 2).set([0.5, -2]);
    expect(decodeCheckpoint(v1, 'v1.ckpt')).toEqual({
      header: { epoch: 3 },
      tensors: { w: { shape: [2], values: new Float32Array([0.5, -2]) } },
    });
  });
});
