/**
 * Forward-only numbered SQL migrations (migrations/NNNN_name.sql).
 *
 * Each file runs once, in its own transaction, under an advisory lock so two processes starting
 * together cannot both apply it. Applied names are recorded in `schema_migrations`; a file
 * renamed or edited after it ran is not re-run (write a new migration instead).
 * graphile-worker's own schema is migrated here too, so a template database is complete.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { Logger as GraphileLogger, runMigrations as runWorkerMigrations } from 'graphile-worker';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../migrations');

const LOCK_ID = 724_1001; // arbitrary, stable: "rxbridge migrations"

export async function listMigrationFiles(dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f));
  return files.sort();
}

/** Apply pending migrations; returns the names applied in this call. */
export async function migrate(pool: pg.Pool, dir = MIGRATIONS_DIR): Promise<string[]> {
  const client = await pool.connect();
  const applied: string[] = [];
  try {
    await client.query('select pg_advisory_lock($1)', [LOCK_ID]);
    await client.query(`create table if not exists schema_migrations (
      name text primary key, applied_at timestamptz not null default now())`);
    const done = new Set((await client.query<{ name: string }>('select name from schema_migrations')).rows.map((r) => r.name));
    for (const file of await listMigrationFiles(dir)) {
      if (done.has(file)) continue;
      const sql = await readFile(path.join(dir, file), 'utf8');
      try {
        await client.query('begin');
        await client.query(sql);
        await client.query('insert into schema_migrations (name) values ($1)', [file]);
        await client.query('commit');
        applied.push(file);
      } catch (err) {
        await client.query('rollback');
        throw new Error(`Migration ${file} failed: ${(err as Error).message}`, { cause: err });
      }
    }
  } finally {
    await client.query('select pg_advisory_unlock($1)', [LOCK_ID]).catch(() => undefined);
    client.release();
  }
  await runWorkerMigrations({ pgPool: pool, logger: quietWorkerLogger });
  return applied;
}

const quietWorkerLogger = new GraphileLogger(() => () => undefined);
