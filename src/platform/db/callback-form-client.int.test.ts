/**
 * The pool's client (callback-form-client.ts) keeps pg's contract for every call shape: the promise
 * form resolves with the result and rejects with PostgreSQL's error (code, and a stack that leads
 * back to the caller); the callback form and submittable queries go to pg unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { useTestDatabase } from '../../../test/helpers/db.js';
import { createPool } from './pool.js';
import { CallbackFormClient } from './callback-form-client.js';

const t = useTestDatabase();
let pool: pg.Pool;
let client: pg.PoolClient;
beforeAll(async () => {
  pool = createPool(t.url, 1);
  client = await pool.connect();
});
afterAll(async () => {
  client.release();
  await pool.end();
});

describe('CallbackFormClient', () => {
  it('is the client the pool hands out', () => {
    expect(client).toBeInstanceOf(CallbackFormClient);
  });

  it('promise form: text and values, a config object, a named statement', async () => {
    expect((await client.query<{ n: number }>('select $1::int as n', [5])).rows).toEqual([{ n: 5 }]);
    expect((await client.query<{ s: string }>({ text: 'select $1::text as s', values: ['a'] })).rows).toEqual([{ s: 'a' }]);
    for (const v of [1, 2]) {
      const r = await client.query<{ n: number }>({ name: 'cbf_named', text: 'select $1::int + 1 as n', values: [v] });
      expect(r.rows).toEqual([{ n: v + 1 }]);
    }
    const prepared = await client.query<{ name: string }>("select name from pg_prepared_statements where name = 'cbf_named'");
    expect(prepared.rows).toHaveLength(1);
  });

  it('promise form rejects with the DatabaseError, its code, and a stack leading back to the caller', async () => {
    const err: unknown = await client.query('select $1::int', ['not a number']).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(pg.DatabaseError);
    expect((err as pg.DatabaseError).code).toBe('22P02');
    expect((err as Error).stack).toContain('callback-form-client.int.test.ts');
    expect((await client.query<{ ok: number }>('select 1 as ok')).rows).toEqual([{ ok: 1 }]); // connection still usable
  });

  it('callback form and submittable queries go to pg as they are', async () => {
    const viaCallback = await new Promise<pg.QueryResult>((resolve, reject) => {
      client.query('select 7 as n', (err: Error | undefined, r: pg.QueryResult) => (err ? reject(err) : resolve(r)));
    });
    expect(viaCallback.rows).toEqual([{ n: 7 }]);

    const submittable = new pg.Query('select generate_series(1, 3) as n');
    const returned = client.query(submittable);
    expect(returned).toBe(submittable);
    const rows: unknown[] = [];
    submittable.on('row', (row: unknown) => rows.push(row));
    await new Promise((resolve, reject) => {
      submittable.on('end', resolve);
      submittable.on('error', reject);
    });
    expect(rows).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
  });
});
