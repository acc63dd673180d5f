/**
 * Worker-pool heartbeats and the recovery of jobs held by dead pools.
 *
 * Terminology: a *pool* is one graphile-worker runner (one process); its id is what graphile-worker
 * writes to `jobs.locked_by` while a job runs. A pool is *dead* when its heartbeat is older than
 * STALE_AFTER_SECONDS (or it never wrote one) while it still holds locks that old. Unlocking is
 * safe for our tasks because each one is idempotent and guarded by its own row lease (a send is
 * reconciled by `reference` before any re-send).
 */
import { sql } from 'kysely';
import type { Db } from '../db/pool.js';

export const HEARTBEAT_INTERVAL_MS = 10_000;
/** Six missed beats: long enough that a pool busy on CPU is not taken for dead. */
export const STALE_AFTER_SECONDS = 60;

export async function beat(db: Db, workerId: string): Promise<void> {
  await sql`insert into job_worker_heartbeats (worker_id) values (${workerId})
            on conflict (worker_id) do update set seen_at = now()`.execute(db);
}

/** Beats now and every interval until stopped; stop removes the row (a clean exit is not a death). */
export function startHeartbeat(db: Db, workerId: string, onError: (err: unknown) => void, intervalMs = HEARTBEAT_INTERVAL_MS): { stop(): Promise<void> } {
  const tick = () => beat(db, workerId).catch(onError);
  void tick();
  const timer = setInterval(() => void tick(), intervalMs); // tick() catches into onError
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await sql`delete from job_worker_heartbeats where worker_id = ${workerId}`.execute(db).catch(onError);
    },
  };
}

/**
 * Unlocks the jobs (and job queues) of dead pools so graphile-worker runs them again; returns the
 * pools unlocked. Any process may call it, any number of times: a second call finds nothing.
 */
export async function unlockDeadWorkers(db: Db, staleAfterSeconds = STALE_AFTER_SECONDS): Promise<string[]> {
  const dead = await sql<{ worker_id: string }>`
    select distinct j.locked_by as worker_id from graphile_worker.jobs j
     where j.locked_by is not null
       and j.locked_at < now() - make_interval(secs => ${staleAfterSeconds})
       and not exists (select 1 from job_worker_heartbeats h
                        where h.worker_id = j.locked_by and h.seen_at > now() - make_interval(secs => ${staleAfterSeconds}))`.execute(db);
  const ids = dead.rows.map((r) => r.worker_id);
  if (ids.length === 0) return [];
  await sql`select graphile_worker.force_unlock_workers(${ids}::text[])`.execute(db);
  await sql`delete from job_worker_heartbeats where worker_id = any(${ids}::text[])`.execute(db);
  return ids;
}
