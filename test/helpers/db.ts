/**
 * Per-test-file database cloned from the migrated template. Call `useTestDatabase()` at the top of
 * an *.int.test.ts file; it creates the clone before all tests and drops it after.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { loadTestConfig, type Config } from '../../src/platform/config.js';
import { fixedClock, type AppContext, type Clock } from '../../src/platform/context.js';
import { createDb, createPool } from '../../src/platform/db/pool.js';
import { createLogger } from '../../src/platform/logging/logger.js';
import { RecordingActivityLog, RecordingEmailSender } from './fakes.js';

export const REFERENCE_TIME = '2026-06-15T15:00:00.000Z';

export function databaseUrl(database: string): string {
  const u = new URL(inject('pgServerUrl'));
  u.pathname = `/${database}`;
  return u.toString();
}

export async function createTestDatabase(): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `rxb_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: inject('pgServerUrl') });
  await admin.connect();
  await admin.query(`create database ${name} template ${inject('templateDb')}`);
  await admin.end();
  return {
    name,
    url: databaseUrl(name),
    drop: async () => {
      const c = new pg.Client({ connectionString: inject('pgServerUrl') });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestDatabase {
  /** Filled in by beforeAll. */
  ctx: AppContext;
  url: string;
}

/**
 * Registers beforeAll/afterAll hooks that create a cloned database and an AppContext on it.
 * The clock is frozen at REFERENCE_TIME unless `clock` is given.
 */
export function useTestDatabase(opts: { clock?: Clock; config?: Partial<Record<keyof Config, string>> } = {}): TestDatabase {
  const holder = {} as TestDatabase;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const db = await createTestDatabase();
    drop = db.drop;
    const pool = createPool(db.url, 5);
    holder.url = db.url;
    holder.ctx = {
      config: loadTestConfig(opts.config),
      pool,
      db: createDb(pool),
      log: createLogger({ level: 'silent' }),
      clock: opts.clock ?? fixedClock(REFERENCE_TIME),
      notify: new RecordingEmailSender(),
      aal: new RecordingActivityLog(),
    };
  });
  afterAll(async () => {
    await holder.ctx?.db.destroy();
    await drop?.();
  });
  return holder;
}
