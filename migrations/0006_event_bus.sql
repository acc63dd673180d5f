-- Event-bus path for dispense events (TRACKING_PATH=event_bus):
--   ingest tx → event_bus_outbox → relay → Kafka topic → consumer → event_bus_inbox + grouping.

-- Transactional outbox. A row exists if and only if the ingest transaction that produced the
-- dispense committed; the relay publishes pending rows in id order and sets published_at only
-- after the broker acknowledged them (at-least-once: a crash between ack and update republishes).
create table event_bus_outbox (
  id bigint generated always as identity primary key,
  -- Bus-level event id (uuid derived from the dispense's natural id): replays of the same
  -- dispense never enqueue it twice.
  event_id uuid not null unique,
  -- sha256(patient ICN) hex: the partitioning key (per-patient ordering) without a readable ICN.
  message_key text not null check (message_key ~ '^[0-9a-f]{64}$'),
  -- Business fields of the Avro record (PHI: ICN, drug name); encoded at publish time, to the
  -- configured topic with the configured schema id, so changing either needs no data migration.
  payload jsonb not null,
  created_at timestamptz not null default now(),
  published_at timestamptz,
  -- Rows that can never be encoded (a bug, not an outage) are parked so they do not block the queue.
  failed_at timestamptz,
  attempts integer not null default 0,
  last_error text
);
create index event_bus_outbox_pending_idx on event_bus_outbox (id) where published_at is null and failed_at is null;
create index event_bus_outbox_published_idx on event_bus_outbox (published_at) where published_at is not null;

-- Consumer-side de-duplication: one row per bus event id processed into the pipeline, written in
-- the same transaction as the pipeline's own rows. Redelivery after a crash finds the row and skips.
create table event_bus_inbox (
  event_id uuid primary key,
  topic text not null,
  kafka_partition integer not null,
  kafka_offset bigint not null,
  schema_id integer not null,
  processed_at timestamptz not null default now()
);

-- Messages the consumer could not use (wrong magic byte, unknown schema id, undecodable Avro,
-- invalid fields, or a sink that kept failing). Stored before the offset is committed, so nothing
-- is silently skipped; (topic, partition, offset) makes a redelivered bad message harmless.
create table event_bus_dead_letters (
  id bigint generated always as identity primary key,
  topic text not null,
  kafka_partition integer not null,
  kafka_offset bigint not null,
  message_key bytea,
  message_value bytea not null,
  reason text not null check (reason in ('bad_magic_byte', 'unknown_schema_id', 'undecodable', 'invalid_event', 'sink_failed')),
  detail text,
  received_at timestamptz not null default now(),
  unique (topic, kafka_partition, kafka_offset)
);
