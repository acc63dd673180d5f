/**
 * Database access for CLI commands: DATABASE_URL when set; otherwise the embedded cluster under
 * DATA_DIR — reused if `npm start` is already running it, started (and stopped afterwards) if not.
 * Migrations are applied either way, so a command never runs against an older schema.
 */
import path from 'node:path';
import pg from 'pg';
import type { Config } from '../config.js';
import { embeddedUrl, ensureDatabase, startEmbeddedPostgres, type EmbeddedPg } from '../db/embedded.js';
import { migrate } from '../db/migrate.js';
import { createPool } from '../db/pool.js';

export interface CliDatabase {
  url: string;
  close(): Promise<void>;
}

async function reachable(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

export async function openCliDatabase(config: Config): Promise<CliDatabase> {
  let embedded: EmbeddedPg | undefined;
  let url = config.DATABASE_URL;
  if (!url) {
    const probe = embeddedUrl(config.EMBEDDED_PG_PORT, 'postgres');
    if (!(await reachable(probe))) {
      embedded = await startEmbeddedPostgres({ dataDir: path.resolve(config.DATA_DIR, 'pg'), port: config.EMBEDDED_PG_PORT });
    }
    await ensureDatabase(probe, 'rxbridge');
    url = embeddedUrl(config.EMBEDDED_PG_PORT, 'rxbridge');
  }
  const pool = createPool(url, 2);
  await migrate(pool);
  await pool.end();
  return { url, close: async () => void (await embedded?.stop()) };
}
