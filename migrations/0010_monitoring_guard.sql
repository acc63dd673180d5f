-- Issue 15: a guard an on-call engineer can trust, ordered per-session funnels, stored guard runs
-- and Alertmanager alerts (so every process reports the same state at scrape time).

-- Who produced an event, pseudonymously: veteran_key = HMAC of the user id (distinct Veterans for
-- the guard), session_key = SHA-256 of the server session token (per-session funnel and de-dup).
-- Never the id or the token themselves. Null for anonymous events (ignored by guard and funnel).
alter table monitoring_events add column veteran_key text check (veteran_key ~ '^[0-9a-f]{32}$');
alter table monitoring_events add column session_key text check (session_key ~ '^[0-9a-f]{32}$');
-- What kind of failure (src/shared/failure-class.ts); null = not a failure.
alter table monitoring_events add column failure text check (failure in ('server', 'timeout', 'load', 'routing', 'validation'));
alter table monitoring_events add column http_status smallint check (http_status between 0 and 599);
create index monitoring_events_session_idx on monitoring_events (session_key, occurred_at) where session_key is not null;

-- One row per session and funnel step reached: the first time counts, repeats are dropped.
create table monitoring_session_steps (
  session_key text not null,
  step text not null check (step in ('list_viewed', 'link_selected', 'interstitial_viewed', 'care_team_selected', 'draft_shown', 'message_sent')),
  first_at timestamptz not null,
  primary key (session_key, step)
);
create index monitoring_session_steps_first_idx on monitoring_session_steps (first_at);

-- Every guard evaluation with its decision and reasoning (figures), acted on or not.
create table rollout_guard_runs (
  id bigint generated always as identity primary key,
  created_at timestamptz not null default now(),
  flag_key text not null,
  action text not null check (action in ('none', 'pause', 'rollback', 'skipped')),
  summary text not null,
  figures jsonb
);
create index rollout_guard_runs_created_idx on rollout_guard_runs (created_at desc);

-- Alerts received from Alertmanager (webhook receiver), one row per alert fingerprint.
create table monitoring_alerts (
  fingerprint text primary key,
  alertname text not null,
  status text not null check (status in ('firing', 'resolved')),
  team text not null,
  severity text not null,
  product text,
  summary text not null,
  labels jsonb not null,
  starts_at timestamptz not null,
  ends_at timestamptz,
  received_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  paused_rollout boolean not null default false
);
create index monitoring_alerts_status_idx on monitoring_alerts (status, updated_at desc);
