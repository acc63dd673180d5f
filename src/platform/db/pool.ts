/**
 * One pg Pool per process, shared by Kysely (queries) and graphile-worker (jobs), so a
 * domain write and the job it enqueues can share a transaction.
 */
import pg from 'pg';
import { Kysely, PostgresDialect, type KyselyConfig, type Transaction } from 'kysely';
import type { Database } from './database.js';
import { preparingPool } from './prepared.js';
import { CallbackFormClient } from './callback-form-client.js';

// Return DATE columns as 'YYYY-MM-DD' strings: a prescription's expiration date is a calendar
// date, and turning it into a JS Date at local midnight shifts it across time zones.
pg.types.setTypeParser(1082, (v) => v);
// BIGINT counts fit comfortably in a JS number for our volumes.
pg.types.setTypeParser(20, (v) => Number(v));

export type Db = Kysely<Database>;
export type Tx = Transaction<Database>;

/** Connections above the pool's minimum close after this long idle (pg's default, 10 s, churned them between bursts). */
const IDLE_TIMEOUT_MS = 60_000;

/** `min`: connections kept open when idle (open them at start with warmPool). */
export function createPool(connectionString: string, max = 10, onError?: (err: Error) => void, min = 0): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    min: Math.min(min, max),
    idleTimeoutMillis: IDLE_TIMEOUT_MS,
    application_name: 'rxbridge',
    // pg's promise-form query kept rows alive across young GCs (callback-form-client.ts).
    Client: CallbackFormClient,
  });
  // An idle client can error when the server restarts; without a handler that would crash the process.
  const handle = onError ?? (() => undefined);
  pool.on('error', handle);
  // Errors on checked-out clients (e.g. a LISTEN connection held by the worker) too.
  pool.on('connect', (client) => client.on('error', handle));
  return pool;
}

/**
 * Opens the pool's minimum of connections now, so the first burst of requests does not wait for
 * PostgreSQL to start backends (the pool would otherwise open one per concurrent request).
 */
export async function warmPool(pool: pg.Pool): Promise<void> {
  const clients = await Promise.all(Array.from({ length: pool.options.min ?? 0 }, () => pool.connect()));
  for (const c of clients) c.release();
}

/** `log`: Kysely's query log hook (benches count statements with it). */
export function createDb(pool: pg.Pool, log?: KyselyConfig['log']): Db {
  // Statements marked with prepared() (prepared.ts) go out as named prepared statements.
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }), ...(log ? { log } : {}) });
}
