/**
 * Confluent Schema Registry wire format, used by every producer and consumer on the VA Enterprise
 * Event Bus (KafkaAvroSerializer): byte 0 = magic 0x00, bytes 1..4 = schema id (unsigned, big
 * endian), then the Avro binary encoding of the value. The schema id is pinned by configuration
 * (the Event Bus team hands it out; clients may not register schemas), so no registry call is made.
 */

export const MAGIC_BYTE = 0x00;
const HEADER_BYTES = 5;

export function encodeWire(schemaId: number, avroBinary: Buffer): Buffer {
  if (!Number.isInteger(schemaId) || schemaId < 0 || schemaId > 0xffffffff) {
    throw new RangeError(`schema id must be a 32-bit unsigned integer, got ${schemaId}`);
  }
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt8(MAGIC_BYTE, 0);
  header.writeUInt32BE(schemaId, 1);
  return Buffer.concat([header, avroBinary]);
}

export type WireDecodeResult = { ok: true; schemaId: number; avroBinary: Buffer } | { ok: false; reason: 'bad_magic_byte'; detail: string };

export function decodeWire(message: Buffer): WireDecodeResult {
  if (message.length < HEADER_BYTES) {
    return { ok: false, reason: 'bad_magic_byte', detail: `message has ${message.length} bytes, fewer than the 5-byte header` };
  }
  const magic = message.readUInt8(0);
  if (magic !== MAGIC_BYTE) {
    return { ok: false, reason: 'bad_magic_byte', detail: `magic byte is 0x${magic.toString(16).padStart(2, '0')}, expected 0x00` };
  }
  return { ok: true, schemaId: message.readUInt32BE(1), avroBinary: message.subarray(HEADER_BYTES) };
}
