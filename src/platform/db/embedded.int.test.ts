import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freePort, startEmbeddedPostgres } from './embedded.js';

describe('embedded PostgreSQL', () => {
  // As root the server runs as the `postgres` user: a checkout under `mktemp -d` (mode 0700) used to
  // stop initdb with EACCES. Only meaningful as root (CI runs so); skipped otherwise.
  it.skipIf(process.getuid?.() !== 0)('starts from a data directory inside a 0700 directory owned by root', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'rxbridge-embedded-'));
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    const server = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort() });
    try {
      const client = new pg.Client({ connectionString: server.url('postgres') });
      await client.connect();
      expect((await client.query<{ one: number }>('select 1 as one')).rows[0]!.one).toBe(1);
      await client.end();
      // Traverse for others only: not readable or listable.
      expect((await stat(dir)).mode & 0o777).toBe(0o701);
    } finally {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
