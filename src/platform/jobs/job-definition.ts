/**
 * One definition per background job: identifier, payload schema, key function, max attempts and
 * priority, written once and used by everything that enqueues, removes, re-creates (sweeps) or
 * runs the job. Each feature defines its jobs in its own `tasks/jobs.ts`; src/worker/task-list.ts
 * lists them all. Enqueueing goes through the definition, inside the caller's transaction, with
 * run times from the database clock (`now() + delay`), never the process clock.
 */
import type { Task } from 'graphile-worker';
import type { z } from 'zod';
import type { Db, Tx } from '../db/pool.js';
import { addJobs, removeJob, type JobSpec } from './add-job.js';
import { MAINTENANCE_PRIORITY } from './cron.js';

export interface JobDefinition<P> {
  /** snake_case: stored in the database. */
  identifier: string;
  payload: z.ZodType<P>;
  /** Jobs with the same key are one job (debounce / no doubles); null for keyless jobs. */
  key: ((payload: P) => string) | null;
  maxAttempts: number;
  /** Smaller runs first; 0 is the default, maintenance (cron) jobs run at MAINTENANCE_PRIORITY. */
  priority: number;
}

export interface EnqueueOptions {
  /** Run this many seconds after the database's now(). */
  delaySeconds?: number;
  /** Keep an existing pending job's run time (throttle) instead of moving it (debounce). */
  preserveRunAt?: boolean;
}

export interface Job<P> extends JobDefinition<P> {
  spec(payload: P, opts?: EnqueueOptions): JobSpec;
  enqueue(tx: Db | Tx, payload: P, opts?: EnqueueOptions): Promise<void>;
  enqueueMany(tx: Db | Tx, payloads: P[], opts?: EnqueueOptions): Promise<void>;
  /** Remove the pending job for this payload's key (a running one finishes, without retries). */
  remove(tx: Db | Tx, payload: P): Promise<void>;
  /** The task for graphile-worker: validates the payload, then runs `handler` with the attempt number. */
  task(handler: (payload: P, attempt: number) => Promise<unknown>): Task;
}

export function defineJob<P>(def: JobDefinition<P>): Job<P> {
  const spec = (payload: P, opts: EnqueueOptions = {}): JobSpec => ({
    identifier: def.identifier,
    payload,
    ...(def.key ? { jobKey: def.key(payload) } : {}),
    maxAttempts: def.maxAttempts,
    ...(def.priority !== 0 ? { priority: def.priority } : {}),
    ...(opts.delaySeconds !== undefined ? { delaySeconds: opts.delaySeconds } : {}),
  });
  const enqueueMany = (tx: Db | Tx, payloads: P[], opts: EnqueueOptions = {}) =>
    addJobs(
      tx,
      payloads.map((p) => spec(p, opts)),
      opts.preserveRunAt ? { preserveRunAt: true } : {},
    );
  return {
    ...def,
    spec,
    enqueueMany,
    enqueue: (tx, payload, opts) => enqueueMany(tx, [payload], opts),
    async remove(tx, payload) {
      if (def.key) await removeJob(tx, def.key(payload));
    },
    task: (handler) => async (payload, helpers) => {
      await handler(def.payload.parse(payload), helpers.job.attempts);
    },
  };
}

/** A recurring maintenance job: runs ahead of the backlog, one pending job at most (see cron.ts). */
export function defineCronJob(identifier: string, payload: z.ZodType<unknown>): Job<unknown> {
  return defineJob({ identifier, payload, key: () => `cron:${identifier}`, maxAttempts: 25, priority: MAINTENANCE_PRIORITY });
}

/** Enqueue specs of several jobs in one statement (sweeps). */
export function enqueueSpecs(tx: Db | Tx, specs: JobSpec[], opts: { preserveRunAt?: boolean } = {}): Promise<void> {
  return addJobs(tx, specs, opts);
}

/** What a registry lists about any job, whatever its payload type. */
export interface JobSummary {
  identifier: string;
  maxAttempts: number;
  priority: number;
  key: ((payload: never) => string) | null;
}
