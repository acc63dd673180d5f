-- Rollout monitoring for the Meds → SM renewal flow: funnel events, page feedback, the
-- rx_renewal_sm_link feature flag (OpenFeature provider backed by Postgres), rollout audit
-- trail and team notifications. No PHI is stored in any of these tables: events carry only
-- registry ids, enums and numbers; feedback comments are scrubbed before insert.

-- Funnel and error events (browser beacons and server API outcomes). Append-only.
--
-- Why monthly RANGE partitions (with a DEFAULT partition) instead of one table with BRIN:
--  * every read is bounded by a time range (dashboards, guard, report) → partition pruning;
--  * retention is "drop the oldest month" (DROP TABLE, no bulk DELETE, no vacuum debt);
--  * the DEFAULT partition catches rows whose month has no partition yet (clock skew, a missed
--    maintenance run), so an insert never fails; monitoring_ensure_partitions() moves such rows
--    into their month when it creates it. A daily cron task creates upcoming months.
-- Inside each partition a btree on (occurred_at) serves range scans, and one on
-- (step, occurred_at) the per-step aggregates.
create table monitoring_events (
  id uuid not null default gen_random_uuid(),
  occurred_at timestamptz not null,
  received_at timestamptz not null default now(),
  -- 'client' = browser beacon, 'server' = API outcome recorded by the onResponse hook.
  source text not null check (source in ('client', 'server')),
  -- 'funnel' = a step reached (or abandoned), 'error' = a failure attributed to a step/product.
  kind text not null check (kind in ('funnel', 'error')),
  step text check (step in ('list_viewed', 'link_selected', 'interstitial_viewed', 'care_team_selected', 'draft_shown', 'message_sent')),
  product text not null check (product in ('meds', 'sm')),
  outcome text not null check (outcome in ('ok', 'error', 'abandoned')),
  error_code text check (error_code ~ '^[a-z][a-z0-9_]{0,47}$'),
  duration_ms integer check (duration_ms between 0 and 3600000),
  -- Random per browser session (never the user id); null for server events without a beacon session.
  session_id uuid,
  variant text check (variant in ('treatment', 'control', 'off')),
  -- Flow-URL registry id (src/monitoring/flow-urls.ts), never a raw URL.
  url_id text not null check (url_id ~ '^[a-z0-9_.]{1,64}$'),
  primary key (id, occurred_at)
) partition by range (occurred_at);

create table monitoring_events_default partition of monitoring_events default;
create index monitoring_events_occurred_idx on monitoring_events (occurred_at);
create index monitoring_events_step_idx on monitoring_events (step, occurred_at);

-- Create the month partitions covering [from_month, from_month + months). Rows already sitting in
-- the default partition for a new month are moved into it (Postgres refuses to attach otherwise).
create function monitoring_ensure_partitions(from_month date, months integer) returns integer
language plpgsql as $$
declare
  m date;
  name text;
  created integer := 0;
begin
  for i in 0 .. months - 1 loop
    m := (date_trunc('month', from_month) + make_interval(months => i))::date;
    name := format('monitoring_events_%s', to_char(m, 'YYYY_MM'));
    if to_regclass(name) is not null then
      continue;
    end if;
    execute format('create table %I (like monitoring_events including defaults including constraints)', name);
    execute format(
      'with moved as (delete from monitoring_events_default where occurred_at >= %L and occurred_at < %L returning *) insert into %I select * from moved',
      m, (m + interval '1 month')::date, name);
    execute format('alter table monitoring_events attach partition %I for values from (%L) to (%L)',
      name, m, (m + interval '1 month')::date);
    created := created + 1;
  end loop;
  return created;
end;
$$;

select monitoring_ensure_partitions((date_trunc('month', now()) - interval '1 month')::date, 4);

-- Page feedback (Medallia / VSignals-like intake). Anonymous: no user id, only the beacon session.
create table monitoring_feedback (
  id uuid primary key default gen_random_uuid(),
  created_at timestamptz not null default now(),
  url_id text not null,
  path_pattern text not null,
  product text not null check (product in ('meds', 'sm')),
  rating smallint not null check (rating between 1 and 5),
  -- Scrubbed of e-mail addresses, phone numbers, SSN/ICN-like and long digit runs before insert.
  comment text check (length(comment) <= 2000),
  -- AFINN comparative score from the `sentiment` package (per-word average, roughly -5..5).
  sentiment real,
  session_id uuid,
  variant text check (variant in ('treatment', 'control', 'off'))
);
create index monitoring_feedback_created_idx on monitoring_feedback (created_at);

-- Feature flags evaluated through OpenFeature (see src/monitoring/rollout/flag-provider.ts).
-- A missing row means "not configured": the provider then uses ROLLOUT_DEFAULT_PERCENT.
create table feature_flags (
  key text primary key,
  -- Share of Veterans (by stable hash) who get the treatment, 0..100.
  percent numeric(5,2) not null check (percent between 0 and 100),
  -- active: treatment/control by hash; paused: everyone off, stage kept; rolled_back: everyone off, percent 0.
  state text not null check (state in ('active', 'paused', 'rolled_back')),
  updated_at timestamptz not null default now(),
  updated_by text not null
);

-- Who changed a rollout, what, and why (ops user id or 'guard' with the figures it saw).
create table rollout_audit (
  id bigint generated always as identity primary key,
  flag_key text not null,
  action text not null check (action in ('advance', 'pause', 'resume', 'rollback', 'guard_ok', 'guard_hold')),
  actor text not null,
  from_percent numeric(5,2),
  to_percent numeric(5,2),
  from_state text,
  to_state text,
  reason text not null,
  figures jsonb,
  created_at timestamptz not null default now()
);
create index rollout_audit_flag_idx on rollout_audit (flag_key, created_at desc);

-- Notifications to the owning team (a row + a log line + an optional webhook POST).
create table monitoring_notifications (
  id bigint generated always as identity primary key,
  created_at timestamptz not null default now(),
  product text not null check (product in ('meds', 'sm')),
  team text not null,
  channel text not null,
  severity text not null check (severity in ('info', 'warning', 'critical')),
  title text not null,
  body text not null,
  webhook_status text
);
create index monitoring_notifications_created_idx on monitoring_notifications (created_at desc);
