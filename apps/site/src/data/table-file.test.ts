import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32.ts';
import { ModelDataError } from './model-data-error.ts';
import { decodeTable, encodeTable, tableByteLength } from './table-file.ts';

describe('encodeTable / decodeTable', () => {
  it('stores float32 little-endian, uint8 as bytes, bits most significant first (bytes by hand)', () => {
    // 1.0f = 0x3F800000 -> 00 00 80 3F; -2.5f = 0xC0200000 -> 00 00 20 C0
    const floats = encodeTable({ path: 'f.bin', dtype: 'float32', shape: [1, 2], values: [1, -2.5] });
    expect([...floats.bytes]).toEqual([0, 0, 0x80, 0x3f, 0, 0, 0x20, 0xc0]);
    const bytes = encodeTable({ path: 'u.bin', dtype: 'uint8', shape: [3], values: [0, 7, 255] });
    expect([...bytes.bytes]).toEqual([0, 7, 255]);
    // 1011 0000 | 1 (padded) -> 0xB0, 0x80
    const bits = encodeTable({
      path: 'b.bin',
      dtype: 'bits',
      shape: [9],
      values: [1, 0, 1, 1, 0, 0, 0, 0, 1],
    });
    expect([...bits.bytes]).toEqual([0xb0, 0x80]);
    expect(bits.file).toMatchObject({ path: 'b.bin', dtype: 'bits', shape: [9], bytes: 2 });
  });

  it('round-trips every dtype', () => {
    const values = Array.from({ length: 24 }, (_, i) => (i * 7) % 2);
    for (const dtype of ['float32', 'uint8', 'bits'] as const) {
      const { bytes, file } = encodeTable({ path: 't.bin', dtype, shape: [2, 3, 4], values });
      expect(bytes.length).toBe(tableByteLength(dtype, [2, 3, 4]));
      const table = decodeTable(bytes, file);
      expect([...table.values]).toEqual(values);
      expect(table.shape).toEqual([2, 3, 4]);
    }
    const floats = [0.1, -3e-8, 12345.678, Math.PI];
    const { bytes, file } = encodeTable({ path: 'f.bin', dtype: 'float32', shape: [4], values: floats });
    expect([...decodeTable(bytes, file).values]).toEqual(floats.map((v) => Math.fround(v)));
  });

  it('refuses values its dtype cannot hold, naming the value and its index', () => {
    expect(() => encodeTable({ path: 'b.bin', dtype: 'bits', shape: [2], values: [1, 0.5] })).toThrow(
      /b\.bin: value 0\.5 at index 1 cannot be stored as bits/,
    );
    expect(() => encodeTable({ path: 'u.bin', dtype: 'uint8', shape: [1], values: [256] })).toThrow(/256/);
    expect(() => encodeTable({ path: 'f.bin', dtype: 'float32', shape: [1], values: [Number.NaN] })).toThrow(
      /NaN/,
    );
    expect(() => encodeTable({ path: 'f.bin', dtype: 'float32', shape: [2, 2], values: [1, 2, 3] })).toThrow(
      /3 values do not fill shape \[2, 2\]/,
    );
  });

  it('rejects a truncated, a damaged and a non-finite file with ModelDataError naming the file', () => {
    const { bytes, file } = encodeTable({
      path: 'vae/posteriors.bin',
      dtype: 'float32',
      shape: [2, 4],
      values: [1, 2, 3, 4, 5, 6, 7, 8],
    });
    const truncated = bytes.subarray(0, 30);
    expect(() => decodeTable(truncated, file)).toThrow(ModelDataError);
    expect(() => decodeTable(truncated, file)).toThrow(
      /vae\/posteriors\.bin: has 30 bytes, the manifest says 32/,
    );
    const flipped = bytes.slice();
    flipped[5] = (flipped[5] as number) ^ 1;
    expect(() => decodeTable(flipped, file)).toThrow(
      /vae\/posteriors\.bin: is damaged: its CRC-32 is [0-9a-f]{8}/,
    );
    // A NaN stored with a matching checksum (a broken writer) is still refused.
    const nan = encodeTable({ path: 'n.bin', dtype: 'float32', shape: [1], values: [0] });
    new DataView(nan.bytes.buffer).setFloat32(0, Number.NaN, true);
    expect(() => decodeTable(nan.bytes, { ...nan.file, crc32: crc32(nan.bytes) })).toThrow(
      /n\.bin: value NaN at index 0 is not finite/,
    );
  });
});
