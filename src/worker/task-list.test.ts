/** One definition per job: every job has exactly one task, every task a definition, every key is distinct. */
import { parseCrontab } from 'graphile-worker';
import { describe, expect, it } from 'vitest';
import type { AppContext } from '../platform/context.js';
import { MAINTENANCE_PRIORITY } from '../platform/jobs/cron.js';
import { buildTaskList, CRONTAB, JOBS } from './task-list.js';

describe('job registry', () => {
  it('lists each job once, and the task list has exactly those identifiers', () => {
    const ids = JOBS.map((j) => j.identifier);
    expect(new Set(ids).size).toBe(ids.length);
    expect(Object.keys(buildTaskList({} as AppContext)).sort()).toEqual([...ids].sort());
  });

  it('every cron line runs a defined maintenance job, with the key and priority of its definition', () => {
    for (const item of parseCrontab(CRONTAB.join('\n'))) {
      const job = JOBS.find((j) => j.identifier === item.task);
      expect(job, item.task).toBeDefined();
      expect(job!.priority).toBe(MAINTENANCE_PRIORITY);
      expect(item.options.jobKey).toBe(job!.key!(undefined as never));
    }
  });

  it('every job has a positive attempt limit and a snake_case identifier', () => {
    for (const j of JOBS) {
      expect(j.identifier).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(j.maxAttempts).toBeGreaterThan(0);
    }
  });
});
