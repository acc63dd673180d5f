/**
 * Dead worker pools: their locked jobs are unlocked once their heartbeat is stale; live pools'
 * jobs and recently locked jobs are left alone. A running worker beats; a stopped one removes its row.
 * (That the heartbeat id is the id graphile-worker locks jobs with is shown with a real SIGKILLed
 * worker process in src/tracking/worker-crash.int.test.ts.)
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/helpers/db.js';
import { addJob } from './add-job.js';
import { beat, unlockDeadWorkers } from './heartbeat.js';
import { startWorker } from '../../worker/runner.js';

const t = useTestDatabase();

/** Add a job and mark it locked by `pool` `secondsAgo` seconds ago, as a running worker would. */
async function lockedJob(key: string, pool: string, secondsAgo: number): Promise<void> {
  await addJob(t.ctx.db, 'probe_locked', {}, { jobKey: key });
  await sql`update graphile_worker._private_jobs set locked_by = ${pool}, locked_at = now() - make_interval(secs => ${secondsAgo}) where key = ${key}`.execute(
    t.ctx.db,
  );
}
const lockOf = async (key: string) =>
  (await sql<{ locked_by: string | null }>`select locked_by from graphile_worker.jobs where key = ${key}`.execute(t.ctx.db)).rows[0]?.locked_by;

describe('unlockDeadWorkers', () => {
  it.each([
    { label: 'no heartbeat at all, locked 2 min ago', pool: 'pool-dead-a', beatSecondsAgo: null, lockedSecondsAgo: 120, unlocked: true },
    { label: 'heartbeat 2 min old, locked 2 min ago', pool: 'pool-dead-b', beatSecondsAgo: 120, lockedSecondsAgo: 120, unlocked: true },
    { label: 'fresh heartbeat, locked 2 min ago (a long job)', pool: 'pool-alive', beatSecondsAgo: 0, lockedSecondsAgo: 120, unlocked: false },
    { label: 'no heartbeat yet, locked 5 s ago (a pool just started)', pool: 'pool-new', beatSecondsAgo: null, lockedSecondsAgo: 5, unlocked: false },
  ])('$label → unlocked: $unlocked', async ({ pool, beatSecondsAgo, lockedSecondsAgo, unlocked }) => {
    const key = `hb-${pool}`;
    await lockedJob(key, pool, lockedSecondsAgo);
    if (beatSecondsAgo !== null) {
      await beat(t.ctx.db, pool);
      await sql`update job_worker_heartbeats set seen_at = now() - make_interval(secs => ${beatSecondsAgo}) where worker_id = ${pool}`.execute(t.ctx.db);
    }
    const dead = await unlockDeadWorkers(t.ctx.db, 60);
    expect(dead.includes(pool)).toBe(unlocked);
    expect(await lockOf(key)).toBe(unlocked ? null : pool);
    // Idempotent: a second sweep finds nothing more for this pool.
    expect((await unlockDeadWorkers(t.ctx.db, 60)).includes(pool)).toBe(false);
  });
});

describe('worker heartbeat', () => {
  it('a running worker keeps a heartbeat row under its pool id; stopping removes it', async () => {
    const rows = () =>
      t.ctx.db
        .selectFrom('job_worker_heartbeats' as never)
        .select(['worker_id' as never])
        .execute() as Promise<Array<{ worker_id: string }>>;
    const before = (await rows()).map((r) => r.worker_id);
    const worker = await startWorker(t.ctx, '');
    try {
      let mine: string[] = [];
      for (let i = 0; i < 50 && mine.length === 0; i++) {
        mine = (await rows()).map((r) => r.worker_id).filter((id) => !before.includes(id));
        if (mine.length === 0) await new Promise((r) => setTimeout(r, 100));
      }
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatch(/^pool-/);
    } finally {
      await worker.stop();
    }
    expect((await rows()).map((r) => r.worker_id)).toEqual(before);
  });
});
