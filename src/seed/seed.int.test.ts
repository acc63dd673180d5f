/**
 * Seeding applies each step once and leaves the planner statistics of a loaded database behind
 * (the list's prepared statement keeps a generic plan only with them; platform/db/prepared.ts).
 */
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { useTestDatabase } from '../../test/helpers/db.js';
import { seedDemoData } from './seed.js';

const t = useTestDatabase();

const analyzedAt = async (table: string) =>
  (await sql<{ at: Date | null }>`select last_analyze as at from pg_stat_user_tables where relname = ${table}`.execute(t.ctx.db)).rows[0]?.at ?? null;

describe('seedDemoData', () => {
  it('applies every step once, then nothing', async () => {
    const first = await seedDemoData(t.ctx.db, t.ctx.clock.today());
    expect(first).toEqual(expect.arrayContaining(['identity', 'medications', 'messaging', 'medications-40-prescriptions']));
    expect(await seedDemoData(t.ctx.db, t.ctx.clock.today())).toEqual([]);
  });

  it('gathers planner statistics when it loaded something', async () => {
    const at = await analyzedAt('prescriptions');
    expect(at).not.toBeNull();
    const stats = await sql<{ n: number }>`select count(*)::int as n from pg_stats where tablename = 'prescriptions' and attname = 'patient_id'`.execute(
      t.ctx.db,
    );
    expect(stats.rows[0]!.n).toBe(1);
  });
});
