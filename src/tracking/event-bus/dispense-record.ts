/**
 * Event-bus terminology
 * - Topic `medication_dispense` (Enterprise Event Bus style: snake_case business name); value subject
 *   `medication_dispense-value` (TopicNameStrategy), schemas in ./schemas/{topic}-value-{version}.avsc.
 * - Dispense record: the Avro value, one per ShipmentItemEvent. Lean on purpose: the Rx number
 *   travels as its last 4 characters only (all the e-mail shows), no quantities/NDC/DFN.
 * - Bus event id: a name-based uuid of the dispense's natural id (station:rx:fill:tracking), so the
 *   full Rx number is not on the bus and the same dispense always gets the same id.
 * - Message key: sha256(ICN) hex. All of a Veteran's dispenses share a partition (per-patient
 *   order, which is what grouping by patient then tracking number needs), and tools that show keys
 *   (lag monitors, logs, CLI consumers) never show an ICN. It is a pseudonym, not anonymisation:
 *   the value carries the ICN, and the topic is access-controlled like any PHI store.
 * - Schema id: the registry id pinned by configuration (KAFKA_SCHEMA_ID for what we write,
 *   KAFKA_SCHEMA_IDS for what else we accept); unknown ids go to the dead-letter table.
 *
 * This module is pure: mapping, Avro encoding/decoding and validation, no I/O beyond loading the
 * schema files once.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import avro from 'avsc';
import type { Schema, Type } from 'avsc';
import { decodeWire, encodeWire } from '../../integrations/event-bus/confluent-wire.js';
import type { ShipmentItemEvent } from '../dispense-event.js';
import type { DeadLetterReason, OutboxPayload } from './event-bus.tables.js';

export const DISPENSE_TOPIC_DEFAULT = 'medication_dispense';
export const valueSubject = (topic: string) => `${topic}-value`;

function loadSchema(version: number): Schema {
  return JSON.parse(readFileSync(new URL(`./schemas/medication_dispense-value-${version}.avsc`, import.meta.url), 'utf8')) as Schema;
}

/** Every schema version we ship, oldest first (index + 1 = version). */
export const DISPENSE_SCHEMAS: Schema[] = [loadSchema(1), loadSchema(2)];
/** The version the producer writes. Consumers are upgraded first, so this lags the latest. */
export const PRODUCER_SCHEMA_VERSION = 1;
/** The consumer reads every accepted writer version through the latest schema. */
export const READER_SCHEMA_VERSION = DISPENSE_SCHEMAS.length;

const types = DISPENSE_SCHEMAS.map((s) => avro.Type.forSchema(s));
const typeOf = (version: number): Type => {
  const t = types[version - 1];
  if (!t) throw new Error(`no dispense schema version ${version}`);
  return t;
};
const readerType = typeOf(READER_SCHEMA_VERSION);
const resolvers = types.map((writer) => readerType.createResolver(writer));
const avroString = avro.Type.forSchema('string');

/** The record as the latest reader schema sees it (timestamps are epoch milliseconds). */
export interface DispenseRecord {
  event_id: string;
  occurred_at: number;
  source_message_id: string | null;
  patient_icn: string;
  station_number: string;
  tracking_number: string;
  carrier: string | null;
  shipped_at: number | null;
  rx_number_last4: string;
  drug_name: string;
  fill_number: number | null;
}

/** Name-based uuid (RFC 9562 version 8, SHA-256) of the dispense's natural id. */
export function busEventId(naturalEventId: string): string {
  const h = createHash('sha256').update(`rxbridge:medication_dispense:${naturalEventId}`, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x80;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function messageKeyFor(patientIcn: string): string {
  return createHash('sha256').update(patientIcn, 'utf8').digest('hex');
}

export function rxNumberLast4(rxNumber: string): string {
  return rxNumber.slice(-4);
}

export function toOutboxPayload(e: ShipmentItemEvent, sourceMessageId: string | null): OutboxPayload {
  return {
    patient_icn: e.patientIcn,
    station_number: e.stationNumber,
    tracking_number: e.trackingNumber,
    carrier: e.carrier,
    shipped_at: e.shippedAt ? e.shippedAt.toISOString() : null,
    rx_number_last4: rxNumberLast4(e.rxNumber),
    drug_name: e.drugName,
    source_message_id: sourceMessageId,
  };
}

/** Avro-encode an outbox row in the producer's schema version, in Confluent wire format. */
export function encodeDispenseValue(
  row: { event_id: string; created_at: Date; payload: OutboxPayload },
  schemaId: number,
  version = PRODUCER_SCHEMA_VERSION,
): Buffer {
  const p = row.payload;
  const record: Omit<DispenseRecord, 'fill_number'> & { fill_number?: number | null } = {
    event_id: row.event_id,
    occurred_at: row.created_at.getTime(),
    source_message_id: p.source_message_id,
    patient_icn: p.patient_icn,
    station_number: p.station_number,
    tracking_number: p.tracking_number,
    carrier: p.carrier,
    shipped_at: p.shipped_at ? Date.parse(p.shipped_at) : null,
    rx_number_last4: p.rx_number_last4,
    drug_name: p.drug_name,
  };
  if (version >= 2) record.fill_number = null;
  const type = typeOf(version);
  const errors: string[] = [];
  if (!type.isValid(record, { errorHook: (path) => errors.push(path.join('.')) })) {
    throw new Error(`dispense record does not match schema v${version} at ${errors.join(', ')}`);
  }
  return encodeWire(schemaId, type.toBuffer(record));
}

/** Message key: sha256(ICN) hex, raw UTF-8 or (with a key schema id) an Avro string in wire format. */
export function encodeMessageKey(messageKey: string, keySchemaId?: number): Buffer {
  return keySchemaId === undefined ? Buffer.from(messageKey, 'utf8') : encodeWire(keySchemaId, avroString.toBuffer(messageKey));
}

/** `id:version` pairs from KAFKA_SCHEMA_IDS plus the producer's own id. */
export function acceptedSchemaIds(config: { KAFKA_SCHEMA_ID: number; KAFKA_SCHEMA_IDS?: string | undefined }): Map<number, number> {
  const ids = new Map<number, number>([[config.KAFKA_SCHEMA_ID, PRODUCER_SCHEMA_VERSION]]);
  for (const pair of config.KAFKA_SCHEMA_IDS?.split(',') ?? []) {
    const [id, version] = pair.split(':').map(Number);
    if (id !== undefined && version !== undefined && version >= 1 && version <= DISPENSE_SCHEMAS.length) ids.set(id, version);
  }
  return ids;
}

export type DecodeResult = { ok: true; schemaId: number; record: DispenseRecord } | { ok: false; reason: DeadLetterReason; detail: string; schemaId?: number };

export function decodeDispenseValue(value: Buffer, accepted: Map<number, number>): DecodeResult {
  const wire = decodeWire(value);
  if (!wire.ok) return { ok: false, reason: wire.reason, detail: wire.detail };
  const version = accepted.get(wire.schemaId);
  if (version === undefined) return { ok: false, reason: 'unknown_schema_id', detail: `schema id ${wire.schemaId} is not configured`, schemaId: wire.schemaId };
  let record: DispenseRecord;
  try {
    record = readerType.fromBuffer(wire.avroBinary, resolvers[version - 1]) as DispenseRecord;
  } catch (err) {
    return { ok: false, reason: 'undecodable', detail: `not a v${version} dispense record: ${(err as Error).message}`, schemaId: wire.schemaId };
  }
  return { ok: true, schemaId: wire.schemaId, record };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const STATION = /^[0-9]{3}[A-Z0-9]{0,3}$/;

/**
 * The pipeline's view of a record. `rxNumber` receives the last 4 characters: grouping stores only
 * the last 4 and the e-mail shows only the last 4, so nothing downstream needs more.
 */
export function toShipmentItemEvent(r: DispenseRecord): { ok: true; event: ShipmentItemEvent } | { ok: false; detail: string } {
  const problems: string[] = [];
  if (!UUID.test(r.event_id)) problems.push('event_id is not a uuid');
  if (!r.patient_icn.trim()) problems.push('patient_icn is empty');
  if (!STATION.test(r.station_number)) problems.push('station_number is not a VA station number');
  if (!r.tracking_number.trim()) problems.push('tracking_number is empty');
  if (!/^[A-Za-z0-9]{1,4}$/.test(r.rx_number_last4)) problems.push('rx_number_last4 is not 1-4 letters or digits');
  if (!r.drug_name.trim()) problems.push('drug_name is empty');
  if (problems.length) return { ok: false, detail: problems.join('; ') };
  return {
    ok: true,
    event: {
      eventId: r.event_id,
      patientIcn: r.patient_icn,
      stationNumber: r.station_number,
      trackingNumber: r.tracking_number,
      carrier: r.carrier,
      shippedAt: r.shipped_at === null ? null : new Date(r.shipped_at),
      rxNumber: r.rx_number_last4,
      drugName: r.drug_name,
    },
  };
}
