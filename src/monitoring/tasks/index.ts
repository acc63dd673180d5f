/**
 * Monitoring's graphile-worker tasks (cron):
 *  - rollout guard every 5 minutes: judge the treatment arm, pause/roll back, notify;
 *  - partition maintenance daily: make sure this month and the next two have partitions.
 */
import type { TaskList } from 'graphile-worker';
import { sql } from 'kysely';
import type { AppContext } from '../../platform/context.js';
import { z } from 'zod';
import { maintenanceCron } from '../../platform/jobs/cron.js';
import { defineCronJob } from '../../platform/jobs/job-definition.js';
import { runRolloutGuard } from '../rollout/rollout.service.js';

export const rolloutGuardJob = defineCronJob('monitoring_rollout_guard', z.unknown());
export const eventPartitionsJob = defineCronJob('monitoring_event_partitions', z.unknown());
export const ROLLOUT_GUARD = rolloutGuardJob.identifier;
export const EVENT_PARTITIONS = eventPartitionsJob.identifier;

/** Every monitoring job definition (listed by src/worker/task-list.ts). */
export const monitoringJobs = [rolloutGuardJob, eventPartitionsJob];

export async function ensureEventPartitions(ctx: AppContext, months = 3): Promise<number> {
  const month = ctx.clock.today().slice(0, 8) + '01';
  const { rows } = await sql<{ created: number }>`select monitoring_ensure_partitions(${month}::date, ${months}) as created`.execute(ctx.db);
  return rows[0]?.created ?? 0;
}

export function monitoringTasks(ctx: AppContext): TaskList {
  return {
    [ROLLOUT_GUARD]: async () => {
      const run = await runRolloutGuard(ctx);
      if (run.decision && run.decision.action !== 'none') ctx.log.warn({ action: run.decision.action, percent: run.percent }, 'rollout guard acted');
    },
    [EVENT_PARTITIONS]: async () => {
      const created = await ensureEventPartitions(ctx);
      if (created > 0) ctx.log.info({ created }, 'monitoring event partitions created');
    },
  };
}

/** graphile-worker crontab lines. */
export const monitoringCrontab = [maintenanceCron('*/5 * * * *', ROLLOUT_GUARD), maintenanceCron('15 3 * * *', EVENT_PARTITIONS)];
