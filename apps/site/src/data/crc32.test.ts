import { describe, expect, it } from 'vitest';
import { crc32 } from './crc32.ts';

describe('crc32', () => {
  it('matches the published check values of CRC-32/ISO-HDLC', () => {
    // The standard check value: CRC-32 of the ASCII digits "123456789" is 0xCBF43926.
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array())).toBe(0);
    // zlib.crc32("The quick brown fox jumps over the lazy dog") = 0x414FA339
    expect(crc32(new TextEncoder().encode('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339);
  });

  it('changes when one bit flips', () => {
    const bytes = new Uint8Array(1000).map((_, i) => (i * 31) & 0xff);
    const before = crc32(bytes);
    bytes[500] = (bytes[500] as number) ^ 0x10;
    expect(crc32(bytes)).not.toBe(before);
  });
});
