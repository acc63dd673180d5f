import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import { decodeWire, encodeWire } from '../../integrations/event-bus/confluent-wire.js';
import { dispenseEventId, type ShipmentItemEvent } from '../dispense-event.js';
import {
  acceptedSchemaIds,
  busEventId,
  decodeDispenseValue,
  DISPENSE_SCHEMAS,
  encodeDispenseValue,
  encodeMessageKey,
  messageKeyFor,
  toOutboxPayload,
  toShipmentItemEvent,
} from './dispense-record.js';

const item: ShipmentItemEvent = {
  eventId: dispenseEventId({ stationNumber: '442', rxNumber: '2719583', fillNumber: 1, trackingNumber: '1Z999AA10123456784' }),
  patientIcn: '1012845331V153043',
  stationNumber: '442',
  trackingNumber: '1Z999AA10123456784',
  carrier: 'UPS',
  shippedAt: new Date('2026-06-14T18:30:00Z'),
  rxNumber: '2719583',
  drugName: 'METFORMIN HCL 500MG TAB',
};
const row = (e: ShipmentItemEvent, source: string | null = 'MSG-0001') => ({
  event_id: busEventId(e.eventId),
  created_at: new Date('2026-06-15T15:00:00Z'),
  payload: toOutboxPayload(e, source),
});
const SCHEMA_ID = 100_041;
const accepted = acceptedSchemaIds({ KAFKA_SCHEMA_ID: SCHEMA_ID, KAFKA_SCHEMA_IDS: '100042:2' });

describe('bus identifiers', () => {
  it('event id: stable uuid per dispense, different per fill, and free of the full Rx number', () => {
    const id = busEventId(item.eventId);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(busEventId(item.eventId)).toBe(id);
    expect(busEventId(dispenseEventId({ stationNumber: '442', rxNumber: '2719583', fillNumber: 2, trackingNumber: item.trackingNumber }))).not.toBe(id);
    expect(id).not.toContain('2719583');
  });

  it('message key: sha256 of the ICN, same for all of a Veteran’s dispenses, never the ICN itself', () => {
    const key = messageKeyFor(item.patientIcn);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).toBe(messageKeyFor(item.patientIcn));
    expect(key).not.toBe(messageKeyFor('1012845332V000000'));
    expect(encodeMessageKey(key).toString('utf8')).toBe(key);
    const wireKey = decodeWire(encodeMessageKey(key, 7));
    expect(wireKey.ok && wireKey.schemaId).toBe(7);
    expect(wireKey.ok && avro.Type.forSchema('string').fromBuffer(wireKey.avroBinary)).toBe(key);
  });
});

describe('encode → decode', () => {
  it('writes v1 in Confluent wire format and the consumer reads it through v2 (fill_number defaults to null)', () => {
    const value = encodeDispenseValue(row(item), SCHEMA_ID);
    expect(value[0]).toBe(0);
    expect(value.readUInt32BE(1)).toBe(SCHEMA_ID);
    // The bytes after the header are plain v1 Avro.
    const v1 = avro.Type.forSchema(DISPENSE_SCHEMAS[0]!).fromBuffer(value.subarray(5)) as Record<string, unknown>;
    expect(v1.rx_number_last4).toBe('9583');
    expect(v1).not.toHaveProperty('fill_number');

    const decoded = decodeDispenseValue(value, accepted);
    expect(decoded.ok).toBe(true);
    if (!decoded.ok) return;
    expect(decoded.record).toMatchObject({
      patient_icn: item.patientIcn,
      shipped_at: item.shippedAt!.getTime(),
      occurred_at: Date.parse('2026-06-15T15:00:00Z'),
      source_message_id: 'MSG-0001',
      fill_number: null,
    });
    const mapped = toShipmentItemEvent(decoded.record);
    expect(mapped).toEqual({ ok: true, event: { ...item, eventId: busEventId(item.eventId), rxNumber: '9583' } });
  });

  it('reads data written with v2 under its configured id (fill_number present)', () => {
    const value = encodeWire(
      100_042,
      avro.Type.forSchema(DISPENSE_SCHEMAS[1]!).toBuffer({ ...decodeOk(encodeDispenseValue(row(item), SCHEMA_ID)), fill_number: 3 }),
    );
    const decoded = decodeDispenseValue(value, accepted);
    expect(decoded.ok && decoded.record.fill_number).toBe(3);
    expect(decoded.ok && decoded.schemaId).toBe(100_042);
  });

  it('keeps nulls: no carrier, no ship date, no source message', () => {
    const bare = { ...item, carrier: null, shippedAt: null };
    const decoded = decodeDispenseValue(encodeDispenseValue(row(bare, null), SCHEMA_ID), accepted);
    expect(decoded.ok && decoded.record).toMatchObject({ carrier: null, shipped_at: null, source_message_id: null });
  });

  it.each([
    ['bad magic byte', Buffer.from([1, 0, 1, 0x86, 0x89, 0x00]), 'bad_magic_byte'],
    ['unknown schema id', encodeWire(999, Buffer.from([0])), 'unknown_schema_id'],
    ['truncated Avro', encodeDispenseValue(row(item), SCHEMA_ID).subarray(0, 20), 'undecodable'],
    ['JSON instead of Avro', Buffer.from(JSON.stringify({ event_id: 'x' })), 'bad_magic_byte'],
  ])('rejects %s', (_name, value, reason) => {
    const r = decodeDispenseValue(value, accepted);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toBe(reason);
  });

  it('refuses to encode a record that breaks the schema (e.g. a missing drug name)', () => {
    const bad = row(item);
    (bad.payload as { drug_name: unknown }).drug_name = undefined;
    expect(() => encodeDispenseValue(bad, SCHEMA_ID)).toThrow(/drug_name/);
  });
});

describe('toShipmentItemEvent validation', () => {
  const good = decodeOk(encodeDispenseValue(row(item), SCHEMA_ID));
  it.each([
    [{ event_id: 'not-a-uuid' }, /event_id/],
    [{ station_number: '44' }, /station_number/],
    [{ tracking_number: ' ' }, /tracking_number/],
    [{ rx_number_last4: '12345' }, /rx_number_last4/],
    [{ patient_icn: '' }, /patient_icn/],
  ])('rejects %j', (patch, detail) => {
    const r = toShipmentItemEvent({ ...good, ...patch });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.detail).toMatch(detail);
  });
});

function decodeOk(value: Buffer) {
  const d = decodeDispenseValue(value, accepted);
  if (!d.ok) throw new Error(d.detail);
  return d.record;
}
