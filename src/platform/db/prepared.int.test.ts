/**
 * Statements marked with prepared() run as named prepared statements on the pooled connection
 * (visible in pg_prepared_statements), answer as the unmarked statement does, and work inside a
 * transaction; unmarked statements stay unnamed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { useTestDatabase } from '../../../test/helpers/db.js';
import { createDb, createPool, type Db } from './pool.js';
import { prepared, preparedName } from './prepared.js';
import type pg from 'pg';

const t = useTestDatabase();
let pool: pg.Pool;
let db: Db;
beforeAll(() => {
  // One connection, so every statement below runs in the backend the checks look at.
  pool = createPool(t.url, 1);
  db = createDb(pool);
});
afterAll(async () => {
  await db.destroy();
});

const byKey = (key: string) => db.selectFrom('feature_flags').select(['key', 'percent', 'state']).where('key', '=', key);
const preparedHere = async () =>
  (
    await sql<{
      name: string;
      generic_plans: number;
      custom_plans: number;
    }>`select name, generic_plans::int, custom_plans::int from pg_prepared_statements`.execute(db)
  ).rows;

describe('prepared statements through Kysely', () => {
  it('runs a marked statement named, with the same rows as unmarked', async () => {
    await db.insertInto('feature_flags').values({ key: 'prep_test', percent: 25, state: 'active', updated_by: 'test' }).execute();
    const plain = await byKey('prep_test').execute();
    const q = prepared('flag_by_key', byKey('prep_test'));
    const named = (await db.executeQuery(q)).rows;
    expect(named).toEqual(plain);
    expect(named).toHaveLength(1);
    const statements = await preparedHere();
    expect(statements.map((s) => s.name)).toEqual([preparedName(q.sql)]);
  });

  it('reuses the statement for other values (no second PREPARE), and PostgreSQL counts every run', async () => {
    for (let i = 0; i < 7; i++) await db.executeQuery(prepared('flag_by_key', byKey(i % 2 ? 'prep_test' : 'absent')));
    const [s, ...others] = await preparedHere();
    expect(others).toEqual([]);
    expect(s!.generic_plans + s!.custom_plans).toBe(8);
  });

  it('works inside a transaction and sees its uncommitted rows', async () => {
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('feature_flags').values({ key: 'prep_tx', percent: 5, state: 'active', updated_by: 'test' }).execute();
      const rows = (
        await tx.executeQuery(prepared('flag_by_key', tx.selectFrom('feature_flags').select(['key', 'percent', 'state']).where('key', '=', 'prep_tx')))
      ).rows;
      expect(rows.map((r) => [r.key, Number(r.percent), r.state])).toEqual([['prep_tx', 5, 'active']]);
    });
  });

  it('an unmarked statement that fails rejects with PostgreSQL’s error and its code (callers map 23505)', async () => {
    const dup = db.insertInto('feature_flags').values({ key: 'prep_test', percent: 1, state: 'active', updated_by: 'test' });
    const err: unknown = await dup.execute().then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect((err as { code?: string }).code).toBe('23505');
    expect((err as { constraint?: string }).constraint).toMatch(/feature_flags/);
  });

  it('a failing prepared statement leaves the connection usable', async () => {
    const bad = prepared('bad_cast', db.selectFrom('feature_flags').select(sql<number>`${'not a number'}::int`.as('n')));
    await expect(db.executeQuery(bad)).rejects.toThrow(/invalid input syntax/);
    expect((await byKey('prep_test').execute()).length).toBe(1);
  });
});
