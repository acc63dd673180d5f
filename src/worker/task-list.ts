/**
 * The single registry of background tasks. Task identifiers are snake_case because they are
 * stored in the database; each feature exports its tasks from its own `tasks/` folder.
 */
import type { TaskList } from 'graphile-worker';
import type { AppContext } from '../platform/context.js';
import { trackingCrontab, trackingTasks } from '../tracking/index.js';
import { messagingTasks } from '../messaging/index.js';
import { monitoringCrontab, monitoringTasks } from '../monitoring/index.js';
import { maintenanceCron } from '../platform/jobs/cron.js';
import { unlockDeadWorkers } from '../platform/jobs/heartbeat.js';

export type TaskFactory = (ctx: AppContext) => TaskList;

export const UNLOCK_DEAD_WORKERS = 'unlock_dead_workers';

/** The platform's own task: give the jobs of dead worker pools back to the living (heartbeat.ts). */
const platformTasks: TaskFactory = (ctx) => ({
  [UNLOCK_DEAD_WORKERS]: async () => {
    const dead = await unlockDeadWorkers(ctx.db);
    if (dead.length) ctx.log.warn({ workers: dead }, 'unlocked the jobs of worker pools whose heartbeat stopped');
  },
});

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
