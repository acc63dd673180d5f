import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from './confluent-wire.js';

describe('Confluent wire format', () => {
  it('prefixes magic byte 0 and the schema id as 4 big-endian bytes', () => {
    const out = encodeWire(0x01020304, Buffer.from([0xaa, 0xbb]));
    expect([...out]).toEqual([0x00, 0x01, 0x02, 0x03, 0x04, 0xaa, 0xbb]);
  });

  it.each([
    [0, 'smallest id'],
    [100_042, 'a typical registry id'],
    [0xffffffff, 'largest unsigned 32-bit id'],
  ])('round-trips schema id %i (%s)', (id) => {
    const decoded = decodeWire(encodeWire(id, Buffer.from('avro')));
    expect(decoded).toEqual({ ok: true, schemaId: id, avroBinary: Buffer.from('avro') });
  });

  it.each([
    [Buffer.from([0x01, 0, 0, 0, 1, 2]), /magic byte is 0x01/],
    [Buffer.from('{"json":true}'), /magic byte is 0x7b/],
    [Buffer.from([0x00, 0, 0]), /fewer than the 5-byte header/],
  ])('rejects %j', (buf, detail) => {
    const r = decodeWire(buf);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toBe('bad_magic_byte');
      expect(r.detail).toMatch(detail);
    }
  });

  it('refuses schema ids outside 32-bit unsigned', () => {
    expect(() => encodeWire(-1, Buffer.alloc(0))).toThrow(RangeError);
    expect(() => encodeWire(2 ** 32, Buffer.alloc(0))).toThrow(RangeError);
  });
});
