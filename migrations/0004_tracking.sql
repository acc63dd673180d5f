-- Rx tracking e-mails: raw dispense messages → dispense events → shipments → e-mail → AAL.
-- Status columns are closed sets; e-mail status changes are guarded by a transition table and a
-- trigger, so terminal states can never be overwritten whatever the code does.

-- Every inbound message, stored raw before anything else (replayable after a fix).
create table dispense_messages (
  id bigint generated always as identity primary key,
  received_at timestamptz not null default now(),
  source text not null check (source in ('mllp', 'http', 'cli', 'fhir', 'event_bus', 'replay')),
  format text not null check (format in ('hl7v2', 'fhir')),
  -- MSH-10 (or FHIR resource id); with the sending facility it identifies a message.
  control_id text,
  sending_facility text,
  content_sha256 bytea not null,
  -- The message exactly as received (UTF-8 of the decoded text). bytea, because HL7 over MLLP can
  -- carry any byte, including NUL, which a text column refuses.
  raw bytea not null,
  status text not null default 'received' check (status in ('received', 'accepted', 'rejected', 'duplicate')),
  error_code text,
  error_message text,
  events_count integer not null default 0,
  duplicate_count integer not null default 0,
  replay_count integer not null default 0,
  processed_at timestamptz
);
create unique index dispense_messages_control_id_uq
  on dispense_messages (coalesce(sending_facility, ''), control_id) where control_id is not null;
create index dispense_messages_status_idx on dispense_messages (status, received_at);

-- Which system e-mails a station's shipments. A shipment records the sender decided when it was
-- created, so switching a station never makes one shipment e-mailed by both systems.
create table station_email_senders (
  station_number text primary key check (station_number ~ '^[0-9]{3}[A-Z0-9]{0,3}$'),
  sender text not null check (sender in ('mhv_legacy', 'va_notify')),
  changed_by text not null,
  changed_at timestamptz not null default now()
);
create table station_email_sender_history (
  id bigint generated always as identity primary key,
  station_number text not null,
  sender text not null check (sender in ('mhv_legacy', 'va_notify')),
  changed_by text not null,
  changed_at timestamptz not null default now()
);

create table shipments (
  id uuid primary key default gen_random_uuid(),
  patient_icn text not null,
  tracking_number text not null,
  carrier text,
  station_number text not null,
  shipped_at timestamptz,
  email_sender text not null check (email_sender in ('mhv_legacy', 'va_notify')),
  created_at timestamptz not null default now(),
  unique (patient_icn, tracking_number)
);
create index shipments_created_idx on shipments (created_at);

create table dispense_events (
  id bigint generated always as identity primary key,
  message_id bigint not null references dispense_messages(id),
  patient_icn text,
  patient_dfn text,
  station_number text not null,
  rx_number text not null,
  fill_number integer not null,
  drug_name text not null,
  ndc text,
  quantity numeric(10, 2),
  dispensed_at timestamptz,
  shipped_at timestamptz,
  carrier text,
  tracking_number text,
  status text not null check (status in ('dispensed', 'cancelled')),
  cancellation_reason text,
  created_at timestamptz not null default now()
);
-- The same Rx fill with the same tracking number is the same dispense, however often it arrives.
create unique index dispense_events_natural_uq
  on dispense_events (station_number, rx_number, fill_number, coalesce(tracking_number, ''));
create index dispense_events_message_idx on dispense_events (message_id);

-- What grouping stored for a shipment: the lean item (last 4 of the Rx number, drug name). Fed by
-- the direct path and by the event-bus consumer alike; `event_id` makes both idempotent.
create table shipment_items (
  id bigint generated always as identity primary key,
  shipment_id uuid not null references shipments(id),
  event_id text not null unique,
  station_number text not null,
  rx_last4 text not null check (length(rx_last4) between 1 and 4),
  drug_name text not null,
  -- Arrived after the shipment's e-mail had already gone (reported, not re-sent: one e-mail per shipment).
  late boolean not null default false,
  created_at timestamptz not null default now()
);
create index shipment_items_shipment_idx on shipment_items (shipment_id);

create table shipment_email_statuses (
  status text primary key,
  terminal boolean not null,
  description text not null
);
insert into shipment_email_statuses values
  ('pending', false, 'Waiting for the grouping window to close'),
  ('submitting', false, 'A send attempt is in progress; it may have reached VA Notify'),
  ('created', false, 'Accepted by VA Notify (notification_id stored)'),
  ('delivering', false, 'VA Notify is sending it (VA Notify status sending/pending/sent)'),
  ('delivered', true, 'VA Notify reports delivered'),
  ('temporary-failure', true, 'VA Notify gave up for now (status_reason says why); not re-sent automatically'),
  ('permanent-failure', true, 'VA Notify could not deliver (status_reason says why)'),
  ('rejected', true, 'VA Notify refused the request (non-retryable error); reason stored'),
  ('suppressed', true, 'Not sent by rxbridge: the station still uses legacy MHV e-mails');

create table shipment_email_transitions (
  from_status text not null references shipment_email_statuses(status),
  to_status text not null references shipment_email_statuses(status),
  primary key (from_status, to_status)
);
insert into shipment_email_transitions values
  ('pending', 'submitting'), ('pending', 'suppressed'),
  ('submitting', 'created'), ('submitting', 'rejected'),
  ('submitting', 'delivering'), ('submitting', 'delivered'), ('submitting', 'temporary-failure'), ('submitting', 'permanent-failure'),
  ('created', 'delivering'), ('created', 'delivered'), ('created', 'temporary-failure'), ('created', 'permanent-failure'),
  ('delivering', 'delivered'), ('delivering', 'temporary-failure'), ('delivering', 'permanent-failure');

create table shipment_emails (
  id uuid primary key default gen_random_uuid(),
  shipment_id uuid not null unique references shipments(id),
  status text not null default 'pending' references shipment_email_statuses(status),
  notification_id uuid unique,
  status_reason text,
  attempts integer not null default 0,
  -- While set and in the future, one worker owns the send; a crashed worker's lease just expires.
  lease_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  accepted_at timestamptz,
  completed_at timestamptz,
  updated_at timestamptz not null default now()
);
create index shipment_emails_shipment_status_idx on shipment_emails (status);
create index shipment_emails_open_idx on shipment_emails (status, updated_at)
  where status in ('pending', 'submitting', 'created', 'delivering');

create function shipment_emails_guard() returns trigger language plpgsql as $$
begin
  if new.status is distinct from old.status and not exists (
    select 1 from shipment_email_transitions where from_status = old.status and to_status = new.status
  ) then
    raise exception 'shipment e-mail % may not move from % to %', old.id, old.status, new.status
      using errcode = 'check_violation';
  end if;
  if old.notification_id is not null and new.notification_id is distinct from old.notification_id then
    raise exception 'shipment e-mail % already has a notification id', old.id using errcode = 'check_violation';
  end if;
  new.updated_at := now();
  return new;
end $$;
create trigger shipment_emails_guard before update on shipment_emails
  for each row execute function shipment_emails_guard();

-- MHV Account Activity Log events, one per delivered shipment e-mail.
create table aal_events (
  id uuid primary key default gen_random_uuid(),
  shipment_email_id uuid not null unique references shipment_emails(id),
  status text not null default 'pending' check (status in ('pending', 'posted', 'failed', 'skipped')),
  attempts integer not null default 0,
  lease_until timestamptz,
  last_error text,
  created_at timestamptz not null default now(),
  posted_at timestamptz,
  updated_at timestamptz not null default now()
);

-- Every status report we received for a notification (callback or poll), as received: duplicates
-- and out-of-order reports are kept here and ignored by the state machine.
create table notification_status_reports (
  id bigint generated always as identity primary key,
  notification_id uuid not null,
  source text not null check (source in ('callback_signature', 'callback_bearer', 'poll')),
  status text not null,
  status_reason text,
  applied boolean not null,
  received_at timestamptz not null default now()
);
create index notification_status_reports_nid_idx on notification_status_reports (notification_id);
