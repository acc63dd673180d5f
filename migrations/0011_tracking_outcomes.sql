-- Rx tracking: no silent outcomes (issue 14).

-- 1. Every inbound message has a visible outcome: where the error is, and the parser's warnings.
alter table dispense_messages add column error_location text;
alter table dispense_messages add column warnings jsonb not null default '[]'::jsonb;

-- 2. Soft failures recover. temporary-failure (VA Notify: "Retryable … Replay the request") is not
-- terminal: a later delivered / permanent-failure applies, and rxbridge replays the request (a new
-- notification, same reference) with backoff and a limit. Every notification sent for an e-mail is
-- kept, so a late callback for any of them is recognised.
update shipment_email_statuses set terminal = false,
  description = 'VA Notify could not deliver for now (status_reason says why); replayed with backoff, or by an operator'
  where status = 'temporary-failure';
insert into shipment_email_transitions values
  ('temporary-failure', 'delivered'), ('temporary-failure', 'permanent-failure'), ('temporary-failure', 'submitting');

alter table shipment_emails add column resends integer not null default 0;

create or replace function shipment_emails_guard() returns trigger language plpgsql as $$
begin
  if new.status is distinct from old.status and not exists (
    select 1 from shipment_email_transitions where from_status = old.status and to_status = new.status
  ) then
    raise exception 'shipment e-mail % may not move from % to %', old.id, old.status, new.status
      using errcode = 'check_violation';
  end if;
  -- The notification id is written once per send; only a replay (temporary-failure → submitting)
  -- clears it, and the old id stays in shipment_email_notifications.
  if old.notification_id is not null and new.notification_id is distinct from old.notification_id
     and not (old.status = 'temporary-failure' and new.status = 'submitting' and new.notification_id is null) then
    raise exception 'shipment e-mail % already has a notification id', old.id using errcode = 'check_violation';
  end if;
  new.updated_at := now();
  return new;
end $$;

-- Every notification VA Notify accepted for a shipment e-mail (first send and each replay).
create table shipment_email_notifications (
  notification_id uuid primary key,
  shipment_email_id uuid not null references shipment_emails(id),
  -- 0 = first send, 1.. = replays.
  send_number integer not null,
  status text not null default 'created',
  status_reason text,
  accepted_at timestamptz not null default now(),
  completed_at timestamptz
);
create index shipment_email_notifications_email_idx on shipment_email_notifications (shipment_email_id);
insert into shipment_email_notifications (notification_id, shipment_email_id, send_number, status, status_reason, accepted_at, completed_at)
  select notification_id, id, 0, status, status_reason, coalesce(accepted_at, created_at), completed_at
    from shipment_emails where notification_id is not null;

-- Status reports: which e-mail they belong to, and whether they were for a notification other than
-- the e-mail's current one (a late report for a replaced send, or a second notification that
-- carries our reference): recorded and flagged, never lost.
alter table notification_status_reports add column shipment_email_id uuid;
alter table notification_status_reports add column duplicate boolean not null default false;
create index notification_status_reports_dup_idx on notification_status_reports (shipment_email_id) where duplicate;

-- Operator re-sends of a soft-failed e-mail, with who and when.
create table shipment_email_resend_requests (
  id bigint generated always as identity primary key,
  shipment_email_id uuid not null references shipment_emails(id),
  requested_by text not null,
  requested_at timestamptz not null default now()
);

-- 3. MHV cut-over per station (src/tracking/shipments/cutover.ts, docs/mhv-cutover.md). A held
-- e-mail waits for the station's decision: sent by rxbridge on go-live, or released to legacy.
insert into shipment_email_statuses values
  ('held', false, 'Waiting for the station''s cut-over decision (cut-over pending, or station not configured)');
insert into shipment_email_transitions values ('held', 'pending'), ('held', 'suppressed');

create table station_cutover (
  station_number text primary key check (station_number ~ '^[0-9]{3}[A-Z0-9]{0,3}$'),
  state text not null check (state in ('legacy', 'cutover-pending', 'rxbridge')),
  -- Set when an operator confirmed MHV's own e-mails are off for the station (who, when, from when).
  mhv_sending_off_at timestamptz,
  mhv_off_confirmed_by text,
  mhv_off_confirmed_at timestamptz,
  changed_by text not null,
  changed_at timestamptz not null default now()
);
insert into station_cutover (station_number, state, changed_by, changed_at)
  select station_number, case when sender = 'va_notify' then 'rxbridge' else 'legacy' end, changed_by, changed_at from station_email_senders;

create table station_cutover_audit (
  id bigint generated always as identity primary key,
  station_number text not null,
  action text not null,
  from_state text not null,
  to_state text not null,
  mhv_sending_off_at timestamptz,
  sent_by_rxbridge integer not null default 0,
  released_to_legacy integer not null default 0,
  changed_by text not null,
  changed_at timestamptz not null default now()
);
create index station_cutover_audit_station_idx on station_cutover_audit (station_number, id);

-- station_email_senders stays the effective sender of a configured station (legacy/rxbridge). A
-- direct write (seed data, tests) sets the station's cut-over state to match; operators go through
-- the cut-over API, which refuses a switch to rxbridge that skips cutover-pending + confirmation.
create function station_email_senders_to_cutover() returns trigger language plpgsql as $$
begin
  insert into station_cutover (station_number, state, changed_by, changed_at)
  values (new.station_number, case when new.sender = 'va_notify' then 'rxbridge' else 'legacy' end, new.changed_by, now())
  on conflict (station_number) do update set state = excluded.state, changed_by = excluded.changed_by, changed_at = now();
  return new;
end $$;
create trigger station_email_senders_to_cutover after insert or update on station_email_senders
  for each row execute function station_email_senders_to_cutover();
