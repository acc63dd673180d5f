/**
 * The single registry of background jobs and their tasks. Every job is defined once, in its
 * feature's `tasks/jobs.ts` (identifier, payload, key function, max attempts, priority —
 * platform/jobs/job-definition.ts); JOBS lists them all, and a test checks that every job has
 * exactly one task and every task a definition. Task identifiers are snake_case (stored in the
 * database).
 */
import type { TaskList } from 'graphile-worker';
import { z } from 'zod';
import type { AppContext } from '../platform/context.js';
import { trackingCrontab, trackingJobs, trackingTasks } from '../tracking/index.js';
import { messagingJobs, messagingTasks } from '../messaging/index.js';
import { monitoringCrontab, monitoringJobs, monitoringTasks } from '../monitoring/index.js';
import { maintenanceCron } from '../platform/jobs/cron.js';
import { defineCronJob, type JobSummary } from '../platform/jobs/job-definition.js';
import { unlockDeadWorkers } from '../platform/jobs/heartbeat.js';

export type TaskFactory = (ctx: AppContext) => TaskList;

/** The platform's own job: give the jobs of dead worker pools back to the living (heartbeat.ts). */
export const unlockDeadWorkersJob = defineCronJob('unlock_dead_workers', z.unknown());
export const UNLOCK_DEAD_WORKERS = unlockDeadWorkersJob.identifier;

const platformTasks: TaskFactory = (ctx) => ({
  [UNLOCK_DEAD_WORKERS]: unlockDeadWorkersJob.task(async () => {
    const dead = await unlockDeadWorkers(ctx.db);
    if (dead.length) ctx.log.warn({ workers: dead }, 'unlocked the jobs of worker pools whose heartbeat stopped');
  }),
});

/** Every job the system runs. */
export const JOBS: readonly JobSummary[] = [unlockDeadWorkersJob, ...trackingJobs, ...messagingJobs, ...monitoringJobs];

/** Task factories, in no particular order. */
const factories: TaskFactory[] = [platformTasks, trackingTasks, messagingTasks, monitoringTasks];

export function buildTaskList(ctx: AppContext, extra: TaskFactory[] = []): TaskList {
  const list: TaskList = {};
  for (const factory of [...factories, ...extra]) {
    for (const [name, task] of Object.entries(factory(ctx))) {
      if (list[name]) throw new Error(`Duplicate task identifier: ${name}`);
      list[name] = task;
    }
  }
  return list;
}

/** Recurring jobs (graphile-worker crontab syntax), one line per task. */
export const CRONTAB: string[] = [maintenanceCron('* * * * *', UNLOCK_DEAD_WORKERS), ...trackingCrontab, ...monitoringCrontab];
