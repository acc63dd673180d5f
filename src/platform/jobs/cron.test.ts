/**
 * Every crontab line parses with graphile-worker's own parser, and every recurring task runs ahead
 * of the backlog with at most one pending job.
 */
import { parseCrontab } from 'graphile-worker';
import { describe, expect, it } from 'vitest';
import { MAINTENANCE_PRIORITY, maintenanceCron } from './cron.js';
import { CRONTAB } from '../../worker/task-list.js';

describe('crontab', () => {
  it('maintenanceCron gives priority and a preserve_run_at job key per task', () => {
    const [item] = parseCrontab(maintenanceCron('*/5 * * * *', 'probe_task'));
    expect(item).toMatchObject({ task: 'probe_task', options: { priority: MAINTENANCE_PRIORITY, jobKey: 'cron:probe_task', jobKeyMode: 'preserve_run_at' } });
    expect(MAINTENANCE_PRIORITY).toBeLessThan(0); // graphile-worker runs smaller numbers first; jobs default to 0
  });

  it('every line of the crontab parses and is a maintenance line with its own key', () => {
    const items = parseCrontab(CRONTAB.join('\n'));
    expect(items.map((i) => i.task).sort()).toEqual(
      ['monitoring_event_partitions', 'monitoring_rollout_guard', 'tracking_sweep', 'unlock_dead_workers'].sort(),
    );
    for (const i of items) expect(i.options).toMatchObject({ priority: MAINTENANCE_PRIORITY, jobKey: `cron:${i.task}`, jobKeyMode: 'preserve_run_at' });
  });
});
