/**
 * graphile-worker runner sharing the application's pg Pool.
 */
import { run, Logger as GraphileLogger, type Runner } from 'graphile-worker';
import type { AppContext } from '../context.js';
import { buildTaskList, CRONTAB } from './task-list.js';

export async function startWorker(ctx: AppContext, crontab = CRONTAB.join('\n')): Promise<Runner> {
  const log = ctx.log.child({ component: 'worker' });
  const logger = new GraphileLogger((scope) => (level, message, meta) => {
    const fields = { jobId: scope.jobId, task: scope.taskIdentifier, workerId: scope.workerId, ...meta };
    if (level === 'error') log.error(fields, message);
    else if (level === 'warning') log.warn(fields, message);
    else log.debug(fields, message);
  });
  return run({
    pgPool: ctx.pool,
    taskList: buildTaskList(ctx),
    concurrency: ctx.config.WORKER_CONCURRENCY,
    noHandleSignals: true,
    pollInterval: 1000,
    crontab,
    logger,
  });
}
