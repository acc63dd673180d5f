-- Liveness of graphile-worker pools (one row per running pool, keyed by the id graphile-worker
-- writes to jobs.locked_by). graphile-worker frees a job locked by a worker that died only after
-- 4 hours; with a heartbeat per pool, the jobs of a pool whose heartbeat stopped (SIGKILL, OOM,
-- a lost node) are unlocked within a minute or two and run again.
create table job_worker_heartbeats (
  worker_id text primary key,
  started_at timestamptz not null default now(),
  seen_at timestamptz not null default now()
);
