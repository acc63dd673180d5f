/**
 * Enqueue a graphile-worker job inside the caller's transaction, so the job exists if and only if
 * the domain write that caused it commits (no lost jobs, no jobs for rolled-back data).
 */
import { sql } from 'kysely';
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

export async function addJob(
  tx: Db | Tx,
  identifier: string,
  payload: unknown,
  opts: AddJobOptions = {},
): Promise<void> {
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
