/**
 * The server's pool opens its minimum of connections at start and keeps them when idle, so a burst
 * of requests does not wait for PostgreSQL to start backends.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { useTestDatabase } from '../../../test/helpers/db.js';
import { createPool, warmPool } from './pool.js';

const t = useTestDatabase();
let pool: pg.Pool | undefined;
afterEach(async () => {
  await pool?.end();
  pool = undefined;
});

const backends = async () =>
  (
    await t.ctx.pool.query<{ n: number }>(
      `select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = 'rxbridge' and pid <> pg_backend_pid()`,
    )
  ).rows[0]!.n;

describe('createPool + warmPool', () => {
  it('opens the minimum at once, as idle connections PostgreSQL already has backends for', async () => {
    const before = await backends();
    pool = createPool(t.url, 8, undefined, 3);
    expect(pool.totalCount).toBe(0);
    await warmPool(pool);
    expect(pool.totalCount).toBe(3);
    expect(pool.idleCount).toBe(3);
    expect((await backends()) - before).toBe(3);
  });

  it('never holds more than the maximum, even when the minimum asks for more', async () => {
    pool = createPool(t.url, 2, undefined, 5);
    await warmPool(pool);
    expect(pool.totalCount).toBe(2);
    await Promise.all(Array.from({ length: 6 }, () => pool!.query('select pg_sleep(0.01)')));
    expect(pool.totalCount).toBe(2);
  });

  it('without a minimum nothing is opened before the first query', async () => {
    pool = createPool(t.url, 4);
    await warmPool(pool);
    expect(pool.totalCount).toBe(0);
    await pool.query('select 1');
    expect(pool.totalCount).toBe(1);
  });
});
