import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { useTestDatabase } from '../../../test/helpers/db.js';
import { addJob } from '../jobs/add-job.js';
import { listMigrationFiles, migrate } from './migrate.js';

const t = useTestDatabase();

describe('migrations', () => {
  it('applied every numbered file to the template, and re-running applies nothing', async () => {
    const files = await listMigrationFiles();
    const rows = await t.ctx.db
      .selectFrom('schema_migrations' as any)
      .select('name')
      .execute();
    expect(rows.map((r: any) => r.name).sort()).toEqual(files);
    expect(await migrate(t.ctx.pool)).toEqual([]);
  });

  it('numbers migrations uniquely', async () => {
    const numbers = (await listMigrationFiles()).map((f) => f.slice(0, 4));
    expect(new Set(numbers).size).toBe(numbers.length);
  });
});

describe('addJob', () => {
  const countJobs = async (identifier: string) =>
    Number((await sql<{ n: number }>`select count(*)::int as n from graphile_worker.jobs where task_identifier = ${identifier}`.execute(t.ctx.db)).rows[0]!.n);

  it('enqueues inside the caller’s transaction: rolled back data leaves no job', async () => {
    await t.ctx.db.transaction().execute(async (tx) => addJob(tx, 'probe_commit', { a: 1 }));
    await expect(
      t.ctx.db.transaction().execute(async (tx) => {
        await addJob(tx, 'probe_rollback', { a: 1 });
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await countJobs('probe_commit')).toBe(1);
    expect(await countJobs('probe_rollback')).toBe(0);
  });

  it('merges jobs that share a job key (debounce)', async () => {
    await addJob(t.ctx.db, 'probe_key', { n: 1 }, { jobKey: 'k1', runAt: new Date(Date.now() + 60_000) });
    await addJob(t.ctx.db, 'probe_key', { n: 2 }, { jobKey: 'k1', runAt: new Date(Date.now() + 120_000) });
    expect(await countJobs('probe_key')).toBe(1);
  });
});
