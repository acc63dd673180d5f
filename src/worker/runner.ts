/**
 * graphile-worker runner sharing the application's pg Pool. Each runner (pool) keeps a heartbeat
 * row while it runs, so the jobs of a pool that dies can be unlocked (heartbeat.ts).
 */
import { EventEmitter } from 'node:events';
import { run, Logger as GraphileLogger, type Runner, type WorkerEvents } from 'graphile-worker';
import type { AppContext } from '../platform/context.js';
import { startHeartbeat } from '../platform/jobs/heartbeat.js';
import { buildTaskList, CRONTAB } from './task-list.js';

export async function startWorker(ctx: AppContext, crontab = CRONTAB.join('\n')): Promise<Runner> {
  const log = ctx.log.child({ component: 'worker' });
  const logger = new GraphileLogger((scope) => (level, message, meta) => {
    const fields = { jobId: scope.jobId, task: scope.taskIdentifier, workerId: scope.workerId, ...meta };
    // LogLevel is an ambient const enum (isolatedModules cannot read LogLevel.ERROR); its values are these strings.
    const name: string = level;
    if (name === 'error') log.error(fields, message);
    else if (name === 'warning') log.warn(fields, message);
    else log.debug(fields, message);
  });
  // The pool id (what graphile-worker writes to jobs.locked_by) is only announced by this event,
  // emitted while run() starts, so the emitter must be ours and listened to beforehand.
  const events = new EventEmitter() as WorkerEvents;
  const heartbeats: Array<ReturnType<typeof startHeartbeat>> = [];
  events.on('pool:create', ({ workerPool }) => {
    heartbeats.push(startHeartbeat(ctx.db, workerPool.id, (err) => log.warn({ err }, 'worker heartbeat failed')));
  });
  const runner = await run({
    pgPool: ctx.pool,
    taskList: buildTaskList(ctx),
    concurrency: ctx.config.WORKER_CONCURRENCY,
    noHandleSignals: true,
    pollInterval: 1000,
    // Batching (bench:pipeline): the pool fetches and locks up to `concurrency` due jobs in one query
    // and completes finished jobs together, instead of one get_job and one complete_job round trip
    // per job. Locked jobs carry the pool id like running ones, so a dead pool's batch is unlocked
    // by the heartbeat sweep (heartbeat.ts) the same way.
    preset: { worker: { localQueue: { size: ctx.config.WORKER_CONCURRENCY }, completeJobBatchDelay: 10, failJobBatchDelay: 10 } },
    crontab,
    logger,
    events,
  });
  return {
    ...runner,
    async stop(reason?: string) {
      await runner.stop(reason);
      await Promise.all(heartbeats.map((h) => h.stop()));
    },
  };
}
