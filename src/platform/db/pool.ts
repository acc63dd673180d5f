/**
 * One pg Pool per process, shared by Kysely (queries) and graphile-worker (jobs), so a
 * domain write and the job it enqueues can share a transaction.
 */
import pg from 'pg';
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import type { Database } from './database.js';

// Return DATE columns as 'YYYY-MM-DD' strings: a prescription's expiration date is a calendar
// date, and turning it into a JS Date at local midnight shifts it across time zones.
pg.types.setTypeParser(1082, (v) => v);
// BIGINT counts fit comfortably in a JS number for our volumes.
pg.types.setTypeParser(20, (v) => Number(v));

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

export function createPool(connectionString: string, max = 10, onError?: (err: Error) => void): pg.Pool {
  const pool = new pg.Pool({ connectionString, max, application_name: 'rxbridge' });
  // An idle client can error when the server restarts; without a handler that would crash the process.
  const handle = onError ?? (() => undefined);
  pool.on('error', handle);
  // Errors on checked-out clients (e.g. a LISTEN connection held by the worker) too.
  pool.on('connect', (client) => client.on('error', handle));
  return pool;
}

export function createDb(pool: pg.Pool): Db {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}
