/** Jobs enqueued through a definition carry its key, attempts and priority, timed by the database clock. */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { useTestDatabase } from '../../../test/helpers/db.js';
import { defineJob } from './job-definition.js';

const t = useTestDatabase();
const probe = defineJob({ identifier: 'probe_definition', payload: z.object({ id: z.string() }), key: (p) => `probe:${p.id}`, maxAttempts: 7, priority: 3 });

const jobs = async () =>
  (
    await sql<{ key: string; max_attempts: number; priority: number; delay: number }>`
    select key, max_attempts, priority, extract(epoch from run_at - now())::float8 as delay from graphile_worker.jobs where task_identifier = 'probe_definition' order by key`.execute(
      t.ctx.db,
    )
  ).rows;

describe('defineJob', () => {
  it('enqueues with the definition’s key, attempts and priority; the same key is one job (debounce moves it)', async () => {
    await probe.enqueue(t.ctx.db, { id: 'a' }, { delaySeconds: 60 });
    await probe.enqueue(t.ctx.db, { id: 'a' }, { delaySeconds: 600 });
    await probe.enqueueMany(t.ctx.db, [{ id: 'b' }]);
    const rows = await jobs();
    expect(rows.map((r) => [r.key, r.max_attempts, r.priority])).toEqual([
      ['probe:a', 7, 3],
      ['probe:b', 7, 3],
    ]);
    expect(rows[0]!.delay).toBeGreaterThan(500);
  });

  it('preserveRunAt keeps the earlier run time (throttle), and remove deletes the keyed job', async () => {
    await probe.enqueue(t.ctx.db, { id: 'a' }, { delaySeconds: 5, preserveRunAt: true });
    expect((await jobs())[0]!.delay).toBeGreaterThan(500);
    await probe.remove(t.ctx.db, { id: 'a' });
    expect((await jobs()).map((r) => r.key)).toEqual(['probe:b']);
  });

  it('the task validates the payload before running the handler', async () => {
    const seen: string[] = [];
    const task = probe.task(async (p, attempt) => void seen.push(`${p.id}:${attempt}`));
    await task({ id: 'x' }, { job: { attempts: 2 } } as never);
    await expect(task({ nope: 1 }, { job: { attempts: 1 } } as never)).rejects.toThrow();
    expect(seen).toEqual(['x:2']);
  });
});
