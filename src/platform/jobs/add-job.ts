/**
 * Enqueue a graphile-worker job inside the caller's transaction, so the job exists if and only if
 * the domain write that caused it commits (no lost jobs, no jobs for rolled-back data).
 */
import { sql, type RawBuilder } from 'kysely';
import type { Db, Tx } from '../db/pool.js';

export interface AddJobOptions {
  /** Jobs with the same key are merged/replaced: the basis for grouping and debounce. */
  jobKey?: string;
  /** 'replace' (default: debounce — run_at moves), 'preserve_run_at' (throttle), 'unsafe_dedupe'. */
  jobKeyMode?: 'replace' | 'preserve_run_at' | 'unsafe_dedupe';
  runAt?: Date;
  maxAttempts?: number;
  queueName?: string;
  priority?: number;
}

export async function addJob(tx: Db | Tx, identifier: string, payload: unknown, opts: AddJobOptions = {}): Promise<void> {
  await sql`select graphile_worker.add_job(
    identifier => ${identifier},
    payload => ${JSON.stringify(payload)}::json,
    queue_name => ${opts.queueName ?? null},
    run_at => ${opts.runAt ?? null},
    max_attempts => ${opts.maxAttempts ?? null},
    job_key => ${opts.jobKey ?? null},
    priority => ${opts.priority ?? null},
    job_key_mode => ${opts.jobKeyMode ?? 'replace'}
  )`.execute(tx);
}

export interface JobSpec {
  identifier: string;
  payload: unknown;
  jobKey?: string;
  /** Run this many seconds after the database's now() (debounce windows use the DB clock). */
  delaySeconds?: number;
  maxAttempts?: number;
  queueName?: string;
  /** graphile-worker runs smaller numbers first (default 0). */
  priority?: number;
}

/**
 * Enqueue many jobs in one statement (graphile_worker.add_jobs), inside the caller's transaction.
 * Jobs with a key replace the key's pending job and move its run_at (debounce), unless
 * `preserveRunAt` keeps the earlier run_at (throttle).
 */
export async function addJobs(tx: Db | Tx, specs: JobSpec[], opts: { preserveRunAt?: boolean } = {}): Promise<void> {
  if (specs.length === 0) return;
  await sql`select ${addJobsCall(specs, opts)}`.execute(tx);
}

/**
 * The `graphile_worker.add_jobs(…)` call as an SQL expression, for a statement that enqueues in the
 * same statement as its domain write (e.g. `with e as (update … returning …) select <this> from e`):
 * one round trip and atomic without a transaction. `onlyIf`: an SQL condition (e.g. that a CTE of
 * the same statement returned a row); when false, no job is added.
 */
export function addJobsCall(specs: JobSpec[], opts: { preserveRunAt?: boolean; onlyIf?: RawBuilder<unknown> } = {}): RawBuilder<unknown> {
  return sql`graphile_worker.add_jobs(
    array(
      select row(identifier, payload, queue_name, now() + make_interval(secs => delay), max_attempts, job_key, priority, null)::graphile_worker.job_spec
      from unnest(
        ${specs.map((s) => s.identifier)}::text[],
        ${specs.map((s) => JSON.stringify(s.payload))}::json[],
        ${specs.map((s) => s.queueName ?? null)}::text[],
        ${specs.map((s) => s.delaySeconds ?? 0)}::float8[],
        ${specs.map((s) => s.maxAttempts ?? null)}::int[],
        ${specs.map((s) => s.jobKey ?? null)}::text[],
        ${specs.map((s) => s.priority ?? null)}::int[]
      ) as t(identifier, payload, queue_name, delay, max_attempts, job_key, priority)
      ${opts.onlyIf ? sql`where ${opts.onlyIf}` : sql``}
    ),
    ${opts.preserveRunAt ?? false}
  )`;
}

/**
 * Remove the pending job with this key, in the caller's transaction. A job already running is
 * left to finish but will not be retried (graphile_worker.remove_job clears its key).
 */
export async function removeJob(tx: Db | Tx, jobKey: string): Promise<void> {
  await sql`select graphile_worker.remove_job(${jobKey})`.execute(tx);
}
