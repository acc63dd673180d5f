/**
 * Once per test run: a real PostgreSQL (DATABASE_URL's server, else embedded PostgreSQL 18 in a
 * throw-away directory), and a template database with every migration applied. Each integration
 * test file clones the template (fast, isolated) — see db.ts.
 */
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { freePort, startEmbeddedPostgres, type EmbeddedPg } from '../../src/platform/db/embedded.js';
import { migrate } from '../../src/platform/db/migrate.js';

export const TEMPLATE_DB = `rxbridge_template_${process.pid}`;

declare module 'vitest' {
  export interface ProvidedContext {
    pgServerUrl: string;
    templateDb: string;
  }
}

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let embedded: EmbeddedPg | undefined;
  let dir: string | undefined;
  let serverUrl: string;
  if (process.env.DATABASE_URL) {
    serverUrl = withDatabase(process.env.DATABASE_URL, 'postgres');
  } else {
    dir = await mkdtemp(path.join(os.tmpdir(), 'rxbridge-test-pg-'));
    // When running as root the server runs as the `postgres` user, which must reach the data dir.
    await chmod(dir, 0o755);
    const port = await freePort();
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port });
    serverUrl = embedded.url('postgres');
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DB}`);
  await admin.query(`create database ${TEMPLATE_DB}`);
  await admin.end();
  const pool = new pg.Pool({ connectionString: withDatabase(serverUrl, TEMPLATE_DB), max: 2 });
  // Idle and checked-out clients alike (graphile-worker's migration checks for both handlers).
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  await migrate(pool);
  await pool.end();

  project.provide('pgServerUrl', serverUrl);
  project.provide('templateDb', TEMPLATE_DB);

  return async () => {
    if (embedded) {
      await embedded.stop();
      if (dir) await rm(dir, { recursive: true, force: true });
    } else {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
      await c.end();
    }
  };
}
