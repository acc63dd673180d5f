import type { ColumnType, Generated } from 'kysely';

type TsNull = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Json<T> = ColumnType<T, string, string>;

/** Business fields stored in the outbox (JSON form of the Avro record, dates as ISO strings). */
export interface OutboxPayload {
  patient_icn: string;
  station_number: string;
  tracking_number: string;
  carrier: string | null;
  shipped_at: string | null;
  rx_number_last4: string;
  drug_name: string;
  source_message_id: string | null;
}

export interface EventBusOutboxTable {
  id: Generated<number>;
  event_id: string;
  message_key: string;
  payload: Json<OutboxPayload>;
  created_at: Generated<Date>;
  published_at: TsNull;
  failed_at: TsNull;
  attempts: Generated<number>;
  last_error: string | null;
}

export interface EventBusInboxTable {
  event_id: string;
  topic: string;
  kafka_partition: number;
  kafka_offset: ColumnType<number, number | string | bigint, never>;
  schema_id: number;
  processed_at: Generated<Date>;
}

export type DeadLetterReason = 'bad_magic_byte' | 'unknown_schema_id' | 'undecodable' | 'invalid_event' | 'sink_failed';

export interface EventBusDeadLettersTable {
  id: Generated<number>;
  topic: string;
  kafka_partition: number;
  kafka_offset: ColumnType<number, number | string | bigint, never>;
  message_key: Buffer | null;
  message_value: Buffer;
  reason: DeadLetterReason;
  detail: string | null;
  received_at: Generated<Date>;
}

export interface EventBusTables {
  event_bus_outbox: EventBusOutboxTable;
  event_bus_inbox: EventBusInboxTable;
  event_bus_dead_letters: EventBusDeadLettersTable;
}

declare module '../../platform/db/database.js' {
  interface Database extends EventBusTables {}
}
